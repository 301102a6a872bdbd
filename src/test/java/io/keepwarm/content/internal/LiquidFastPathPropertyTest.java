package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import liqp.TemplateParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Rendering a template's outputs alone and keeping its text, and printing a variable that holds text without liqp,
 * gives what liqp gives for the whole template.
 */
class LiquidFastPathPropertyTest {

    private static final Map<String, Object> CONTEXT = Map.of(
            "contact", Map.of("first_name", "Ada <b>&amp;</b>", "score", 42, "city", ""),
            "company", Map.of("name", "Acme \"Labs\""));

    private final LiquidTemplates fast = new LiquidTemplates();
    private final TemplateParser liqp = new TemplateParser.Builder().build();

    @Property(tries = 300)
    void textAndOutputsRenderAsLiqpRendersThem(@ForAll("templates") String source) {
        assertThat(LiquidTemplates.outputsOnly(source)).as(source).isNotNull();
        assertThat(fast.render(source, CONTEXT)).as(source).isEqualTo(liqp.parse(source).render(CONTEXT));
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> text = Arbitraries.of("<p>", "</p>", "Dear ", ",\n", " ", "}", "{ x }", "100%", "&amp;",
                "<a href=\"https://example.com/?a=1&b=2\">read</a>", "é ü", "\t", "'", "\"");
        Arbitrary<String> output = Arbitraries.of(
                "{{ contact.first_name }}", "{{contact.score}}", "{{ company.name | upcase }}",
                "{{ contact.score | plus: 1 }}", "{{ contact.city | default: \"there\" }}",
                "{{ contact.missing | default: 'friend' }}", "{{ contact.first_name | append: \", hi\" }}",
                "{{ company.name | size }}", "{{ contact.first_name | escape }}", "{{contact.first_name}}",
                "{{ contact.city }}", "{{ contact.missing }}", "{{ nothing.here }}", "{{ company.name.size }}");
        return Arbitraries.oneOf(text, output).list().ofMaxSize(12).map(parts -> String.join("", parts))
                .filter(LiquidFastPathPropertyTest::takesTheFastPath);
    }

    /** Only templates liqp can parse and that take the fast path: the others are liqp's alone. */
    private static boolean takesTheFastPath(String source) {
        try {
            new TemplateParser.Builder().build().parse(source);
            return LiquidTemplates.outputsOnly(source) != null;
        } catch (RuntimeException unparsable) {
            return false;
        }
    }

}
