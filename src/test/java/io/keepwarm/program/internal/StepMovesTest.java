package io.keepwarm.program.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.program.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a live sequence's contacts stand after an edit: past steps stay passed, steps ahead are taken. */
class StepMovesTest {

    private static final Step A = new Step.AddTag("a");
    private static final Step B = new Step.AddTag("b");
    private static final Step C = new Step.AddTag("c");
    private static final Step X = new Step.AddTag("x");

    @Test
    void stepsAddedAtTheTopAreTakenOnlyByContactsThatHaveNotStarted() {
        assertThat(StepMoves.places(List.of(A, B, C), List.of(X, A, B, C))).containsExactly(0, 2, 3, 4);
    }

    @Test
    void aStepAddedJustAheadOfAContactIsTakenByIt() {
        assertThat(StepMoves.places(List.of(A, B, C), List.of(A, X, B, C))).containsExactly(0, 1, 3, 4);
    }

    @Test
    void aContactWhoseLastStepWasRemovedResumesAtTheNextStepItHadNotReached() {
        assertThat(StepMoves.places(List.of(A, B, C), List.of(B, C))).containsExactly(0, 0, 1, 2);
        assertThat(StepMoves.places(List.of(A, B, C), List.of(A, C))).containsExactly(0, 1, 1, 2);
    }

    @Test
    void aChangedStepIsTakenByContactsThatHadNotReachedItAndNotAgainByThoseThatPassedIt() {
        Step week = new Step.Wait(Duration.ofDays(7), null, null);
        Step days = new Step.Wait(Duration.ofDays(3), null, null);
        assertThat(StepMoves.places(List.of(A, week, C), List.of(A, days, C))).containsExactly(0, 1, 2, 3);
    }

    @Test
    void unchangedStepsLeaveEveryoneWhereTheyAre() {
        assertThat(StepMoves.places(List.of(A, B, C), List.of(A, B, C))).containsExactly(0, 1, 2, 3);
    }

    @Test
    void theContactsInAChangedWaitGetTheNewWaitThoseInARemovedOneNoneAndAKeptWaitIsLeftAlone() {
        Step.Wait week = new Step.Wait(Duration.ofDays(7), null, null);
        Step.Wait days = new Step.Wait(Duration.ofDays(3), null, null);
        assertThat(StepMoves.changedWaits(List.of(A, week, C), List.of(A, days, C))).isEqualTo(Map.of(2, Optional.of(days)));
        assertThat(StepMoves.changedWaits(List.of(A, week, C), List.of(A, C))).isEqualTo(Map.of(2, Optional.empty()));
        assertThat(StepMoves.changedWaits(List.of(A, week, C), List.of(A, B, C))).isEqualTo(Map.of(2, Optional.empty()));
        assertThat(StepMoves.changedWaits(List.of(A, week, C), List.of(X, A, week, C))).isEmpty();
    }

    @Test
    void contactsInAChangedWaitStandAfterTheWaitThatTookItsPlaceEvenWithAStepAddedBesideIt() {
        Step.Wait days = new Step.Wait(Duration.ofDays(3), null, null);
        Step.Wait day = new Step.Wait(Duration.ofDays(1), null, null);
        assertThat(StepMoves.changedWaits(List.of(A, days, B), List.of(A, X, day, B))).isEqualTo(Map.of(2, Optional.of(day)));
        assertThat(StepMoves.places(List.of(A, days, B), List.of(A, X, day, B))).containsExactly(0, 1, 3, 4);
        Step.Wait week = new Step.Wait(Duration.ofDays(7), null, null);
        Step.Wait fortnight = new Step.Wait(Duration.ofDays(14), null, null);
        assertThat(StepMoves.changedWaits(List.of(A, days, week, B), List.of(A, day, fortnight, B)))
                .as("the first changed wait's contacts wait the first new one, the second's the second")
                .isEqualTo(Map.of(2, Optional.of(day), 3, Optional.of(fortnight)));
    }
}
