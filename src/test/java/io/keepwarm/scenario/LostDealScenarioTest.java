package io.keepwarm.scenario;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.engine.Engine;
import io.keepwarm.lifecycle.LifecycleJob;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The product's loop for a lost deal, as seed 000 asks ("don't rule out places where you tried to do business but
 * lost"): a contact in a monthly stream is accepted by sales and leaves it, the deal is lost, and after the recycle
 * delay it is back in nurture and back in the stream it was in, which goes on with the next piece, not the first again.
 */
@KeepwarmTest
class LostDealScenarioTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Delivery delivery;
    @Autowired Consents consents;
    @Autowired Membership membership;
    @Autowired LifecycleJob lifecycleJob;
    @Autowired LifecycleRules rules;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aLostDealComesBackToItsStreamAfterTheRecycleDelayAndGetsTheNextPieceNotOneItHad() throws Exception {
        SalesTeam team = new SalesTeam(api);
        long rep = team.rep("closer-" + run);
        team.onlyThese(rep);
        try {
            long lead = api.createContact("""
                    {"email": "%s", "firstName": "Lou", "timeZone": "UTC", "owner": "%d", "tags": ["fair-%s"]}"""
                    .formatted(uniqueEmail("lost"), rep, run));
            consents.record(lead, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
            move(lead, "NURTURE");
            long audience = json(api.post("/api/v1/segments", """
                    {"name": "fair nurture %1$s", "text": "stage = NURTURE and tag = \\"fair-%1$s\\""}""".formatted(run))
                    .andExpect(status().isCreated())).get("id").asLong();
            long stream = api.activeProgram("""
                    {"name": "fair stream %s", "kind": "STREAM", "audienceSegmentId": %d,
                     "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d, %d, %d]}"""
                    .formatted(run, audience, api.liveArticle("First " + run), api.liveArticle("Second " + run),
                            api.liveArticle("Third " + run)));
            membership.refresh(false);
            nextTouchOf(stream, lead);
            assertThat(outbox(lead)).extracting(OutboxMessage::subject).containsExactly("First " + run);

            move(lead, "MQL");
            long handoff = json(api.get("/api/v1/handoffs?contact=" + lead)).at("/items/0/id").asLong();
            team.post(rep, "/api/v1/handoffs/" + handoff + "/accept", "").andExpect(status().isOk());
            membership.refresh(false);
            assertThat(enrollments(stream, lead)).extracting(e -> e.get("endReason").asString()).containsExactly("ENTERED_SQL");
            move(lead, "OPPORTUNITY");
            move(lead, "LOST");

            clock.advance(Duration.ofDays(rules.recycling().lostReturnDays() + 1));
            assertThat(lifecycleJob.run().moved()).anySatisfy(m -> assertThat(m.contactIds()).contains(lead));
            membership.refresh(false);

            assertThat(enrollments(stream, lead)).extracting(e -> e.get("status").asString())
                    .containsExactly("EXITED", "ACTIVE");
            nextTouchOf(stream, lead);
            assertThat(outbox(lead)).extracting(OutboxMessage::subject)
                    .containsExactlyInAnyOrder("First " + run, "Second " + run);
        } finally {
            team.restore();
        }
    }

    private void move(long contact, String to) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"" + to + "\"}").andExpect(status().isOk());
    }

    /** Moves the clock to the contact's next cadence moment in the stream and runs the engine. */
    private void nextTouchOf(long stream, long contact) throws Exception {
        JsonNode active = enrollments(stream, contact).stream().filter(e -> e.get("status").asString().equals("ACTIVE"))
                .findFirst().orElseThrow();
        clock.set(Instant.parse(active.get("nextDueAt").asString()));
        engine.tick();
    }

    private List<JsonNode> enrollments(long program, long contact) throws Exception {
        return json(api.get("/api/v1/programs/" + program + "/enrollments?limit=500")).get("items").valueStream()
                .filter(e -> e.get("contactId").asLong() == contact).toList();
    }

    private List<OutboxMessage> outbox(long contact) {
        return delivery.outbox(contact, null, null, 100).items();
    }
}
