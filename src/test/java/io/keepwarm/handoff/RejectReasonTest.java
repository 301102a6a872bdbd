package io.keepwarm.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.lifecycle.Stage;
import org.junit.jupiter.api.Test;

class RejectReasonTest {

    @Test
    void aReasonThatDisqualifiesFitsOnlyAMoveToDisqualified() {
        for (RejectReason reason : new RejectReason[] {RejectReason.WRONG_PERSON, RejectReason.BAD_DATA}) {
            assertThat(reason.fits(Stage.DISQUALIFIED)).as(reason.name()).isTrue();
            assertThat(reason.fits(Stage.NURTURE)).as(reason.name()).isFalse();
            assertThat(reason.fits(Stage.RECYCLED)).as(reason.name()).isFalse();
        }
    }

    @Test
    void anyOtherReasonFitsAMoveBackToNurtureButNotDisqualifying() {
        for (RejectReason reason : new RejectReason[] {RejectReason.NOT_READY, RejectReason.NO_BUDGET,
                RejectReason.COMPETITOR, RejectReason.OTHER}) {
            assertThat(reason.fits(Stage.NURTURE)).as(reason.name()).isTrue();
            assertThat(reason.fits(Stage.RECYCLED)).as(reason.name()).isTrue();
            assertThat(reason.fits(Stage.DISQUALIFIED)).as(reason.name()).isFalse();
        }
    }

    @Test
    void aCodeNamesItsReasonInAnyCaseAndAnUnknownOrMissingCodeNone() {
        assertThat(RejectReason.of(" not_ready ")).contains(RejectReason.NOT_READY);
        assertThat(RejectReason.of("WRONG_PERSON")).contains(RejectReason.WRONG_PERSON);
        assertThat(RejectReason.of("MAYBE_LATER")).isEmpty();
        assertThat(RejectReason.of(" ")).isEmpty();
        assertThat(RejectReason.of(null)).isEmpty();
    }
}
