package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A template that greets a contact by name only when there is one needs no fallback, and its else-branch is what a
 * contact without a name reads, whether or not the author also set a fallback: no one reads "Hi ,".
 */
class LiquidConditionsPropertyTest {

    private static final String GREETING = "{% if contact.first_name %}Hi {{ contact.first_name }}{% else %}Hello"
            + "{% endif %}, welcome";

    private final LiquidTemplates liquid = new LiquidTemplates();

    @Property(tries = 300)
    void aContactWithoutAFirstNameGetsTheElseBranchAndOneWithItIsGreetedByName(@ForAll("names") String name,
            @ForAll boolean withFallback, @ForAll boolean html) {
        assertThat(liquid.check("f", GREETING, new LiquidTemplates.Facts(false, false, Set.of()))).isEmpty();
        String[] values = new String[TemplateVariables.PATHS.size()];
        values[TemplateVariables.PATHS.indexOf("contact.first_name")] = name;
        Map<String, String> fallbacks = withFallback ? Map.of("contact.first_name", "there") : Map.of();

        String greeting = liquid.render(GREETING, TemplateVariables.context(values, fallbacks), html);

        assertThat(greeting).isEqualTo(TemplateVariables.blank(name) ? "Hello, welcome"
                : "Hi " + (html ? HtmlValues.escape(name) : name) + ", welcome");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "\t\n", "\u00A0\u200B", "\uFEFF", "Ada", "O'Brien & <Sons>", "Zoë 😀"),
                Arbitraries.strings().ofMaxLength(12)).injectNull(0.1);
    }
}
