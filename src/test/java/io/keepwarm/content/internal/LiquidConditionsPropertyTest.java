package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A template that greets a contact by name only when there is one needs no fallback, and its else-branch is what a
 * contact without a name reads, whether or not the author also set a fallback: no one reads "Hi ,". The same holds
 * for each way Liquid has of asking whether there is a name.
 */
class LiquidConditionsPropertyTest {

    private static final List<String> GREETINGS = List.of(
            "{% if contact.first_name %}Hi {{ contact.first_name }}{% else %}Hello{% endif %}, welcome",
            "{% if contact.first_name != blank %}Hi {{ contact.first_name }}{% else %}Hello{% endif %}, welcome",
            "{% if nil != contact.first_name %}Hi {{ contact.first_name }}{% else %}Hello{% endif %}, welcome",
            "{% unless contact.first_name %}Hello{% else %}Hi {{ contact.first_name }}{% endunless %}, welcome",
            "{% unless contact.first_name == empty %}Hi {{ contact.first_name }}{% else %}Hello{% endunless %}, welcome",
            "{% if contact.first_name == blank %}Hello{% else %}Hi {{ contact.first_name }}{% endif %}, welcome",
            "{% if contact.first_name == empty %}Hello{% elsif true %}Hi {{ contact.first_name }}{% endif %}, welcome",
            "{% case contact.first_name %}{% when blank %}Hello{% else %}Hi {{ contact.first_name }}{% endcase %},"
                    + " welcome",
            "{% case contact.first_name %}{% when \"\", empty %}Hello{% else %}Hi {{ contact.first_name }}{% endcase %},"
                    + " welcome");

    private final LiquidTemplates liquid = new LiquidTemplates();

    @Property(tries = 300)
    void aContactWithoutAFirstNameGetsTheElseBranchAndOneWithItIsGreetedByName(@ForAll("greetings") String greeting,
            @ForAll("names") String name, @ForAll boolean withFallback, @ForAll boolean html) {
        assertThat(liquid.check("f", greeting, new LiquidTemplates.Facts(false, false, Set.of()))).isEmpty();
        String[] values = new String[TemplateVariables.PATHS.size()];
        values[TemplateVariables.PATHS.indexOf("contact.first_name")] = name;
        Map<String, String> fallbacks = withFallback ? Map.of("contact.first_name", "there") : Map.of();

        String rendered = liquid.render(greeting, TemplateVariables.context(values, fallbacks), html);

        assertThat(rendered).isEqualTo(TemplateVariables.blank(name) ? "Hello, welcome"
                : "Hi " + (html ? HtmlValues.escape(name) : name) + ", welcome");
    }

    /** A mistake is placed by line and by column as a reader counts them: an emoji or a CJK character is one. */
    @Property(tries = 200)
    void aMistakeIsPlacedAtTheLineAndColumnAReaderCounts(@ForAll("texts") String before, @ForAll boolean syntax) {
        String source = before + (syntax ? "{% if %}" : "{{ contact.frist_name }}");
        String line = before.substring(before.lastIndexOf('\n') + 1);
        // A syntax error is placed at the tag it is about, the empty if, and an unknown variable at its name.
        int column = line.codePointCount(0, line.length()) + 1 + (syntax ? 0 : 3);

        List<String> messages = liquid.check("f", source, new LiquidTemplates.Facts(false, false, Set.of())).stream()
                .map(FieldError::message).toList();

        assertThat(messages).singleElement().asString()
                .endsWith("(line " + (before.chars().filter(c -> c == '\n').count() + 1) + ", column " + column + ")");
    }

    @Provide
    Arbitrary<String> greetings() {
        return Arbitraries.of(GREETINGS);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "\t\n", "\u00A0\u200B", "\uFEFF", "Ada", "O'Brien & <Sons>", "Zoë 😀"),
                Arbitraries.strings().ofMaxLength(12)).injectNull(0.1);
    }

    /** Text without Liquid in it: letters, spaces, line breaks, emoji (two UTF-16 units each) and CJK. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of("a", "Z", " ", "\t", "\n", "é", "漢", "😀", "👍🏽", "𝔘").list().ofMaxSize(20)
                .map(parts -> String.join("", parts));
    }
}
