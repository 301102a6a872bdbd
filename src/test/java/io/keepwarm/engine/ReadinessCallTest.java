package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A program checks readiness by a call when its step says PHONE: a readiness-check call with the piece's script in the
 * owner's day, whose "not now, ask again on …" sets the contact's expected-ready date.
 */
@KeepwarmTest
class ReadinessCallTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired SimulatedClock clock;

    private SalesTeam team;
    private long rep;

    @AfterEach
    void repAway() throws Exception {
        team.away(rep, true); // so the hand-off job and other tests' leads pass them by
    }

    @Test
    void aReadinessStepByPhonePutsACallWithTheScriptInTheOwnersDayAndItsAnswerSetsTheReadyDate() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Checker");
        long contact = team.contactToCallToday(rep, "Vera", "+49 30 7654321", clock);
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = json(api.post("/api/v1/content", """
                {"name": "Ready call %s", "type": "CALL_SCRIPT", "status": "LIVE", "fallbacks": {"contact.first_name": "them"},
                 "variants": {"phone": {"script": "Ask {{ contact.first_name }} when the cooling budget opens"}}}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        long program = api.activeProgram("""
                {"name": "Ready by phone %s", "kind": "SEQUENCE",
                 "steps": [{"type": "readiness", "contentId": %d, "channel": "PHONE"}]}""".formatted(run, piece));
        assertThat(json(api.get("/api/v1/programs/" + program)).at("/steps/0/channel").asString()).isEqualTo("PHONE");
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");

        engine.plan();

        JsonNode call = null;
        for (JsonNode entry : json(team.get(rep, "/api/v1/tasks?assignee=me&all=true&limit=500")).get("items")) {
            call = entry.at("/task/contactId").asLong() == contact ? entry.get("task") : call;
        }
        assertThat(call).as("a call in the owner's day").isNotNull();
        assertThat(call.get("kind").asString()).isEqualTo("READINESS_CHECK");
        assertThat(call.get("script").asString()).isEqualTo("Ask Vera when the cooling budget opens");
        assertThat(call.get("context").asString()).as("the rep's why now")
                .isEqualTo("From program 'Ready by phone " + run + "': ask whether and when they will be ready to buy");
        LocalDate askAgain = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(4);
        team.post(rep, "/api/v1/tasks/" + call.get("id").asLong() + "/complete", """
                {"outcome": "REACHED_NOT_NOW", "askAgainOn": "%s"}""".formatted(askAgain)).andExpect(status().isOk());
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).at("/readiness/readyOn").asString())
                .isEqualTo(askAgain.toString());
    }
}
