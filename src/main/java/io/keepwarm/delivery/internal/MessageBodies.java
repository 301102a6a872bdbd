package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.LinkTracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/**
 * Makes a rendered email ready to leave: every link of the author's becomes a signed click address (its target kept
 * in the message's link list), the open pixel is added, and every body carries a visible unsubscribe link, a link to
 * the contact's preferences and the sender's postal address.
 */
public final class MessageBodies {

    /** The finished bodies and the author's links, in the order the click tokens number them. */
    public record Prepared(String html, String text, List<String> links) {}

    /**
     * The words of the footer's links, in the language of the email they close: "Unsubscribe", "Choose what you get"
     * (as the preference centre's page says).
     */
    public record FooterWords(String unsubscribe, String preferences) {
        public static final FooterWords ENGLISH = new FooterWords("Unsubscribe", "Choose what you get");
    }

    private MessageBodies() {}

    public static Prepared prepare(long touchId, String html, String text, Set<String> untracked, String unsubscribeUrl,
            String preferencesUrl, String postalAddress, LinkTracking tracking) {
        return prepare(touchId, html, text, untracked, unsubscribeUrl, preferencesUrl, postalAddress, tracking,
                FooterWords.ENGLISH);
    }

    public static Prepared prepare(long touchId, String html, String text, Set<String> untracked, String unsubscribeUrl,
            String preferencesUrl, String postalAddress, LinkTracking tracking, FooterWords words) {
        List<String> links = new ArrayList<>();
        String trackedHtml = null;
        if (html != null) {
            StringBuilder out = new StringBuilder(html.length() + 1024);
            int copied = 0;
            // An author who placed the unsubscribe or preferences link ({{ links.unsubscribe_url }}) gets no second one
            // in the footer.
            boolean ownUnsubscribe = false;
            boolean ownPreferences = false;
            for (int[] href = href(html, 0); href != null; href = href(html, href[1] + 1)) {
                String value = html.substring(href[0], href[1]);
                String target = safe(value.indexOf('&') < 0 ? value : Parser.unescapeEntities(value, true));
                ownUnsubscribe |= target.equals(unsubscribeUrl);
                ownPreferences |= target.equals(preferencesUrl);
                if (isWeb(target) && !untracked.contains(target)) {
                    out.append(html, copied, href[0]).append(escaped(tracking.clickUrl(touchId, links.size())));
                    copied = href[1];
                    links.add(target);
                }
            }
            out.append(html, copied, html.length());
            out.append(htmlFooter(ownUnsubscribe ? null : unsubscribeUrl, ownPreferences ? null : preferencesUrl,
                    postalAddress, words)).append("<img src=\"").append(escaped(tracking.openPixelUrl(touchId)))
                    .append("\" width=\"1\" height=\"1\" alt=\"\">");
            trackedHtml = out.toString();
        }
        boolean ownUnsubscribe = text != null && unsubscribeUrl != null && text.contains(unsubscribeUrl);
        boolean ownPreferences = text != null && preferencesUrl != null && text.contains(preferencesUrl);
        String footedText = (text == null ? "" : text.stripTrailing() + "\n\n") + textFooter(
                ownUnsubscribe ? null : unsubscribeUrl, ownPreferences ? null : preferencesUrl, postalAddress, words);
        return new Prepared(trackedHtml, footedText, links);
    }

    /**
     * A message a person is waiting for (a confirmation link), with the sender's postal address as every body carries
     * it, and nothing else of {@link #prepare}: no tracking, and no unsubscribe link, as it is no marketing and puts
     * nobody on a list (it asks for consent, which only its own link grants; ignoring it is the way to say no).
     */
    public static Prepared withPostalAddress(String html, String text, String postalAddress) {
        String footedHtml = html == null ? null : html + htmlFooter(null, null, postalAddress, FooterWords.ENGLISH);
        String footedText = (text == null ? "" : text.stripTrailing() + "\n\n") + textFooter(null, null, postalAddress, FooterWords.ENGLISH);
        return new Prepared(footedHtml, footedText, List.of());
    }

    /**
     * The next link address from {@code from} on: where the value of the first {@code href="} inside an {@code <a}
     * tag starts and where its closing quote stands; null when there is none. The HTML comes out of the content
     * library's jsoup cleaner, which writes every attribute double-quoted and entity-escaped, so an href can be found
     * by reading the text once, without parsing the document again. It finds what the pattern
     * {@code (?i)<a\s[^>]*?href="([^"]*)"} finds (a property test holds it to that).
     */
    static int[] href(String html, int from) {
        int length = html.length();
        for (int open = html.indexOf('<', from); open >= 0 && open + 2 < length; open = html.indexOf('<', open + 1)) {
            char a = html.charAt(open + 1);
            if ((a != 'a' && a != 'A') || !whitespace(html.charAt(open + 2))) {
                continue;
            }
            int close = html.indexOf('>', open + 3);
            int end = close < 0 ? length : close;
            for (int name = open + 3; name + 6 <= end; name++) {
                if (html.regionMatches(true, name, "href=\"", 0, 6)) {
                    int quote = html.indexOf('"', name + 6);
                    if (quote >= 0) {
                        return new int[] {name + 6, quote};
                    }
                }
            }
        }
        return null;
    }

    /** What {@code \s} matches. */
    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Characters of a URL that HTML leaves as they are. */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (char c : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#@!$()*+,;=%".toCharArray()) {
            PLAIN[c] = true;
        }
    }

    /** A tracked address as HTML: ours are plain (a base and a token) and need no escaping, but a base may. */
    private static String escaped(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c >= 128 || !PLAIN[c]) {
                return Entities.escape(url);
            }
        }
        return url;
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * The address without the spaces around it (a browser drops them too), and with control characters inside it
     * percent-encoded: a contact's field can put a line break there, which is no valid address, and the outbox keeps
     * the links one a line, so it would shift every later link's number and send their clicks to the wrong place.
     */
    static String safe(String url) {
        String stripped = url.strip();
        StringBuilder out = null;
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (out == null) {
                    out = new StringBuilder(stripped.length() + 16).append(stripped, 0, i);
                }
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? stripped : out.toString();
    }

    private static boolean isWeb(String url) {
        String lower = url.strip().toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /** The footer paragraph's style: a size, and no colour, so it is readable in light and dark mail apps alike. */
    static final String FOOTER_STYLE = "font-size:12px";

    /** Unsubscribe, the preference centre ("Choose what you get", as its page says) and the postal address. */
    private static String htmlFooter(String unsubscribeUrl, String preferencesUrl, String postalAddress,
            FooterWords words) {
        List<String> parts = new ArrayList<>(3);
        if (unsubscribeUrl != null) {
            parts.add("<a href=\"" + escaped(unsubscribeUrl) + "\">" + Entities.escape(words.unsubscribe()) + "</a>");
        }
        if (preferencesUrl != null) {
            parts.add("<a href=\"" + escaped(preferencesUrl) + "\">" + Entities.escape(words.preferences()) + "</a>");
        }
        if (postalAddress != null) {
            // As an entity: a body of ASCII only is copied, not re-encoded, on its way to the database and to SMTP.
            parts.add(Entities.escape(postalAddress));
        }
        // No colour of its own: a fixed grey (#666) was faint on a dark-mode mail app's dark background. The mail app's
        // text colour, which its dark mode adapts, reads on both; the small size sets the footer apart.
        return "<p style=\"" + FOOTER_STYLE + "\">" + String.join(" &middot; ", parts) + "</p>";
    }

    private static String textFooter(String unsubscribeUrl, String preferencesUrl, String postalAddress,
            FooterWords words) {
        // "-- " with its space is the signature separator (RFC 3676 4.3) that mail clients recognise, fold and grey;
        // quoted-printable keeps the space at the line's end (as =20).
        StringBuilder footer = new StringBuilder("-- \n");
        if (unsubscribeUrl != null) {
            footer.append(words.unsubscribe()).append(": ").append(unsubscribeUrl).append('\n');
        }
        if (preferencesUrl != null) {
            footer.append(words.preferences()).append(": ").append(preferencesUrl).append('\n');
        }
        if (postalAddress != null) {
            footer.append(postalAddress).append('\n');
        }
        return footer.toString();
    }
}
