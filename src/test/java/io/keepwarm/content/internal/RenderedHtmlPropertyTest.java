package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** A rendered body cleaned through the fast path is exactly what cleaning it whole with jsoup gives. */
class RenderedHtmlPropertyTest {

    private final HtmlSanitizer sanitizer = new HtmlSanitizer();
    private final RenderedHtml rendered = new RenderedHtml(sanitizer);

    @Property(tries = 1000)
    void theFastPathCleansAsJsoupCleansTheWholeBody(@ForAll("templates") String draft, @ForAll("valueLists") List<String> values) {
        String template = sanitizer.clean(draft).html();
        List<String> pieces = LiquidTemplates.outputsOnly(template);
        if (pieces == null) {
            return;
        }
        List<String> parts = new ArrayList<>(pieces);
        for (int i = 1; i < parts.size(); i += 2) {
            parts.set(i, values.get((i / 2) % values.size()));
        }

        assertThat(rendered.clean(template, parts)).as(String.join("", parts))
                .isEqualTo(sanitizer.cleanRendered(String.join("", parts)));
        Statistics.label("path").collect(rendered.plain(template, parts) != null ? "fast" : "whole");
    }

    @Test
    void aColourFromAContactInAStyleTakesTheFastPathAndADeclarationItAddsIsFilteredOut() {
        String template = sanitizer.clean("<p style=\"color: {{ contact.city }}; padding: 4px\">Hi"
                + " {{ contact.first_name }}</p>").html();
        List<String> pieces = LiquidTemplates.outputsOnly(template);
        assertThat(rendered.placesOf(pieces).orElseThrow())
                .containsExactly(RenderedHtml.Place.STYLE, RenderedHtml.Place.TEXT);

        List<String> teal = List.of(pieces.get(0), "teal", pieces.get(2), "Ada", pieces.get(4));
        assertThat(rendered.plain(template, teal)).isEqualTo("<p style=\"color: teal; padding: 4px\">Hi Ada</p>");

        List<String> fixed = List.of(pieces.get(0), "red; position: fixed; top: 0", pieces.get(2), "Ada", pieces.get(4));
        assertThat(rendered.plain(template, fixed)).isNull();
        assertThat(rendered.clean(template, fixed)).isEqualTo("<p style=\"color: red; padding: 4px\">Hi Ada</p>");
    }

    @Test
    void aNewsletterWithNamesInTextAndTrackedAddressesInItsLinksTakesTheFastPath() {
        String template = sanitizer.clean("<h1>Cooling for {{ contact.first_name }}</h1><p>Dear {{ contact.first_name }},"
                + " read <a href=\"{{ content.landing_url }}\" title=\"For {{ contact.first_name }}\">part 1</a> or"
                + " <a href=\"https://example.com/?who={{ contact.email }}&amp;x=1\">part 2</a>.</p>"
                + "<table><tr><td>{{ company.name }}</td></tr></table>").html();

        var places = rendered.placesOf(LiquidTemplates.outputsOnly(template)).orElseThrow();

        assertThat(places).containsExactly(RenderedHtml.Place.TEXT, RenderedHtml.Place.TEXT, RenderedHtml.Place.URL_START,
                RenderedHtml.Place.ATTRIBUTE, RenderedHtml.Place.URL_REST, RenderedHtml.Place.TEXT);
        StringBuilder out = new StringBuilder();
        assertThat(RenderedHtml.appendPlain(out, "Zoë O&#39;Brien &amp; Sons", RenderedHtml.Place.TEXT)).isTrue();
        assertThat(out).hasToString("Zoë O'Brien &amp; Sons");
        assertThat(RenderedHtml.appendPlain(out, "https://kw.example/t/l/k1.AbC-_x#offer", RenderedHtml.Place.URL_START)).isTrue();
        assertThat(RenderedHtml.appendPlain(out, "javascript:alert(1)", RenderedHtml.Place.URL_START)).isFalse();
        assertThat(RenderedHtml.appendPlain(out, "x&quot; onclick=&quot;y", RenderedHtml.Place.ATTRIBUTE)).isFalse();
        assertThat(RenderedHtml.appendPlain(out, "<b>", RenderedHtml.Place.TEXT)).isFalse();
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> output = Arbitraries.of("{{ contact.first_name }}", "{{ content.landing_url }}", "{{ x }}");
        Arbitrary<String> fragment = Combinators.combine(output, Arbitraries.integers().between(0, 21)).as((o, kind) ->
                switch (kind) {
                    case 0 -> "<p>Dear " + o + ",</p>";
                    case 1 -> o;
                    case 2 -> "<a href=\"" + o + "\">read</a>";
                    case 3 -> "<a href=\"https://example.com/?n=" + o + "&amp;a=1\">read</a>";
                    case 4 -> "<a title=\"" + o + "\" href=\"https://example.com/\">x</a>";
                    case 5 -> "<img src=\"" + o + "\" alt=\"" + o + "\">";
                    case 6 -> "<table><tr><td>" + o + "</td></tr></table>";
                    case 7 -> "<table>" + o + "<tr><td>x</td></tr></table>";
                    case 8 -> "<ul><li>" + o + "</li></ul>";
                    case 9 -> "<pre>  " + o + "  </pre>";
                    case 10 -> "<a href=\"mailto:" + o + "\">mail</a>";
                    case 11 -> "<p>a &amp; b &lt; c " + o + " &gt; d</p>";
                    case 12 -> "<blockquote cite=\"" + o + "\">q</blockquote>";
                    case 13 -> "<a href=\"" + o + "#top\">top</a>";
                    case 14 -> "<h2 class=\"" + o + "\">h</h2>";
                    case 15 -> "<script>" + o + "</script>";
                    case 16 -> "<p>" + o + o + "</p>";
                    case 18 -> "<p style=\"color: " + o + "; padding: 4px\">styled</p>";
                    case 19 -> "<div style=\"background-image: url(https://maps.example.com/" + o + ".png)\">map</div>";
                    case 20 -> "<span style=\"font-family: " + o + ", Arial; color: " + o + "\" title=\"" + o + "\">s</span>";
                    case 21 -> "<table bgcolor=\"" + o + "\"><tr><td background=\"" + o + "\" style=\"border: 1px solid "
                            + o + "\">cell</td></tr></table>";
                    default -> "<div><span>" + o + "</span> text</div>";
                });
        return fragment.list().ofMinSize(1).ofMaxSize(6).map(fragments -> String.join("", fragments));
    }

    @Provide
    Arbitrary<List<String>> valueLists() {
        Arbitrary<String> raw = Arbitraries.of("Ada", "", " ", "Zoë", "李雷", "O'Brien", "Smith & Sons", "\"Quoted\"",
                "a < b > c", "<script>alert(1)</script>", "<b>bold</b>", "javascript:alert(1)", " JaVaScRiPt:x",
                "https://kw.example/t/l/k1.AbC-_x", "https://kw.example/t/l/k1.AbC?a=1&b=2#offer",
                "http://example.com/a b", "https://example.com/\\x", "data:text/html,x", "/relative/path",
                "x\" onclick=\"alert(1)", "non\u00a0breaking", "tab\there", "line\nbreak", "😀", "&amp;", "&lt;b&gt;",
                "https://example.com/../x", "HTTPS://EXAMPLE.COM/", "mailto:ada@example.com", "100%", "a=b;c",
                "https://example.com/%3Cscript%3E", "\u0000", "\u200b", "e\u0301", "teal", "#ff9900", "1px solid red",
                "red; position: fixed", "red;position:fixed;top:0", "x); position: fixed; (", "expression(alert(1))",
                "url(http://evil.example/x.png)", "red !important", "a\\b", "red /* note */", "\"Segoe UI\"",
                "'Segoe UI'", "red}", "x.png); background-image: url(https://evil.example/y");
        // A value reaches the body HTML-escaped, as the content library's context gives it, or raw (a Liquid literal).
        Arbitrary<String> value = Combinators.combine(raw, Arbitraries.of(true, false))
                .as((v, escape) -> escape ? escape(v) : v);
        return value.list().ofMinSize(1).ofMaxSize(4);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
