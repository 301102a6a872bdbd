package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepTaskTextTest {

    @Test
    void aOneLineTextIsTheTitleAndNothingElse() {
        assertThat(StepTaskText.of("  Ask about the renewal  ")).isEqualTo(new StepTaskText("Ask about the renewal", null));
    }

    @Test
    void theFirstLineIsTheTitleAndTheLinesAfterItTheContext() {
        assertThat(StepTaskText.of("Ask about the renewal\r\nThey mentioned a budget review.\nIn March."))
                .isEqualTo(new StepTaskText("Ask about the renewal", "They mentioned a budget review.\nIn March."));
    }

    @Test
    void aFirstLineTooLongForATitleIsCutAtAWordAndTheContextGoesOnFromTheCutSoNothingIsSaidTwice() {
        String text = "Call them about the renewal of the cooling contract and ask whether the new site in Leipzig"
                + " needs a quote too";

        StepTaskText task = StepTaskText.of(text);

        assertThat(task.title()).isEqualTo("Call them about the renewal of the cooling contract and ask whether the new…");
        assertThat(task.title().length()).isLessThanOrEqualTo(StepTaskText.TITLE_LENGTH);
        assertThat(task.context()).isEqualTo("…site in Leipzig needs a quote too");
        assertThat(task.title().replace("…", "") + " " + task.context().replace("…", "")).isEqualTo(text);
    }

    @Test
    void theLinesAfterALongFirstLineFollowTheRestOfIt() {
        String first = "Call them about the renewal of the cooling contract and ask whether the new site in Leipzig"
                + " needs a quote too";

        StepTaskText task = StepTaskText.of(first + "\nThey mentioned a budget review.");

        assertThat(task.context()).isEqualTo("…site in Leipzig needs a quote too\nThey mentioned a budget review.");
    }

    @Test
    void aLineWithoutSpacesIsCutWhereTheTitleEndsWithoutSplittingACharacter() {
        String text = "x".repeat(78) + "😀" + "y".repeat(20);

        assertThat(StepTaskText.of(text).title()).isEqualTo("x".repeat(78) + "…");
    }

    @Test
    void aBlankTextLeavesTheKindsLabel() {
        assertThat(StepTaskText.of(" ")).isEqualTo(new StepTaskText("Follow-up", null));
    }
}
