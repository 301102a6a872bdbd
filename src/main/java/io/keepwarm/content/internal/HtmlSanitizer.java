package io.keepwarm.content.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.springframework.stereotype.Component;

/**
 * Cleans an email's HTML with a safelist for email: ordinary formatting, links, images and the presentational
 * attributes and elements email templates style with ({@code bgcolor}, {@code align}, {@code cellpadding},
 * {@code <center>}, {@code <font>}, …) stay, and so does a {@code style} attribute's CSS as far as {@link InlineCss}
 * keeps it; scripts, {@code <style>} blocks, frames, forms, event handlers and {@code javascript:} or {@code data:}
 * URLs go. A {@code <title>} goes with its text, which would otherwise show at the top of the email.
 *
 * <p>Liquid survives on purpose. Before cleaning, each {@code {{ … }}} and {@code {% … %}} is swapped for a token that
 * looks like an https URL (so the safelist's protocol check keeps it in {@code href} and {@code src}, where a bare
 * {@code {{ … }}} would be dropped as a relative link) and that jsoup leaves alone in text and the CSS filter in a
 * style's values; afterwards the tokens are swapped back. A token glued to a forbidden scheme
 * ({@code javascript:{{ x }}}) is still dropped with it.
 *
 * <p>Saving tells the author what went, one line per kind of thing ("removed <script> (1)"), so nothing vanishes
 * without a word.
 */
@Component
public class HtmlSanitizer {

    /** Cleaned HTML and the plain text read from it, both still holding their Liquid, and what cleaning removed. */
    public record Cleaned(String html, String text, List<String> removed) {}

    private static final Pattern LIQUID = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("https://liquid\\.keepwarm\\.invalid/t(\\d+)x");
    private static final Pattern BODY = Pattern.compile("<body\\s[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("([a-z][a-z0-9+.-]*):");
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
            "li", "table", "tr", "blockquote", "pre", "dl", "dt", "dd", "center", "hr", "section", "article", "header",
            "footer", "address");

    private final Safelist safelist = emailSafelist();
    private final Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);

    /**
     * jsoup's relaxed safelist and what email templates are written with. Presentational attributes cannot run
     * script, so the ones any element may carry are allowed on all.
     */
    private static Safelist emailSafelist() {
        return Safelist.relaxed()
                .addTags("center", "font", "hr", "s", "del", "ins", "mark", "abbr", "big", "address", "section",
                        "article", "header", "footer")
                .addAttributes(":all", "style", "class", "dir", "lang", "title", "role", "aria-label", "aria-hidden",
                        "align", "valign", "bgcolor", "width", "height")
                .addAttributes("table", "border", "cellpadding", "cellspacing", "background")
                .addAttributes("td", "background", "nowrap")
                .addAttributes("th", "background", "nowrap")
                .addAttributes("img", "border", "hspace", "vspace")
                .addAttributes("font", "color", "face", "size")
                .addAttributes("hr", "color", "noshade", "size")
                .addAttributes("a", "name", "target")
                .addAttributes("li", "type", "value")
                .addProtocols("a", "href", "tel")
                .addProtocols("table", "background", "http", "https")
                .addProtocols("td", "background", "http", "https")
                .addProtocols("th", "background", "http", "https");
    }

    /** Cleans a template: Liquid kept, markup made safe, and what went listed. */
    public Cleaned clean(String html) {
        List<String> liquid = new ArrayList<>();
        Matcher matcher = LIQUID.matcher(html);
        StringBuilder tokenised = new StringBuilder();
        while (matcher.find()) {
            liquid.add(matcher.group());
            matcher.appendReplacement(tokenised, "https://liquid.keepwarm.invalid/t" + (liquid.size() - 1) + "x");
        }
        matcher.appendTail(tokenised);
        Document dirty = Jsoup.parseBodyFragment(tokenised.toString());
        Notes removed = new Notes(new LinkedHashMap<>(), liquid);
        bodyAttributes(tokenised, removed);
        prepare(dirty.body(), removed);
        // Parsed again, as it will be after rendering: the stored template is what cleaning its render gives back.
        Document cleaned = Jsoup.parseBodyFragment(cleaned(dirty));
        cleaned.outputSettings(output);
        return new Cleaned(restore(cleaned.body().html(), liquid), restore(text(cleaned.body()), liquid),
                removed.lines());
    }

    /** What cleaning removed, counted by kind, told with the template's Liquid in place of its tokens. */
    private record Notes(Map<String, Integer> counts, List<String> liquid) {

        void add(String what) {
            counts.merge(restore(what, liquid), 1, Integer::sum);
        }

        /**
         * The declaration's property, or the declaration quoted (at most 60 characters) when it has none or starts
         * with Liquid, whose token reads as a property "https".
         */
        String shown(InlineCss.Dropped dropped) {
            if (dropped.property() != null && !TOKEN.matcher(dropped.declaration()).lookingAt()) {
                return dropped.property();
            }
            String declaration = restore(dropped.declaration(), liquid);
            return "'" + (declaration.length() <= 60 ? declaration : declaration.substring(0, 57) + "...") + "'";
        }

        List<String> lines() {
            return counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        }
    }

    /** Cleans finished HTML, after rendering: whatever a value or a Liquid literal put in, no script comes out. */
    public String cleanRendered(String html) {
        Document dirty = Jsoup.parseBodyFragment(html);
        prepare(dirty.body(), null);
        return cleaned(dirty);
    }

    private String cleaned(Document dirty) {
        Document clean = new Cleaner(safelist).clean(dirty);
        clean.outputSettings(output);
        return clean.body().html();
    }

    /**
     * Readies a parsed body for jsoup's cleaner, which keeps a safe attribute's value as it is: each style's CSS
     * filtered, each title taken out with its text. With {@code removed}, notes everything the cleaner and this take
     * out, counted by kind.
     */
    private void prepare(Element body, Notes removed) {
        List<Element> titles = new ArrayList<>(0);
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof Element e && e != body) {
                if (e.nameIs("style")) {
                    // Not a danger but a loss the author can undo: say how, rather than list it with the scripts.
                    note(removed, "removed <style> and its rules: email keeps only the styles written on each element"
                            + " (style=\"…\"); export from your email builder with its CSS inlined");
                } else if (!safelist.isSafeTag(e.normalName())) {
                    note(removed, "removed <" + e.normalName() + ">");
                    if (e.nameIs("title")) {
                        titles.add(e);
                    }
                } else if (removed != null || e.attributes().hasKeyIgnoreCase("style")) {
                    attributes(e, removed);
                }
            } else if (node instanceof Comment) {
                note(removed, "removed <!-- comment -->");
            }
        }, body);
        titles.forEach(Element::remove);
    }

    /**
     * A pasted page's {@code <body>} attributes (its background colour, often) are lost: the parser of a fragment
     * never makes them an element's. They are read apart to say so.
     */
    private static void bodyAttributes(CharSequence html, Notes removed) {
        Matcher body = BODY.matcher(html);
        if (body.find()) {
            Jsoup.parse(body.group()).body().attributes()
                    .forEach(a -> note(removed, "removed " + a.getKey() + " attribute on <body>"));
        }
    }

    /**
     * Notes the attributes the cleaner will drop and filters each style. Inside SVG or MathML an attribute keeps its
     * case, and the safelist takes STYLE as style, so the filter must too.
     */
    private void attributes(Element e, Notes removed) {
        List<Attribute> styles = new ArrayList<>(1);
        for (Attribute attribute : e.attributes()) {
            if (attribute.getKey().equalsIgnoreCase("style")) {
                styles.add(attribute);
            } else if (removed != null && !safelist.isSafeAttribute(e.tagName(), e,
                    // A copy: the safelist writes a checked address back into the attribute it is given.
                    new Attribute(attribute.getKey(), attribute.getValue()))) {
                note(removed, "removed " + attribute.getKey() + " attribute on <" + e.normalName() + ">"
                        + address(e, attribute));
            }
        }
        for (Attribute style : styles) {
            InlineCss.Filtered css = InlineCss.filter(style.getValue());
            if (css.css().isEmpty()) {
                e.attributes().remove(style.getKey());
            } else {
                e.attributes().put(style.getKey(), css.css());
            }
            if (removed != null) {
                css.dropped().forEach(d -> removed.add("removed CSS " + removed.shown(d) + " from a style"
                        + (d.why().reason.isEmpty() ? "" : ": " + d.why().reason)));
            }
        }
    }

    /** For an attribute the safelist takes with a safe address, which scheme its own address had. */
    private String address(Element e, Attribute attribute) {
        Element probe = new Element(e.tagName()).attr(attribute.getKey(), "https://example.com/");
        if (!safelist.isSafeAttribute(e.tagName(), probe, probe.attributes().asList().getFirst())) {
            return "";
        }
        Matcher scheme = SCHEME.matcher(attribute.getValue().strip().toLowerCase(Locale.ROOT));
        return scheme.lookingAt() ? " (a " + scheme.group(1) + ": address)" : " (not a full http(s) address)";
    }

    private static void note(Notes removed, String what) {
        if (removed != null) {
            removed.add(what);
        }
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
                        && e.text().isBlank()) {
                    // A link of a picture alone (a button drawn as an image) has no words: its picture's alt text
                    // stands for them, else the address alone, not "(https://…)" in a line of its own.
                    Element picture = e.selectFirst("img[alt]");
                    String alt = picture == null ? "" : picture.attr("alt").strip();
                    text.append(alt.isEmpty() ? e.attr("href") : alt + " (" + e.attr("href") + ")");
                } else if (node instanceof Element e && e.normalName().equals("a") && !e.attr("href").isBlank()
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
