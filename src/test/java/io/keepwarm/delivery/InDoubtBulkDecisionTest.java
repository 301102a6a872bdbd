package io.keepwarm.delivery;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.InDoubtMessages;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** After a sender stopped mid-round, a person decides every message it left in doubt with one request. */
@KeepwarmTest
class InDoubtBulkDecisionTest {

    @Autowired Api api;
    @Autowired InDoubtMessages inDoubt;
    @Autowired JdbcClient jdbc;

    private List<String> audited(long id) {
        return jdbc.sql("SELECT details FROM audit_log WHERE action = 'OUTBOX_IN_DOUBT_DECIDED' AND entity_type = "
                + "'outbox_message' AND entity_id = ?").param(String.valueOf(id)).query(String.class).list();
    }

    @Test
    void countingTheListedMessagesAsSentDecidesThemAllAndLeavesOneThatFellInDoubtSinceForItsOwnDecision() throws Exception {
        String email = uniqueEmail("bulk-doubt");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        try {
            long first = inDoubt.add(contact, email, "Round 1");
            long second = inDoubt.add(contact, email, "Round 2");
            long decidedBefore = inDoubt.add(contact, email, "Decided already");
            api.post("/api/v1/outbox/" + decidedBefore + "/resolve?decision=SENT", "").andExpect(status().isOk());
            // Read by the integration; another round's message falls in doubt after it.
            long fellLater = inDoubt.add(contact, email, "Round 3");

            JsonNode answer = Api.json(api.post("/api/v1/outbox/in-doubt/resolve?decision=SENT",
                    "{\"ids\": [" + first + ", " + second + ", " + decidedBefore + "]}").andExpect(status().isOk()));

            assertThat(answer.get("decided").toString()).isEqualTo("[" + first + "," + second + "]");
            assertThat(answer.get("notInDoubt").toString()).isEqualTo("[" + decidedBefore + "]");
            assertThat(List.of(inDoubt.statusOf(first), inDoubt.statusOf(second), inDoubt.statusOf(fellLater)))
                    .containsExactly("SENT", "SENT", "IN_DOUBT");
            assertThat(audited(first)).singleElement().asString().contains("\"decision\":\"SENT\"")
                    .contains("\"decidedTogether\":2").contains("\"contactId\":" + contact);
            assertThat(audited(second)).hasSize(1);
            assertThat(audited(decidedBefore)).as("the single decision is audited as well, once").hasSize(1);
            assertThat(audited(fellLater)).isEmpty();

            JsonNode again = Api.json(api.post("/api/v1/outbox/in-doubt/resolve?decision=RESEND",
                    "{\"ids\": [" + fellLater + "]}").andExpect(status().isOk()));
            assertThat(again.get("decided").toString()).isEqualTo("[" + fellLater + "]");
            assertThat(inDoubt.statusOf(fellLater)).isEqualTo("QUEUED");
            assertThat(audited(fellLater)).singleElement().asString().contains("\"decision\":\"RESEND\"");
        } finally {
            inDoubt.removeAllOf(contact);
        }
    }

    @Test
    void aBulkDecisionNamingNoMessageIsRefusedWithWhatToSend() throws Exception {
        api.post("/api/v1/outbox/in-doubt/resolve?decision=SENT", "{\"ids\": []}").andExpect(status().isBadRequest())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("GET /api/v1/outbox/in-doubt"));
    }
}
