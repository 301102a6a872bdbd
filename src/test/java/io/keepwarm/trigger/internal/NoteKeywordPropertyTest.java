package io.keepwarm.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.trigger.Cue;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** A note cue's keywords are found as whole words, whatever their case and accents, never inside other words. */
class NoteKeywordPropertyTest {

    private static final String SEPARATORS = " .,!\n()";
    private static final Map<Character, Character> ACCENTED = Map.of('a', 'á', 'e', 'é', 'i', 'î', 'o', 'ö', 'u', 'ü',
            'c', 'ç', 'n', 'ñ');

    @Property
    void aKeywordBetweenSpacesOrPunctuationIsFoundInAnyCaseAndWithAnyAccents(
            @ForAll @AlphaChars @StringLength(min = 1, max = 10) String keyword,
            @ForAll @StringLength(max = 20) String before, @ForAll @StringLength(max = 20) String after,
            @ForAll @IntRange(max = 6) int left, @ForAll @IntRange(max = 6) int right, @ForAll boolean upper) {
        String written = accented(upper ? keyword.toUpperCase() : keyword);

        assertThat(Cues.keyword(cue(keyword), before + SEPARATORS.charAt(left) + written + SEPARATORS.charAt(right) + after)).contains(keyword);
        assertThat(Cues.keyword(cue(keyword), written)).as("the whole note").contains(keyword);
    }

    @Property
    void aKeywordInsideALongerWordIsNotFound(@ForAll @AlphaChars @StringLength(min = 1, max = 10) String keyword,
            @ForAll @AlphaChars @StringLength(min = 1, max = 5) String joined, @ForAll boolean joinedBefore) {
        String word = joinedBefore ? joined + keyword : keyword + joined;

        assertThat(Cues.keyword(cue(keyword), "- " + word + "!")).isEmpty();
    }

    @Example
    void wordsAPersonWouldNotMeanDoNotFire() {
        assertThat(Cues.keyword(cue("lease"), "Please call back")).isEmpty();
        assertThat(Cues.keyword(cue("call"), "Asked for a recall of the old units")).isEmpty();
        assertThat(Cues.keyword(cue("call"), "Please call back")).contains("call");
        assertThat(Cues.keyword(cue("resume"), "Résumé attached")).contains("resume");
        assertThat(Cues.keyword(cue("Müller"), "spoke to MULLER")).contains("Müller");
        assertThat(Cues.keyword(cue("contract ends"), "Their CONTRACT\n ENDS in May")).contains("contract ends");
        assertThat(Cues.keyword(cue("c++"), "knows C++ well")).contains("c++");
        assertThat(Cues.keyword(cue(" "), "anything")).isEmpty();
    }

    private static Cue.NoteAdded cue(String keyword) {
        return new Cue.NoteAdded(List.of(keyword));
    }

    private static String accented(String word) {
        StringBuilder out = new StringBuilder();
        for (char c : word.toCharArray()) {
            Character a = ACCENTED.get(Character.toLowerCase(c));
            out.append(a == null ? c : Character.isUpperCase(c) ? Character.toUpperCase(a) : a);
        }
        return out.toString();
    }
}
