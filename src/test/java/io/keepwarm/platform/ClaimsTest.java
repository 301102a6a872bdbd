package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimsTest {

    @Test
    void aFullClaimLeavesItsLastContactsRowsForTheNextBatch() {
        assertThat(Claims.wholeContacts(List.of(1L, 2L, 2L, 3L, 3L), 5, Long::longValue)).containsExactly(1L, 2L, 2L);
    }

    @Test
    void aClaimThatIsNotFullIsKeptWhole() {
        assertThat(Claims.wholeContacts(List.of(1L, 2L, 3L), 5, Long::longValue)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aFullClaimOfOneContactIsKeptSoTheQueueMovesOn() {
        assertThat(Claims.wholeContacts(List.of(7L, 7L, 7L), 3, Long::longValue)).containsExactly(7L, 7L, 7L);
    }
}
