package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.lifecycle.Stage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values the audit log recorded as the API's codes read in words on its page. */
class AuditWordsTest {

    @Test
    void aCallsOutcomeAPiecesTypeAndAHandOffsRejectReasonAreSaidInWords() {
        assertThat(Words.recorded("outcome", "NO_ANSWER", Map.of())).isEqualTo("no answer");
        assertThat(Words.recorded("type", "CASE_STUDY", Map.of())).isEqualTo("case study");
        assertThat(Words.recorded("rejectReason", "NOT_READY", Map.of())).isEqualTo("not ready");
        assertThat(Words.recorded("name", "ACME_GMBH", Map.of())).as("a name stays as written").isEqualTo("ACME_GMBH");
        assertThat(Words.recorded("statusFrom", "LIVE", Map.of())).as("a piece's status before").isEqualTo("live");
        assertThat(Words.recorded("reason", "ENTERED_SQL", Map.of(Stage.SQL, "Accepted by sales")))
                .as("why a contact left its programs").isEqualTo("entered Accepted by sales");
    }

    @Test
    void aHandOffsDecisionNamesItsRepAndItsReasonInWordsForTheTimelineAndTheAuditLogAlike() {
        assertThat(Words.handoffDecision("Hand-off 2 rejected by rita: NOT_READY", username -> "Rita"))
                .contains("Hand-off rejected by Rita: not ready");
        assertThat(Words.handoffDecision("Hand-off 6 accepted by rita", username -> "Rita"))
                .contains("Hand-off accepted by Rita");
        assertThat(Words.handoffDecision("moved by hand", username -> "Rita")).isEmpty();
        assertThat(Words.isHandoffRejection("Hand-off 2 rejected by rita: NO_BUDGET (frozen till Q3)")).isTrue();
    }
}
