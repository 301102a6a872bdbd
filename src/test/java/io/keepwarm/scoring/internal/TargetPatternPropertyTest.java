package io.keepwarm.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** A rule's target pattern: plain text is found anywhere, '*' stands for any run of characters, case aside. */
class TargetPatternPropertyTest {

    @Property
    void plainTextMatchesExactlyWhereTheTargetContainsIt(@ForAll @Chars({'a', 'B', '/', '.', '?', '$', '(', '\\'})
            @StringLength(max = 12) String target, @ForAll @Chars({'a', 'b', '/', '.', '?', '$', '(', '\\'})
            @StringLength(min = 1, max = 3) String text) {
        assertThat(BehaviourScoring.targetMatches(target, text)).isEqualTo(target.toLowerCase().contains(text.toLowerCase()));
    }

    @Property
    void aStarBetweenTwoPartsMatchesWhatStartsWithOneAndEndsWithTheOther(@ForAll @AlphaChars @StringLength(max = 4) String head,
            @ForAll @Chars({'x', '.', '*', '['}) @StringLength(max = 6) String middle,
            @ForAll @AlphaChars @StringLength(max = 4) String tail) {
        String target = head + middle + tail;
        assertThat(BehaviourScoring.targetMatches(target, head + "*" + tail)).isTrue();
        assertThat(BehaviourScoring.targetMatches(target.toUpperCase(), head.toLowerCase() + "*" + tail.toLowerCase())).isTrue();
        assertThat(BehaviourScoring.targetMatches(target + "!", head + "*" + tail)).as("the whole target must match")
                .isEqualTo(tail.isEmpty());
    }
}
