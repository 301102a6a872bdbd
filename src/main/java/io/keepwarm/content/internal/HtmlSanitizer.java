package io.keepwarm.content.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeVisitor;
import org.springframework.stereotype.Component;

/**
 * Cleans an email's HTML with jsoup's relaxed safelist: ordinary formatting, links and images stay; scripts, styles,
 * frames, event handlers and {@code javascript:} or {@code data:} URLs go.
 *
 * <p>Liquid survives on purpose. Before cleaning, each {@code {{ … }}} and {@code {% … %}} is swapped for a token that
 * looks like an https URL (so the safelist's protocol check keeps it in {@code href} and {@code src}, where a bare
 * {@code {{ … }}} would be dropped as a relative link) and that jsoup leaves alone in text; afterwards the tokens are
 * swapped back. A token glued to a forbidden scheme ({@code javascript:{{ x }}}) is still dropped with it.
 */
@Component
public class HtmlSanitizer {

    /** Cleaned HTML and the plain text read from it, both still holding their Liquid. */
    public record Cleaned(String html, String text) {}

    private static final Pattern LIQUID = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("https://liquid\\.keepwarm\\.invalid/t(\\d+)x");
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
            "li", "table", "tr", "blockquote", "pre", "dl", "dt", "dd");

    private final Safelist safelist = Safelist.relaxed();
    private final Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);

    /** Cleans a template: Liquid kept, markup made safe. */
    public Cleaned clean(String html) {
        List<String> liquid = new ArrayList<>();
        Matcher matcher = LIQUID.matcher(html);
        StringBuilder tokenised = new StringBuilder();
        while (matcher.find()) {
            liquid.add(matcher.group());
            matcher.appendReplacement(tokenised, "https://liquid.keepwarm.invalid/t" + (liquid.size() - 1) + "x");
        }
        matcher.appendTail(tokenised);
        Document cleaned = Jsoup.parseBodyFragment(Jsoup.clean(tokenised.toString(), "", safelist, output));
        cleaned.outputSettings(output);
        return new Cleaned(restore(cleaned.body().html(), liquid), restore(text(cleaned.body()), liquid));
    }

    /** Cleans finished HTML, after rendering: whatever a value or a Liquid literal put in, no script comes out. */
    public String cleanRendered(String html) {
        return Jsoup.clean(html, "", safelist, output);
    }

    /** The text a reader sees: one paragraph per block, line breaks kept, each link's address after its words. */
    static String text(Element body) {
        StringBuilder text = new StringBuilder();
        body.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    text.append(t.text());
                } else if (node instanceof Element e && e.normalName().equals("br")) {
                    text.append('\n');
                } else if (node instanceof Element e && e.normalName().equals("li")) {
                    newLine(text);
                    text.append("- ");
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    newParagraph(text);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.normalName().equals("a") && !e.attr("href").isBlank()
                        && !e.text().strip().equals(e.attr("href"))) {
                    text.append(" (").append(e.attr("href")).append(')');
                } else if (node instanceof Element e && (e.normalName().equals("td") || e.normalName().equals("th"))) {
                    text.append(' ');
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName()) && !e.normalName().equals("li")) {
                    newParagraph(text);
                }
            }
        });
        return text.toString().lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("")
                .replaceAll("\n{3,}", "\n\n").strip();
    }

    private static void newLine(StringBuilder text) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }

    private static void newParagraph(StringBuilder text) {
        newLine(text);
        int length = text.length();
        if (length > 1 && text.charAt(length - 2) != '\n') {
            text.append('\n');
        }
    }

    private static String restore(String tokenised, List<String> liquid) {
        Matcher matcher = TOKEN.matcher(tokenised);
        StringBuilder restored = new StringBuilder();
        while (matcher.find()) {
            int index = Integer.parseInt(matcher.group(1));
            String original = index < liquid.size() ? liquid.get(index) : matcher.group();
            matcher.appendReplacement(restored, Matcher.quoteReplacement(original));
        }
        matcher.appendTail(restored);
        return restored.toString();
    }
}
