package io.keepwarm.analytics;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Tags;
import io.keepwarm.engine.Engine;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A program's figures per step, computed in SQL on this run's database (H2, then PostgreSQL), over the API. */
@KeepwarmTest
class ProgramFiguresTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Consents consents;
    @Autowired Tags tags;
    @Autowired SimulatedClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void eachStepShowsWhoWaitsThereWhatWasSentWhatWasSuppressedWhyAndWhoReachedTheGoal() throws Exception {
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .withHour(9).truncatedTo(ChronoUnit.HOURS).toInstant());
        long first = api.liveArticle("Figures one " + run);
        long second = api.liveArticle("Figures two " + run);
        long sequence = api.activeProgram("""
                {"name": "figures %s", "kind": "SEQUENCE", "goal": {"field": "tag", "op": "=", "value": "won-%s"}, "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"},
                  {"type": "wait", "duration": "P7D"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, run, first, second));
        long ada = contact("ada", true);
        long bob = contact("bob", false);
        long cy = contact("cy", true);
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d, %d, %d]}".formatted(ada, bob, cy))
                .andExpect(status().isOk());

        engine.tick();
        JsonNode steps = figures(sequence);
        assertThat(steps).hasSize(3);
        assertThat(figures(row(steps, 0), "touched", "waiting")).containsExactly(2L, 0L);
        assertThat(row(steps, 0).get("suppressed").get("NO_CONSENT").asLong()).isEqualTo(1);
        // The wait step holds its three contacts at the step after it.
        assertThat(row(steps, 1).get("waiting").asLong()).isZero();
        assertThat(row(steps, 2).get("waiting").asLong()).isEqualTo(3);

        tags.add(cy, List.of("won-" + run));
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        engine.tick();
        steps = figures(sequence);
        assertThat(figures(row(steps, 2), "waiting", "touched", "converted", "planned")).containsExactly(0L, 1L, 1L, 0L);
        assertThat(row(steps, 2).get("suppressed").get("NO_CONSENT").asLong()).isEqualTo(1);
        assertThat(row(steps, 0).get("converted").asLong()).isZero();

        api.get("/api/v1/analytics/programs/999999999").andExpect(status().isNotFound());
    }

    @Test
    void aStreamHasOneRowForItsCadenceWithEveryActiveContactWaiting() throws Exception {
        long stream = api.activeProgram("""
                {"name": "figures stream %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, api.liveArticle("Stream piece " + run)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [%d, %d]}"
                .formatted(contact("dee", true), contact("eve", true))).andExpect(status().isOk());

        JsonNode steps = figures(stream);

        assertThat(steps).hasSize(1);
        assertThat(figures(row(steps, 0), "waiting", "touched")).containsExactly(2L, 0L);
        // Other tests tick the shared engine: leave them no touch of ours to send.
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    private JsonNode figures(long program) throws Exception {
        JsonNode body = json(api.get("/api/v1/analytics/programs/" + program).andExpect(status().isOk()));
        assertThat(body.get("programId").asLong()).isEqualTo(program);
        return body.get("steps");
    }

    private static List<Long> figures(JsonNode row, String... names) {
        return java.util.Arrays.stream(names).map(name -> row.get(name).asLong()).toList();
    }

    private static JsonNode row(JsonNode steps, int step) {
        for (JsonNode row : steps) {
            if (row.get("step").asInt() == step) {
                return row;
            }
        }
        throw new AssertionError("no row for step " + step + " in " + steps);
    }

    private long contact(String name, boolean consent) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "%s", "timeZone": "Europe/Berlin"}""".formatted(uniqueEmail(name), name));
        if (consent) {
            consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        }
        return id;
    }
}
