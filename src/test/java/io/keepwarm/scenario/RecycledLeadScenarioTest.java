package io.keepwarm.scenario;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.LifecycleJob;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.scoring.Scores;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Leads that sales had and gave back (rejected, or a deal lost) start their score again in nurture, so fresh
 * interest hands them to sales again by the readiness rule, and their next click alone does not.
 */
@KeepwarmTest
class RecycledLeadScenarioTest {

    @Autowired Api api;
    @Autowired ActivityFeed feed;
    @Autowired Lifecycle lifecycle;
    @Autowired LifecycleJob lifecycleJob;
    @Autowired LifecycleRules lifecycleRules;
    @Autowired Scores scores;
    @Autowired ScoringRules rules;
    @Autowired TestClock clock;
    @Autowired org.springframework.transaction.support.TransactionTemplate transaction;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private SalesTeam team;
    private long rep;
    private int events;

    @BeforeEach
    void aRepAndAPricingRule() throws Exception {
        feed.followAll();
        team = new SalesTeam(api);
        rep = team.rep("recycler-" + run);
        team.onlyThese(rep);
        api.post("/api/v1/scoring/rules", """
                {"name": "Pricing %s", "activity": "PAGE_VIEW", "target": "/pricing", "points": 30}""".formatted(run))
                .andExpect(status().isCreated());
    }

    @AfterEach
    void restore() throws Exception {
        rules.behaviourRules().forEach(r -> rules.deleteBehaviourRule(r.id()));
        team.restore();
    }

    @Test
    void aLostDealBackInNurtureStartsItsScoreAgainAndFreshInterestHandsItToSalesAgain() throws Exception {
        long lead = nurtured("lost");
        visitPricing(lead, 4);
        assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.MQL);
        team.post(rep, "/api/v1/handoffs/" + handoffs(lead).getFirst().get("id").asLong() + "/accept", "")
                .andExpect(status().isOk());
        move(lead, "OPPORTUNITY");
        visitPricing(lead, 10); // the sales cycle: pricing looked at again and again, 420 points
        move(lead, "LOST");

        clock.advance(Duration.ofDays(lifecycleRules.recycling().lostReturnDays() + 1));
        assertThat(scores.of(lead).score()).as("half-faded, still far above 100").isGreaterThan(200);
        lifecycleJob.run();
        assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.NURTURE);
        assertThat(scores.of(lead).score()).isZero();
        api.get("/api/v1/contacts/" + lead + "/score/history").andExpect(jsonPath("$.items[0].cause").value("RESET"))
                .andExpect(jsonPath("$.items[0].reason").value("reset: returned to nurture from LOST"))
                .andExpect(jsonPath("$.items[0].scoreAfter").value(0));

        clock.advance(Duration.ofDays(1));
        visitPricing(lead, 3);
        assertThat(lifecycle.current(lead).stage()).as("90 points of fresh interest").isEqualTo(Stage.NURTURE);
        visitPricing(lead, 1);

        assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.MQL);
        assertThat(handoffs(lead)).as("handed to sales a second time").hasSize(2).last().satisfies(h -> {
            assertThat(h.get("state").asString()).isEqualTo("OPEN");
            assertThat(h.get("repId").asLong()).isEqualTo(rep);
        });
    }

    @Test
    void aRejectedLeadDoesNotBounceBackOnItsNextClickButFreshInterestHandsItOverAgain() throws Exception {
        long lead = nurtured("rejected");
        visitPricing(lead, 4);
        assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.MQL);
        team.post(rep, "/api/v1/handoffs/" + handoffs(lead).getFirst().get("id").asLong() + "/reject",
                "{\"reason\": \"NOT_READY\", \"note\": \"just browsing\"}").andExpect(status().isOk());
        assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.NURTURE);
        assertThat(scores.of(lead).score()).isZero();
        api.get("/api/v1/contacts/" + lead + "/score/history").andExpect(jsonPath("$.items[0].cause").value("RESET"))
                .andExpect(jsonPath("$.items[0].reason").value("reset: returned to nurture from MQL"))
                .andExpect(jsonPath("$.items[0].points").value(-120));

        visitPricing(lead, 1);
        assertThat(lifecycle.current(lead).stage()).as("its next click alone").isEqualTo(Stage.NURTURE);
        assertThat(handoffs(lead)).hasSize(1);

        visitPricing(lead, 3);
        assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.MQL);
        assertThat(handoffs(lead)).hasSize(2).last()
                .satisfies(h -> assertThat(h.get("state").asString()).isEqualTo("OPEN"));
    }

    @Test
    void theResetWaitsForTheMoveToCommitSoItNeverLocksAScoreWhileHoldingTheStage() throws Exception {
        long lead = nurtured("committed");
        visitPricing(lead, 4);
        long handoff = handoffs(lead).getFirst().get("id").asLong();

        transaction.executeWithoutResult(tx -> {
            try {
                team.post(rep, "/api/v1/handoffs/" + handoff + "/reject", "{\"reason\": \"NOT_READY\", \"note\": \"later\"}")
                        .andExpect(status().isOk());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            // Scoring locks score rows before stage rows: a reset inside the move could deadlock with it.
            assertThat(scores.of(lead).score()).as("not while the move holds the stage").isEqualTo(120);
        });

        assertThat(scores.of(lead).score()).as("once it has committed").isZero();
    }

    private long nurtured(String name) throws Exception {
        long lead = api.createContact("""
                {"email": "%s", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail(name), rep));
        move(lead, "NURTURE");
        return lead;
    }

    private void move(long contact, String to) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"" + to + "\"}").andExpect(status().isOk());
    }

    /** The contact looks at the pricing page so many times, told by the website, and scoring follows. */
    private void visitPricing(long contact, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            api.post("/api/v1/events", """
                    {"events": [{"id": "%s-%d", "contactId": %d, "type": "PAGE_VIEW", "target": "/pricing"}]}"""
                    .formatted(run, events++, contact)).andExpect(jsonPath("$.accepted").value(1));
        }
        feed.followAll();
    }

    /** The contact's hand-offs, oldest first. */
    private List<JsonNode> handoffs(long contact) throws Exception {
        return json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").valueStream().toList();
    }
}
