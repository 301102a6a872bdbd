package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HtmlSanitizerTest {

    private final HtmlSanitizer sanitizer = new HtmlSanitizer();

    @Test
    void liquidKeepsItsOperatorsAndQuotesThroughCleaning() {
        String html = "<p>{% if contact.first_name != \"\" and 3 > 2 %}Hi & welcome{% endif %}</p>"
                + "<a href=\"{{ content.landing_url }}?utm=mail&amp;x=1\" title=\"{{ contact.first_name }}\">go</a>"
                + "<img src=\"{{ links.preferences_url }}\" alt=\"\">";

        HtmlSanitizer.Cleaned cleaned = sanitizer.clean(html);

        assertThat(cleaned.html()).isEqualTo("<p>{% if contact.first_name != \"\" and 3 > 2 %}Hi &amp; welcome{% endif %}</p>"
                + "<a href=\"{{ content.landing_url }}?utm=mail&amp;x=1\" title=\"{{ contact.first_name }}\">go</a>"
                + "<img src=\"{{ links.preferences_url }}\" alt=\"\">");
        assertThat(cleaned.text()).isEqualTo("{% if contact.first_name != \"\" and 3 > 2 %}Hi & welcome{% endif %}\n\n"
                + "go ({{ content.landing_url }}?utm=mail&x=1)");
    }

    @Test
    void aLinkOfAPictureAloneReadsInTheTextPartAsItsAltTextAndAddressNotAsABareAddressInBrackets() {
        assertThat(sanitizer.clean("<p>Hi</p><p><a href=\"https://example.com/go\"><img src=\"https://example.com/b.png\">"
                + "</a></p>").text()).isEqualTo("Hi\n\nhttps://example.com/go");
        assertThat(sanitizer.clean("<p><a href=\"https://example.com/go\"><img src=\"https://example.com/b.png\""
                + " alt=\"Register now\"></a></p>").text()).isEqualTo("Register now (https://example.com/go)");
        assertThat(sanitizer.clean("<p><a href=\"https://example.com/go\">Register</a></p>").text())
                .isEqualTo("Register (https://example.com/go)");
    }

    @Test
    void liquidGluedToAForbiddenSchemeIsDroppedWithIt() {
        assertThat(sanitizer.clean("<a href=\"javascript:{{ contact.email }}\">x</a>").html()).isEqualTo("<a>x</a>");
        assertThat(sanitizer.clean("<a href=\" JaVaScRiPt:alert(1)\">x</a>").html()).isEqualTo("<a>x</a>");
    }

    /** A newsletter as email tools write it: tables laid out with attributes, inline styles on everything. */
    static final String NEWSLETTER = "<center><table role=\"presentation\" width=\"600\" cellpadding=\"0\""
            + " cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" align=\"center\" style=\"border-collapse: collapse;"
            + " mso-table-lspace: 0pt; max-width: 600px\"><tbody><tr><td align=\"left\" valign=\"top\" bgcolor=\"#003366\""
            + " class=\"header\" style=\"padding: 24px 32px; color: #ffffff; font-family: 'Helvetica Neue', Arial,"
            + " sans-serif; font-size: 22px; line-height: 1.3; border-bottom: 4px solid #ff9900\">"
            + "<font face=\"Georgia\" color=\"#ffcc00\" size=\"4\">Cooling news</font> for {{ contact.first_name }}</td></tr>"
            + "<tr><td dir=\"ltr\" height=\"40\" style=\"padding: 16px; background: #f4f4f4"
            + " url(https://cdn.example.com/bg.png) no-repeat; color: {{ company.name | default: '#333' }}\">"
            + "<h1 style=\"margin: 0 0 12px; font-size: 28px; font-weight: bold; text-align: center\">Part 1</h1>"
            + "<p style=\"margin: 0 0 12px; font-size: 16px; -webkit-text-size-adjust: 100%\">Read <a"
            + " href=\"{{ content.landing_url }}\" target=\"_blank\" style=\"color: #0066cc; text-decoration:"
            + " underline\">the guide</a> or call <a href=\"tel:+4930123456\">us</a>.</p>"
            + "<hr size=\"1\" color=\"#cccccc\" noshade><img src=\"https://cdn.example.com/a.png\" width=\"560\""
            + " height=\"200\" border=\"0\" alt=\"Chart\" style=\"display: block; -ms-interpolation-mode: bicubic\">"
            + "<span style=\"display: none; max-height: 0; overflow: hidden; mso-hide: all\">preheader</span>"
            + "</td></tr></tbody></table></center>";

    @Test
    void anInlineStyledNewsletterKeepsItsTablesColoursFontsAndSpacingAndNothingIsReportedRemoved() {
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean(NEWSLETTER);

        assertThat(cleaned.html()).isEqualTo(NEWSLETTER);
        assertThat(cleaned.removed()).isEmpty();
    }

    @Test
    void whatCleaningRemovesIsListedByKindWithHowOften() {
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean("""
                <p onclick="steal()" style="color: red; position: fixed; z-index: 9">Hi</p><script>alert(1)</script>
                <a href="javascript:alert(1)" onclick="x()">a</a><a href="/relative">b</a><script>alert(2)</script>
                <div style="width: expression(alert(1)); background-image: url(http://evil.example/x.png)">d</div>
                <!-- a note --><iframe src="https://evil.example"></iframe>""");

        assertThat(cleaned.html()).isEqualTo("<p style=\"color: red\">Hi</p>\n<a>a</a><a>b</a>\n<div>d</div>\n");
        assertThat(cleaned.removed()).containsExactly("removed onclick attribute on <p> (1)",
                "removed CSS position from a style (1)", "removed CSS z-index from a style (1)", "removed <script> (2)",
                "removed href attribute on <a> (a javascript: address) (1)", "removed onclick attribute on <a> (1)",
                "removed href attribute on <a> (not a full http(s) address) (1)",
                "removed CSS width from a style: it could run script (1)",
                "removed CSS background-image from a style: url() is kept only as an https background image (1)",
                "removed <!-- comment --> (1)", "removed <iframe> (1)");
    }

    @Test
    void liquidInAStyleValueSurvivesCleaningWhileTheDeclarationsAroundItAreStillFiltered() {
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean("<div style=\"color: {{ company.name | default: '#333' }};"
                + " position: fixed; background-image: url({{ content.landing_url }})\">x</div>"
                + "<p style=\"{% if contact.city %}color: red{% endif %}\">y</p>");

        assertThat(cleaned.html()).isEqualTo("<div style=\"color: {{ company.name | default: '#333' }}; background-image:"
                + " url({{ content.landing_url }})\">x</div><p>y</p>");
        assertThat(cleaned.removed()).containsExactly("removed CSS position from a style (1)",
                "removed CSS '{% if contact.city %}color: red{% endif %}' from a style (1)");
    }

    @Test
    void aStyleInsideSvgWhoseNameKeepsItsCaseIsFilteredToo() {
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean("<svg><a STYLE=\"color: red; position: fixed\""
                + " href=\"https://example.com/\">x</a></svg>");

        assertThat(cleaned.html()).isEqualTo("<a style=\"color: red\" href=\"https://example.com/\">x</a>");
        assertThat(sanitizer.cleanRendered("<svg><a STYLE=\"position: fixed\">x</a></svg>")).isEqualTo("<a>x</a>");
    }

    @Test
    void aPastedPagesTitleDoesNotShowAtTheTopOfTheEmailAndItsBodyColourIsReportedLost() {
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean("<!DOCTYPE html><html><head><title>October news</title>"
                + "<style>p { color: red }</style></head><body bgcolor=\"#eeeeee\"><p>Hi</p></body></html>");

        assertThat(cleaned.html()).isEqualTo("<p>Hi</p>");
        assertThat(cleaned.text()).isEqualTo("Hi");
        assertThat(cleaned.removed()).containsExactly("removed bgcolor attribute on <body> (1)", "removed <title> (1)",
                "removed <style> and its rules: email keeps only the styles written on each element (style=\"…\");"
                        + " export from your email builder with its CSS inlined (1)");
    }

    @Property(tries = 300)
    void injectedScriptsHandlersAndJavascriptUrlsNeverSurviveWhileTheWordsDo(@ForAll("documents") Document doc) {
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean(doc.html());
        String lower = cleaned.html().toLowerCase(Locale.ROOT);

        assertThat(lower).doesNotContain("<script", "javascript:", "<iframe", "<style", "position", "expression",
                "behavior", "-moz-binding", "url(http:");
        assertThat(lower).doesNotContainPattern("\\son[a-z]+\\s*=");
        for (String word : doc.words()) {
            assertThat(cleaned.html()).contains(word);
            assertThat(cleaned.text()).contains(word);
        }
    }

    /** Generated HTML: ordinary formatting around plain words, with attacks mixed in. */
    record Document(String html, java.util.List<String> words) {}

    @Provide
    Arbitrary<Document> documents() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(10)
                .map(w -> "w" + w);
        Arbitrary<String> tag = Arbitraries.of("p", "b", "i", "em", "strong", "div", "span", "h2", "li", "td", "a");
        Arbitrary<String> attack = Arbitraries.of(
                "<script>alert(1)</script>", "<SCRIPT src=\"https://evil.example/x.js\"></SCRIPT>",
                " onclick=\"steal()\"", " onmouseover='x()'", " ONLOAD=x()",
                "<a href=\"javascript:alert(1)\">", "<a href=\"JAVASCRIPT:alert(1)\">", "<img src=\"javascript:x\">",
                "<iframe src=\"https://evil.example\"></iframe>", "<style>body{}</style>",
                "<a href=\"data:text/html,<script>alert(1)</script>\">", "<svg onload=alert(1)>",
                "<img src=x onerror=alert(1)>", "<body onload=x()>", " style=\"color: red; position:fixed;top:0\"",
                " style='background:url(javascript:alert(1))'", " style=\"width:expression(alert(1))\"",
                " STYLE=\"behavior:url(x.htc)\"", " style=\"-moz-binding:url(https://evil.example/x.xml#x)\"",
                " style=\"background-image:url(http://evil.example/x.png)\"",
                "<svg><a STYLE=\"position:fixed\" href=\"https://x.example/\">svg</a></svg>");
        Arbitrary<String> piece = Combinators.combine(tag, word, attack, Arbitraries.integers().between(0, 2))
                .as((t, w, a, where) -> switch (where) {
                    case 0 -> a.startsWith(" ") ? "<" + t + a + ">" + w + "</" + t + ">" : a + "<" + t + ">" + w + "</" + t + ">";
                    case 1 -> "<" + t + ">" + w + "</" + t + ">" + (a.startsWith(" ") ? "<p" + a + ">x</p>" : a);
                    default -> "<" + t + (a.startsWith(" ") ? a : "") + ">" + w + " </" + t + ">";
                } + "\u0000" + w);
        return piece.list().ofMinSize(1).ofMaxSize(8).map(pieces -> {
            StringBuilder html = new StringBuilder();
            java.util.List<String> words = new java.util.ArrayList<>();
            for (String p : pieces) {
                int split = p.lastIndexOf('\u0000');
                html.append(p, 0, split);
                words.add(p.substring(split + 1));
            }
            return new Document(html.toString(), words);
        });
    }
}
