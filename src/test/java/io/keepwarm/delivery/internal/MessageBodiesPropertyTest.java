package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.delivery.LinkTracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/** Reading the body once for its links finds and rewrites what the pattern that used to do it did. */
class MessageBodiesPropertyTest {

    private static final Pattern HREF = Pattern.compile("(<a\\s[^>]*?href=\")([^\"]*)(\")", Pattern.CASE_INSENSITIVE);

    @Property(tries = 1000)
    void linksAreTrackedAsThePatternTrackedThem(@ForAll("bodies") String html, @ForAll("bases") String base) {
        LinkTracking tracking = new LinkTracking() {
            @Override
            public String clickUrl(long touchId, int linkIndex) {
                return base + "c/k1.tok" + touchId + "-" + linkIndex;
            }

            @Override
            public String openPixelUrl(long touchId) {
                return base + "o/k1.tok" + touchId;
            }
        };
        Set<String> untracked = Set.of("https://kw.example/t/u/k1.unsub");

        var prepared = MessageBodies.prepare(7, html, "Hello", untracked, "https://kw.example/t/u/k1.unsub",
                "https://kw.example/t/p/k1.prefs", "1 Street", tracking);

        var expected = byPattern(html, untracked, tracking);
        assertThat(prepared.links()).isEqualTo(expected.links());
        assertThat(prepared.html()).startsWith(expected.html() + "<p style=");
        assertThat(prepared.html()).endsWith("<img src=\"" + Entities.escape(tracking.openPixelUrl(7))
                + "\" width=\"1\" height=\"1\" alt=\"\">");
    }

    /** The body with its links rewritten the way the pattern did it (without the footer and pixel). */
    private static MessageBodies.Prepared byPattern(String html, Set<String> untracked, LinkTracking tracking) {
        List<String> links = new ArrayList<>();
        Matcher m = HREF.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = MessageBodies.safe(Parser.unescapeEntities(m.group(2), true));
            String replacement = m.group(2);
            String lower = target.strip().toLowerCase(java.util.Locale.ROOT);
            if ((lower.startsWith("https://") || lower.startsWith("http://")) && !untracked.contains(target)) {
                replacement = Entities.escape(tracking.clickUrl(7, links.size()));
                links.add(target);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + replacement + m.group(3)));
        }
        m.appendTail(out);
        return new MessageBodies.Prepared(out.toString(), null, links);
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> piece = Arbitraries.of("<p>", "</p>", "text ", "<a href=\"https://example.com/a\">",
                "<a href=\"https://example.com/?a=1&amp;b=2\">", "<a title=\"x\" href=\"http://example.com/b\">",
                "<A HREF=\"HTTPS://EXAMPLE.COM/C\">", "<a\thref=\"https://example.com/t\">", "<a\nhref=\"https://x.test/\">",
                "<a href=\"mailto:ada@example.com\">", "<a href=\"https://kw.example/t/u/k1.unsub\">", "</a>",
                "<a href=\"\">", "<a>", "<abbr href=\"https://example.com/no\">", "<a data-href=\"https://example.com/d\">",
                "<a name=\"x\">", "<img src=\"https://example.com/i.png\">", "<a href=\"https://example.com/open",
                "\"", ">", "<", "<a ", "href=\"https://example.com/loose\"", "<a href='https://example.com/single'>",
                "<a href=\" https://example.com/space\">", "<a href=\"https://example.com/&lt;x&gt;\">", "&amp;", "é");
        return piece.list().ofMaxSize(20).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> bases() {
        return Arbitraries.of("https://kw.example/t/", "http://localhost:8080/t/", "https://kw.example/t?a=1&b=2/");
    }
}
