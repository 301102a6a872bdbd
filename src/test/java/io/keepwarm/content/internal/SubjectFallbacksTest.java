package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.content.CustomAttributes;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The subject's fallbacks as Liquid shows them, filters and conditions included. */
class SubjectFallbacksTest {

    private static final Map<String, String> CITY = Map.of("contact.city", "there");

    private final LiquidTemplates liquid = new LiquidTemplates();
    private final SubjectFallbacks fallbacks = new SubjectFallbacks(liquid);

    @Example
    void aPlainVariableInTheSubjectIsWarnedOfWithWhatAContactWithoutItReads() {
        assertThat(fallbacks.warnings("A cooling guide for {{ contact.city }}", CITY, CustomAttributes.NONE))
                .containsExactly("subject: a contact without contact.city reads its fallback \"there\" in the subject"
                        + " too: \"A cooling guide for there\". A subject without it, or a fallback that reads well in"
                        + " both, avoids that");
    }

    @Example
    void aFilterThatChangesTheFallbackIsQuotedAsTheContactReadsIt() {
        assertThat(shown("A cooling guide for {{ contact.city | capitalize }}")).isEqualTo("A cooling guide for There");
        assertThat(shown("{{ contact.city | upcase | append: ':' }} a cooling guide")).isEqualTo("THERE: a cooling guide");
    }

    @Example
    void aVariableNotFirstInItsOutputIsFoundToo() {
        assertThat(shown("{{ 'A cooling guide for ' | append: contact.city }}")).isEqualTo("A cooling guide for there");
    }

    @Example
    void aDefaultFilterSaysItsOwnFallbackSoTheAuthorsDoesNotShow() {
        assertThat(fallbacks.warnings("Hi {{ contact.first_name | default: \"friend\" }}, a cooling guide",
                Map.of("contact.first_name", "there"), CustomAttributes.NONE)).isEmpty();
    }

    @Example
    void aVariableShownOnlyWhenTheContactHasItShowsNoFallback() {
        assertThat(shown("A cooling guide{% if contact.city %} for {{ contact.city }}{% endif %}")).isNull();
    }

    @Example
    void theOtherVariablesStandAsWritten() {
        assertThat(shown("{{ contact.first_name }}, a cooling guide for {{ contact.city }}"))
                .isEqualTo("{{ contact.first_name }}, a cooling guide for there");
    }

    @Example
    void aSubjectWithoutTheVariableOrThatCannotBeRenderedWarnsOfNothing() {
        assertThat(shown("A cooling guide for {{ contact.city_name }}")).isNull();
        assertThat(shown("A cooling guide for {{ contact.city ")).isNull();
        assertThat(shown("A cooling guide")).isNull();
    }

    /**
     * Whatever the fallback and the filters a subject passes it through, the subject quoted is the one the engine
     * renders for a contact without the value.
     */
    @Property(tries = 200)
    void theSubjectQuotedIsWhatAContactWithoutTheValueReads(@ForAll("fallbackTexts") String fallback,
            @ForAll("filters") String filters) {
        String subject = "A cooling guide for {{ contact.city" + filters + " }}";
        String[] values = TemplateVariables.PATHS.stream().map(p -> p.equals("contact.city") ? null : "x")
                .toArray(String[]::new);
        String read = liquid.render(subject, TemplateVariables.context(values, Map.of("contact.city", fallback)));

        assertThat(fallbacks.shown(subject, "contact.city", fallback, CustomAttributes.NONE)).isEqualTo(read);
    }

    /** Whatever the fallback, a subject whose output says its own default never shows the author's. */
    @Property(tries = 100)
    void anOutputWithItsOwnDefaultNeverShowsTheFallback(@ForAll("fallbackTexts") String fallback,
            @ForAll("filters") String filters) {
        String subject = "A cooling guide for {{ contact.city | default: \"your city\"" + filters + " }}";

        assertThat(fallbacks.shown(subject, "contact.city", fallback, CustomAttributes.NONE)).isNull();
    }

    private String shown(String subject) {
        return fallbacks.shown(subject, "contact.city", "there", CustomAttributes.NONE);
    }

    @Provide
    Arbitrary<String> fallbackTexts() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('ä', 'ß', 'é').ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.isBlank() && !s.contains("{") && !s.contains("}"));
    }

    @Provide
    Arbitrary<String> filters() {
        return Arbitraries.of(" | capitalize", " | upcase", " | downcase", " | strip", " | append: '!'",
                " | prepend: 'near '", " | escape", " | replace: 'e', 'E'", "")
                .list().ofMaxSize(3).map(list -> String.join("", list));
    }
}
