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

    /**
     * The engine's context (values worked out when read) renders as a plain map of the same values would, through
     * the fast path and through liqp alike: fallbacks for missing and blank values, tags and assignments.
     */
    @Property(tries = 200)
    void theEnginesContextRendersAsAPlainMapOfItsValues(@ForAll("variableTemplates") String source) {
        String[] values = new String[TemplateVariables.PATHS.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 3 == 0 ? null : i % 3 == 1 ? "v" + i + " <b>" : " ";
        }
        Map<String, Object> lazy = TemplateVariables.context(values, Map.of("contact.first_name", "there",
                "company.size", "a few"));
        Map<String, Object> plain = new java.util.LinkedHashMap<>();
        lazy.forEach((root, group) -> plain.put(root, new java.util.LinkedHashMap<>((Map<?, ?>) group)));
        assertThat(fast.render(source, lazy)).as(source).isEqualTo(liqp.parse(source).render(plain));
    }

    /**
     * In an HTML body, contact data is escaped where it is output, after filters: the fast path, which escapes a
     * plain variable itself, and liqp rendering the whole template (a comment keeps it off the fast path) agree, and
     * neither lets markup from the data through.
     */
    @Property(tries = 200)
    void anHtmlBodyEscapesContactDataAlikeOnBothPaths(@ForAll("templates") String source) {
        String viaFastPath = fast.render(source, CONTEXT, true);
        assertThat(viaFastPath).as(source).isEqualTo(fast.render(source + "{% comment %}{% endcomment %}", CONTEXT, true));
        assertThat(viaFastPath).as(source).doesNotContain("<b>", "\"Labs\"");
    }

    @Provide
    Arbitrary<String> variableTemplates() {
        Arbitrary<String> text = Arbitraries.of("<p>", "Dear ", ", ", " ", "&amp;");
        Arbitrary<String> output = Arbitraries.of(TemplateVariables.PATHS.stream().map(p -> "{{ " + p + " }}").toList())
                .injectDuplicates(0.1);
        Arbitrary<String> other = Arbitraries.of("{{ contact.last_name | upcase }}", "{{ company.size | size }}",
                "{% if contact.city == ' ' %}blank city{% endif %}", "{% assign g = contact.first_name %}{{ g }}",
                "{{ owner.name | default: 'the team' }}", "{{ contact.nothing }}");
        return Arbitraries.oneOf(text, output, other).list().ofMaxSize(10).map(parts -> String.join("", parts));
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
