package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.LinkTracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/**
 * Makes a rendered email ready to leave: every link of the author's becomes a signed click address (its target kept
 * in the message's link list), the open pixel is added, and every body carries a visible unsubscribe link and the
 * sender's postal address.
 */
public final class MessageBodies {

    /** The finished bodies and the author's links, in the order the click tokens number them. */
    public record Prepared(String html, String text, List<String> links) {}

    // The HTML comes out of the content library's jsoup cleaner, which writes every attribute double-quoted and
    // entity-escaped, so an href can be found without parsing the document a second time.
    private static final Pattern HREF = Pattern.compile("(<a\\s[^>]*?href=\")([^\"]*)(\")", Pattern.CASE_INSENSITIVE);

    private MessageBodies() {}

    public static Prepared prepare(long touchId, String html, String text, Set<String> untracked, String unsubscribeUrl,
            String postalAddress, LinkTracking tracking) {
        List<String> links = new ArrayList<>();
        String trackedHtml = null;
        if (html != null) {
            Matcher m = HREF.matcher(html);
            StringBuilder out = new StringBuilder(html.length() + 512);
            while (m.find()) {
                String target = Parser.unescapeEntities(m.group(2), true);
                String replacement = m.group(2);
                if (isWeb(target) && !untracked.contains(target)) {
                    replacement = Entities.escape(tracking.clickUrl(touchId, links.size()));
                    links.add(target);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + replacement + m.group(3)));
            }
            m.appendTail(out);
            out.append(htmlFooter(unsubscribeUrl, postalAddress)).append("<img src=\"")
                    .append(Entities.escape(tracking.openPixelUrl(touchId))).append("\" width=\"1\" height=\"1\" alt=\"\">");
            trackedHtml = out.toString();
        }
        String footedText = (text == null ? "" : text.stripTrailing() + "\n\n") + textFooter(unsubscribeUrl, postalAddress);
        return new Prepared(trackedHtml, footedText, links);
    }

    private static boolean isWeb(String url) {
        String lower = url.strip().toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static String htmlFooter(String unsubscribeUrl, String postalAddress) {
        StringBuilder footer = new StringBuilder("<p style=\"font-size:12px;color:#666\">");
        if (unsubscribeUrl != null) {
            footer.append("<a href=\"").append(Entities.escape(unsubscribeUrl)).append("\">Unsubscribe</a>");
        }
        if (postalAddress != null) {
            footer.append(unsubscribeUrl == null ? "" : " · ").append(Entities.escape(postalAddress));
        }
        return footer.append("</p>").toString();
    }

    private static String textFooter(String unsubscribeUrl, String postalAddress) {
        StringBuilder footer = new StringBuilder("--\n");
        if (unsubscribeUrl != null) {
            footer.append("Unsubscribe: ").append(unsubscribeUrl).append('\n');
        }
        if (postalAddress != null) {
            footer.append(postalAddress).append('\n');
        }
        return footer.toString();
    }
}
