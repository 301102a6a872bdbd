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
    void liquidGluedToAForbiddenSchemeIsDroppedWithIt() {
        assertThat(sanitizer.clean("<a href=\"javascript:{{ contact.email }}\">x</a>").html()).isEqualTo("<a>x</a>");
        assertThat(sanitizer.clean("<a href=\" JaVaScRiPt:alert(1)\">x</a>").html()).isEqualTo("<a>x</a>");
    }

    @Property(tries = 300)
    void injectedScriptsHandlersAndJavascriptUrlsNeverSurviveWhileTheWordsDo(@ForAll("documents") Document doc) {
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean(doc.html());
        String lower = cleaned.html().toLowerCase(Locale.ROOT);

        assertThat(lower).doesNotContain("<script", "javascript:", "<iframe", "<style");
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
                "<img src=x onerror=alert(1)>", "<body onload=x()>");
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
