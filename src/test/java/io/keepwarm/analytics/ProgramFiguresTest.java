package io.keepwarm.analytics;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Tags;
import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
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
    @Autowired TestClock clock;
    @Autowired io.keepwarm.delivery.internal.SmtpChannel smtp;
    @Autowired io.keepwarm.engine.FrequencyPreferences frequencies;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void eachStepShowsWhoWaitsThereWhatTheMailServerTookWhatWasSuppressedWhyAndWhoReachedTheGoalAsTheProgramPageDoes() throws Exception {
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
        assertThat(figures(row(figures(sequence), 0), "planned", "touched"))
                .as("two emails wait in the outbox for the mail server: not sent yet").containsExactly(2L, 0L);
        smtp.drain();
        JsonNode steps = figures(sequence);
        assertThat(steps).hasSize(3);
        assertThat(figures(row(steps, 0), "touched", "planned", "waiting")).containsExactly(2L, 0L, 0L);
        assertThat(row(steps, 0).get("suppressed").get("NO_CONSENT").asLong()).isEqualTo(1);
        // The three contacts wait at the wait step, as the program page shows them, not at the step after it.
        assertThat(row(steps, 1).get("waiting").asLong()).isEqualTo(3);
        assertThat(row(steps, 2).get("waiting").asLong()).isZero();

        tags.add(cy, List.of("won-" + run));
        // A week in the contacts' zone, as the wait counts it: 169 hours when it takes in the end of summer time.
        clock.advanceDays(7, ZoneId.of("Europe/Berlin"));
        clock.advance(Duration.ofMinutes(1));
        engine.tick();
        smtp.drain();
        steps = figures(sequence);
        assertThat(figures(row(steps, 2), "waiting", "touched", "converted", "planned")).containsExactly(0L, 1L, 0L, 0L);
        assertThat(row(steps, 1).get("converted").asLong()).as("Cy reached the goal during the wait").isEqualTo(1);
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

    @Test
    void aContactWhoPausedHasATouchSuppressedEachWeekAndIsCountedOnceAsAContact() throws Exception {
        mondayMorningInBerlin();
        long stream = api.activeProgram("""
                {"name": "figures paused %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d, %d]}"""
                .formatted(run, api.liveArticle("Paused one " + run), api.liveArticle("Paused two " + run)));
        long ian = contact("ian", true);
        frequencies.pause(ian, new io.keepwarm.engine.FrequencyPreferences.Change(Channel.EMAIL, 1, 90),
                clock.instant().plus(Duration.ofDays(90)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [%d]}".formatted(ian))
                .andExpect(status().isOk());
        ZonedDateTime tenAm = ZonedDateTime.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).withHour(10);
        for (int week = 0; week < 4; week++) {
            clock.set(tenAm.plusWeeks(week).plusMinutes(1).toInstant());
            engine.tick();
        }

        JsonNode cadence = row(figures(stream), 0);

        assertThat(cadence.at("/suppressed/PAUSED").asLong()).as("touches").isEqualTo(4);
        assertThat(cadence.at("/suppressedContacts/PAUSED").asLong()).as("contacts").isEqualTo(1);
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aStepKeepsItsFiguresWhenAnEditInsertsAStepBeforeIt() throws Exception {
        mondayMorningInBerlin();
        long guide = api.liveArticle("Guide " + run);
        String name = "inserted " + run;
        long sequence = api.activeProgram(sequence(name, send(guide), WAIT_A_WEEK, send(api.liveArticle("Case " + run))));
        long ada = contact("ada", true);
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());
        engine.tick();
        smtp.drain();

        edit(sequence, sequence(name, send(api.liveArticle("Intro " + run)), send(guide), WAIT_A_WEEK,
                send(api.liveArticle("Case " + run + " 2"))));

        JsonNode steps = figures(sequence);
        assertThat(figures(row(steps, 0), "touched", "waiting")).as("the new first step").containsExactly(0L, 0L);
        assertThat(figures(row(steps, 1), "touched", "waiting")).as("the guide").containsExactly(1L, 0L);
        assertThat(row(steps, 2).get("waiting").asLong()).as("at the wait").isEqualTo(1);
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void theFiguresOfStepsAnEditRemovedStayInARowOfTheirOwnThroughLaterEdits() throws Exception {
        mondayMorningInBerlin();
        String name = "removed " + run;
        long last = api.liveArticle("Last " + run);
        long sequence = api.activeProgram(sequence(name, send(api.liveArticle("First " + run)),
                send(api.liveArticle("Second " + run)), WAIT_A_DAY, send(last)));
        long bob = contact("bob", true);
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(bob))
                .andExpect(status().isOk());
        engine.tick();

        edit(sequence, sequence(name, send(last)));
        JsonNode steps = figures(sequence);
        assertThat(made(row(steps, ProgramFigures.REMOVED_STEPS))).isEqualTo(2);
        assertThat(made(row(steps, 0))).isZero();
        assertThat(row(steps, 0).get("waiting").asLong()).isEqualTo(1);

        edit(sequence, sequence(name, send(api.liveArticle("New first " + run)), send(last)));
        clock.advance(Duration.ofDays(4));
        engine.tick();
        steps = figures(sequence);
        assertThat(made(row(steps, ProgramFigures.REMOVED_STEPS))).isEqualTo(2);
        assertThat(made(row(steps, 0))).isEqualTo(1);
        assertThat(made(row(steps, 1))).isEqualTo(1);
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    /**
     * Touches a step made, whatever became of them: the cap of one email in three days holds back the second of two
     * at once, and it may go stale.
     */
    private static long made(JsonNode row) {
        long suppressed = 0;
        for (JsonNode count : row.get("suppressed")) {
            suppressed += count.asLong();
        }
        return row.get("touched").asLong() + row.get("planned").asLong() + suppressed + row.get("failed").asLong();
    }

    private static final String WAIT_A_DAY = "{\"type\": \"wait\", \"duration\": \"P1D\"}";
    private static final String WAIT_A_WEEK = "{\"type\": \"wait\", \"duration\": \"P7D\"}";

    private static String send(long content) {
        return "{\"type\": \"send\", \"contentId\": " + content + ", \"channel\": \"EMAIL\"}";
    }

    private static String sequence(String name, String... steps) {
        return "{\"name\": \"" + name + "\", \"kind\": \"SEQUENCE\", \"steps\": [" + String.join(", ", steps) + "]}";
    }

    private void edit(long program, String draft) throws Exception {
        api.as(Role.ADMIN, put("/api/v1/programs/" + program).contentType("application/json").content(draft))
                .andExpect(status().isOk());
    }

    /** Emails may go at once: 9:00 on a Monday in Berlin, the contacts' zone, after anything before. */
    private void mondayMorningInBerlin() {
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .withHour(9).truncatedTo(ChronoUnit.HOURS).toInstant());
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
