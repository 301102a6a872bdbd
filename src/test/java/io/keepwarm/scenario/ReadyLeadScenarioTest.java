package io.keepwarm.scenario;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.engine.Engine;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.program.Enrollments;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 7's loop from activity to a sales conversation and back, as seed 004 tells it: a lead in its monthly stream
 * reads two white papers and looks at pricing twice in a week, crosses the readiness rule, goes to the rep who
 * already owns it with a task, is rejected as not ready, and its stream goes on the next month with the next piece.
 */
@KeepwarmTest
class ReadyLeadScenarioTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Enrollments enrollments;
    @Autowired Delivery delivery;
    @Autowired Consents consents;
    @Autowired ActivityFeed feed;
    @Autowired Lifecycle lifecycle;
    @Autowired ScoringRules rules;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeRules() {
        rules.behaviourRules().forEach(r -> rules.deleteBehaviourRule(r.id()));
        rules.fitRules().forEach(r -> rules.deleteFitRule(r.id()));
    }

    @Test
    void aLeadThatReadsAndLooksAtPricingIsHandedToItsOwnRejectedAsNotReadyAndNurturedOnWithoutARepeat() throws Exception {
        SalesTeam team = new SalesTeam(api);
        long rep = team.rep("caller-" + run);
        team.onlyThese(rep);
        try {
            rules.save(null, new ScoringRules.FitRule(null, "HPC " + run, "industry = \"HPC\"", 45));
            api.post("/api/v1/scoring/rules", """
                    {"name": "White paper", "activity": "FORM_SUBMITTED", "target": "white-paper", "points": 40}""")
                    .andExpect(status().isCreated());
            api.post("/api/v1/scoring/rules", """
                    {"name": "Pricing", "activity": "PAGE_VIEW", "target": "/pricing", "points": 20, "capCount": 2,
                     "capPeriod": "P7D"}""").andExpect(status().isCreated());
            long lead = api.createContact("""
                    {"email": "%s", "firstName": "Ada", "timeZone": "Europe/Berlin", "owner": "%d",
                     "company": {"name": "Cool Racks", "industry": "HPC"}}""".formatted(uniqueEmail("ready"), rep));
            consents.record(lead, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
            api.post("/api/v1/contacts/" + lead + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
            long first = api.liveArticle("Cooling guide " + run);
            long second = api.liveArticle("Rack density " + run);
            long stream = api.activeProgram("""
                    {"name": "monthly %s", "kind": "STREAM",
                     "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d, %d]}"""
                    .formatted(run, first, second));
            api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + lead + "]}");
            clock.set(enrollments.list(stream, null, null, 1).items().getFirst().nextDueAt());
            engine.tick();
            assertThat(outbox(lead)).extracting(OutboxMessage::subject).containsExactly("Cooling guide " + run);

            // Within a week: two white papers, pricing twice, told by the website through the events API. The
            // readiness rule (score 100, grade B) is crossed by the last of them, not before.
            String[] events = {"FORM_SUBMITTED\", \"target\": \"white-paper-cooling", "PAGE_VIEW\", \"target\": \"/pricing",
                    "FORM_SUBMITTED\", \"target\": \"white-paper-density", "PAGE_VIEW\", \"target\": \"/pricing?plan=pro"};
            for (int i = 0; i < events.length; i++) {
                clock.advance(Duration.ofDays(1));
                api.post("/api/v1/events", """
                        {"events": [{"id": "%s-%d", "contactId": %d, "type": "%s"}]}""".formatted(run, i, lead, events[i]))
                        .andExpect(jsonPath("$.accepted").value(1));
                feed.followAll();
                if (i < events.length - 1) {
                    assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.NURTURE);
                }
            }

            assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.MQL);
            var handoff = json(api.get("/api/v1/handoffs?contact=" + lead)).get("items").get(0);
            assertThat(handoff.get("repId").asLong()).as("the rep who already owns the lead").isEqualTo(rep);
            team.get(rep, "/api/v1/tasks?assignee=me&all=true").andExpect(status().isOk())
                    .andExpect(jsonPath("$.items[?(@.contact.id == " + lead + ")].task.kind").value("HANDOFF"));

            team.post(rep, "/api/v1/handoffs/" + handoff.get("id").asLong() + "/reject",
                    "{\"reason\": \"NOT_READY\", \"note\": \"budget opens in spring\"}").andExpect(status().isOk());
            assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.NURTURE);

            clock.set(enrollments.list(stream, null, null, 1).items().getFirst().nextDueAt());
            engine.tick();
            assertThat(outbox(lead)).extracting(OutboxMessage::subject)
                    .containsExactlyInAnyOrder("Cooling guide " + run, "Rack density " + run);
        } finally {
            team.restore();
        }
    }

    private List<OutboxMessage> outbox(long contact) {
        return delivery.outbox(contact, null, null, 100).items();
    }
}
