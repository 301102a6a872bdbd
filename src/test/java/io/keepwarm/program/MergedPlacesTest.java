package io.keepwarm.program;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.analytics.Analytics;
import io.keepwarm.analytics.FunnelReport;
import io.keepwarm.analytics.Period;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.engine.Engine;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Two records of one person, both through a program that takes each contact once, merged: the program's figures
 * count one person, and the funnel one person's moves.
 */
@KeepwarmTest
class MergedPlacesTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Consents consents;
    @Autowired Analytics analytics;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void mergingTwoRecordsThatBothReachedAProgramsGoalCountsOnePersonEnrolledOneGoalReachedAndOnePersonsMoves()
            throws Exception {
        clock.advance(Duration.ofMinutes(1));
        Instant start = clock.instant();
        long ann = contact("ann");
        long dup = contact("ann-again");
        long program = api.activeProgram("""
                {"name": "once %s", "kind": "SEQUENCE", "reenrollment": "NEVER", "goal": {"field": "tag", "op": "=", "value": "won-%s"},
                 "steps": [{"type": "wait", "duration": "P1D"}, {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, run, api.liveArticle("Guide " + run)));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(ann, dup))
                .andExpect(status().isOk());
        engine.tick();
        for (long c : new long[] {ann, dup}) {
            api.post("/api/v1/contacts/" + c + "/tags", "{\"tags\": [\"won-" + run + "\"]}").andExpect(status().isOk());
        }
        clock.advance(Duration.ofDays(2));
        engine.tick();
        assertThat(json(api.get("/api/v1/programs/" + program + "/stats")).at("/enrollments/GOAL_REACHED").asLong())
                .isEqualTo(2);
        Period period = new Period(start, clock.instant().plusSeconds(1));
        assertThat(flow(period, Stage.NEW, Stage.NURTURE)).as("two records, two people, before the merge").isEqualTo(2);

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(ann, dup))
                .andExpect(status().isOk());

        JsonNode counts = json(api.get("/api/v1/programs/" + program + "/stats")).get("enrollments");
        assertThat(counts.get("GOAL_REACHED").asLong()).isEqualTo(1);
        assertThat(counts.get("ACTIVE").asLong() + counts.get("COMPLETED").asLong() + counts.get("GOAL_REACHED").asLong()
                + counts.get("EXITED").asLong()).as("ever enrolled").isEqualTo(1);
        assertThat(json(api.get("/api/v1/analytics/programs/" + program)).findValues("converted").stream()
                .mapToLong(JsonNode::asLong).sum()).as("converted, over the steps").isEqualTo(1);
        assertThat(json(api.get("/api/v1/programs/" + program + "/enrollments?limit=50")).get("items").valueStream()
                .map(e -> e.get("endReason").asString())).containsExactlyInAnyOrder("GOAL_REACHED", "MERGED");
        assertThat(flow(period, Stage.NEW, Stage.NURTURE)).as("one person's move").isEqualTo(1);
    }

    private long flow(Period period, Stage from, Stage to) {
        return analytics.funnel(period).flows().stream().filter(f -> f.from() == from && f.to() == to)
                .mapToLong(FunnelReport.Flow::moves).sum();
    }

    private long contact(String name) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Ann", "timeZone": "UTC"}""".formatted(uniqueEmail(name + run)));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        return id;
    }
}
