package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Tags;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.ProgramExhausted;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The engine's planning side: which touches programs plan, when, and when enrollments end. */
@KeepwarmTest
@RecordApplicationEvents
class PlanningTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Enrollments enrollments;
    @Autowired Tags tags;
    @Autowired Activities activities;
    @Autowired TestClock clock;
    @Autowired ApplicationEvents events;
    @Autowired io.keepwarm.contact.Contacts contacts;
    @Autowired org.springframework.context.ConfigurableApplicationContext context;
    @Autowired PlatformTransactionManager transactions;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    /**
     * A stream counts a piece as taken once it is sent or on its way; one held back for want of consent stays to be
     * offered again. Leads here consent, so what the stream plans is what they get.
     */
    private static final String EMAIL_CONSENT = " \"consents\": [{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"form\"}]";

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void seed003ATradeShowLeadGetsOneTouchAMonthUntilItRepliesAndThenNothingMore() throws Exception {
        long lead = api.createContact("{\"email\": \"" + uniqueEmail("booth") + "\", \"source\": \"TRADE_SHOW\","
                + " \"timeZone\": \"America/Chicago\"," + EMAIL_CONSENT + "}");
        api.post("/api/v1/contacts/" + lead + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        List<Long> pool = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pool.add(article("Monthly " + i + " " + run, i == 1 ? "CUSTOMER" : null));
        }
        long stream = api.activeProgram("""
                {"name": "monthly %s", "kind": "STREAM", "goal": {"activity": "replied"},
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"},
                 "pool": %s}""".formatted(run, pool));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + lead + "]}");

        for (int month = 2; month <= 5; month++) {
            Instant due = enrollment(stream).nextDueAt();
            clock.set(due);
            engine.plan();
            engine.plan();
            assertThat(engine.touchesOf(lead)).as("touches by month %d", month).hasSize(month - 1);
        }
        // The second piece is for customers only, so a nurture lead gets the others in the pool's order.
        assertThat(engine.touchesOf(lead)).extracting(Touch::contentId)
                .containsExactly(pool.get(0), pool.get(2), pool.get(3), pool.get(4));

        clock.advance(Duration.ofDays(3));
        activities.record(List.of(new Activity(lead, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        clock.set(enrollment(stream).nextDueAt());
        engine.plan();

        assertThat(engine.touchesOf(lead)).hasSize(4);
        Enrollment ended = enrollment(stream);
        assertThat(ended.status()).isEqualTo(Enrollment.Status.COMPLETED);
        assertThat(ended.endReason()).isEqualTo("GOAL_REACHED");
    }

    @Test
    void aSendJustBeforeAGoalStepThatHoldsGoesOutAndTheContactLeavesAtTheGoal() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("goalstep") + "\", \"timeZone\": \"Europe/Berlin\","
                + EMAIL_CONSENT + "}");
        long a = article("Before the goal " + run, null);
        long sequence = api.activeProgram(sequence("goal step " + run, """
                [%s, {"type": "addTag", "tag": "done-%s"},
                 {"type": "goal", "rule": {"field": "tag", "op": "=", "value": "done-%s"}}]""".formatted(send(a), run, run)));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + id + "]}");
        // A Sunday: the touch waits for Monday morning, past the moment the contact left at the goal.
        clock.advanceToNext(java.time.DayOfWeek.SUNDAY, java.time.LocalTime.of(9, 0),
                java.time.ZoneId.of("Europe/Berlin"));

        engine.plan();
        assertThat(engine.touchesOf(id)).singleElement().extracting(Touch::state).isEqualTo(Touch.State.PLANNED);
        assertThat(enrollment(sequence).endReason()).isEqualTo("GOAL_REACHED");

        clock.set(mondayMorningInBerlin());
        engine.tick();

        assertThat(engine.touchesOf(id)).singleElement().satisfies(t -> {
            assertThat(t.contentId()).isEqualTo(a);
            assertThat(t.state()).isEqualTo(Touch.State.SENT);
        });
    }

    private Instant mondayMorningInBerlin() {
        return java.time.ZonedDateTime.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Berlin"))
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY)).withHour(9).withMinute(0)
                .withSecond(0).withNano(0).toInstant();
    }

    @Test
    void aStreamPassesOverACallScriptInItsPoolSendsTheNextPieceAndSaysWhichItPassedOver() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("callscript") + "\"," + EMAIL_CONSENT + "}");
        var script = tools.jackson.databind.json.JsonMapper.shared().createObjectNode().put("name", "Call " + run)
                .put("type", "CALL_SCRIPT").put("status", "LIVE");
        script.putObject("variants").putObject("phone").put("script", "Is now a good time?");
        long call = json(api.post("/api/v1/content", script.toString()).andExpect(status().isCreated())).get("id").asLong();
        long a = article("After the call " + run, null);
        long b = article("Later " + run, null);
        long stream = api.activeProgram("""
                {"name": "with a call %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d, %d, %d]}"""
                .formatted(run, call, a, b));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + id + "]}");

        for (int week = 0; week < 2; week++) {
            clock.set(enrollment(stream).nextDueAt());
            engine.plan();
        }

        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactly(a, b);
        var stats = json(api.get("/api/v1/programs/" + stream + "/stats"));
        assertThat(stats.at("/passedOver/" + call).asString()).isEqualTo("it has no email version");
        assertThat(stats.at("/runningOut/now").asLong()).as("the call script is not left for anyone").isEqualTo(1);
        api.post("/api/v1/programs/" + stream + "/unscheduled", "{\"contentId\": " + call + "}")
                .andExpect(status().isBadRequest()).andExpect(org.springframework.test.web.servlet.result
                        .MockMvcResultMatchers.jsonPath("$.errors[0].message").value(
                                org.hamcrest.Matchers.containsString("no email version")));
    }

    @Test
    void aSequenceSendsWaitsActsAndFinishesInOrder() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("drip") + "\"}");
        long first = article("Drip first " + run, null);
        long second = article("Drip second " + run, null);
        long sequence = api.activeProgram("""
                {"name": "drip %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"},
                  {"type": "wait", "duration": "P7D"},
                  {"type": "branch", "rule": {"field": "tag", "op": "=", "value": "vip"}, "elseStep": 4},
                  {"type": "task", "text": "Call the VIP"},
                  {"type": "addTag", "tag": "nurtured-%s"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, first, run, second));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + id + "]}");
        Instant start = clock.instant();

        engine.plan();
        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactly(first);
        assertThat(enrollment(sequence).step()).isEqualTo(2);
        assertThat(enrollment(sequence).nextDueAt()).isEqualTo(start.plus(Duration.ofDays(7)));

        clock.advance(Duration.ofDays(7));
        engine.plan();

        assertThat(engine.touchesOf(id)).extracting(Touch::kind, Touch::contentId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Touch.Kind.SEND, first),
                        org.assertj.core.groups.Tuple.tuple(Touch.Kind.SEND, second));
        assertThat(tags.list(id)).contains("nurtured-" + run);
        assertThat(enrollment(sequence).status()).isEqualTo(Enrollment.Status.COMPLETED);
        assertThat(enrollment(sequence).endReason()).isEqualTo("FINISHED");
    }

    @Test
    void aContactEnrolledAtAnInstantBetweenTwoMicrosecondsIsTouchedByATickAtThatSameInstant() throws Exception {
        // Both databases keep microseconds and round: a due time of .672259626 stored as .672260 was after "now"
        // until the clock moved again.
        clock.set(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusNanos(672_259_626));
        long id = api.createContact("{\"email\": \"" + uniqueEmail("between") + "\"," + EMAIL_CONSENT + "}");
        long piece = article("Between microseconds " + run, null);
        long sequence = api.activeProgram(sequence("between " + run, "[" + send(piece) + "]"));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + id + "]}");

        engine.plan();

        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactly(piece);
    }

    @Test
    void aStreamResumedAfterWeeksSendsOneTouchNotOneForEveryCadenceItMissed() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("resumed") + "\"," + EMAIL_CONSENT + "}");
        List<Long> pool = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pool.add(article("Weekly " + i + " " + run, null));
        }
        long stream = api.activeProgram("""
                {"name": "weekly %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": %s}""".formatted(run, pool));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + id + "]}");
        clock.set(enrollment(stream).nextDueAt());
        engine.plan();
        assertThat(engine.touchesOf(id)).hasSize(1);
        api.post("/api/v1/programs/" + stream + "/pause", "");

        clock.advance(Duration.ofDays(35));
        api.post("/api/v1/programs/" + stream + "/activate", "");
        engine.plan();
        engine.plan();

        assertThat(engine.touchesOf(id)).hasSize(2);
        assertThat(enrollment(stream).nextDueAt()).isAfter(clock.instant());
    }

    @Test
    void aContactInTwoStreamsWithTheSamePieceGetsItOnceWhenBothComeDueTogether() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("twostreams") + "\"," + EMAIL_CONSENT + "}");
        long shared = article("Shared " + run, null);
        long other = article("Other " + run, null);
        long first = api.activeProgram("""
                {"name": "first %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d]}""".formatted(run, shared));
        long second = api.activeProgram("""
                {"name": "second %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d, %d]}""".formatted(run, shared,
                other));
        api.post("/api/v1/programs/" + first + "/enrollments", "{\"contactIds\": [" + id + "]}");
        api.post("/api/v1/programs/" + second + "/enrollments", "{\"contactIds\": [" + id + "]}");
        assertThat(enrollment(second).nextDueAt()).isEqualTo(enrollment(first).nextDueAt());
        clock.set(enrollment(first).nextDueAt());

        engine.plan();

        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactlyInAnyOrder(shared, other);
    }

    @Test
    void theHigherPriorityProgramTakesEveryContactsBudgetEvenWhereABatchEndsBetweenTheContactsTwoPrograms()
            throws Exception {
        clock.set(clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate()
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY)).atTime(10, 0)
                .toInstant(java.time.ZoneOffset.UTC));
        long high = api.activeProgram(sequence("high " + run, "[" + send(article("High " + run, null)) + "]")
                .replace("\"kind\"", "\"priority\": 1, \"kind\""));
        long low = api.activeProgram(sequence("low " + run, "[" + send(article("Low " + run, null)) + "]")
                .replace("\"kind\"", "\"priority\": 2, \"kind\""));
        int contacts = Engine.BATCH / 2 + 10;
        var now = io.keepwarm.platform.Timestamps.of(clock.instant());
        String prefix = "priority-" + run + "-";
        jdbc.batchUpdate("""
                INSERT INTO contacts (email, first_name, time_zone, source, validity, created_at, updated_at)
                VALUES (?, 'Ada', 'UTC', 'IMPORT', 'VALID', ?, ?)""", java.util.stream.IntStream.range(0, contacts)
                .mapToObj(i -> new Object[] {prefix + i + "@example.com", now, now}).toList());
        jdbc.update("""
                INSERT INTO consent_events (contact_id, channel, state, source, recorded_at, recorded_by)
                SELECT id, 'EMAIL', 'GRANTED', 'form', ?, 'test' FROM contacts WHERE email LIKE ?""", now, prefix + "%");
        // The lower-priority program's rows first: read in the order they were written, they filled the first batch.
        for (long program : new long[] {low, high}) {
            jdbc.update("""
                    INSERT INTO enrollments (program_id, contact_id, active_contact_id, status, source, enrolled_at, step,
                        occurrence, next_due_at)
                    SELECT ?, id, id, 'ACTIVE', 'API', ?, 0, 0, ? FROM contacts WHERE email LIKE ? ORDER BY id""",
                    program, now, now, prefix + "%");
        }

        engine.plan();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM touches WHERE program_id = ? AND state = 'SENT'",
                Long.class, high)).as("every contact got the priority-1 piece").isEqualTo(contacts);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM touches WHERE program_id = ? AND state = 'PLANNED' AND reason = 'CAP_REACHED'""",
                Long.class, low)).as("and the priority-2 piece waits for room under the cap").isEqualTo(contacts);
        api.post("/api/v1/programs/" + low + "/archive", "");
        api.post("/api/v1/programs/" + high + "/archive", "");
    }

    @Test
    void aContactWhoseStoredZoneIsNoLongerKnownIsEnrolledAndWalkedInTheAccountsZoneNotDropped() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("lostzone") + "\"," + EMAIL_CONSENT + "}");
        // Stored before zones were checked, or dropped by a later IANA release.
        jdbc.update("UPDATE contacts SET time_zone = 'Atlantis/Poseidonis' WHERE id = ?", id);
        long sequence = api.activeProgram(sequence("lost zone " + run, "[" + send(article("Lost " + run, null)) + ", "
                + "{\"type\": \"wait\", \"day\": \"TUESDAY\", \"at\": \"10:00\"}]"));

        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + id + "]}")
                .andExpect(status().isOk());
        engine.plan();

        assertThat(engine.touchesOf(id)).as("its touch was planned").hasSize(1);
        assertThat(enrollment(sequence)).satisfies(e -> {
            assertThat(e.status()).isEqualTo(io.keepwarm.program.Enrollment.Status.ACTIVE);
            assertThat(e.nextDueAt().atZone(java.time.ZoneOffset.UTC).getDayOfWeek())
                    .as("Tuesday 10:00 in the account's zone (UTC in tests)").isEqualTo(java.time.DayOfWeek.TUESDAY);
        });
        api.post("/api/v1/programs/" + sequence + "/archive", "");
    }

    @Test
    void aPausedProgramHoldsItsContactsAndAStreamThatRunsOutSaysSo() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("pause") + "\"," + EMAIL_CONSENT + "}");
        long stream = api.activeProgram("""
                {"name": "short %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d]}""".formatted(run,
                article("Short " + run, null)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + id + "]}");
        api.post("/api/v1/programs/" + stream + "/pause", "");
        clock.set(enrollment(stream).nextDueAt());
        engine.plan();
        assertThat(engine.touchesOf(id)).isEmpty();

        api.post("/api/v1/programs/" + stream + "/activate", "");
        engine.plan();
        assertThat(engine.touchesOf(id)).hasSize(1);
        clock.set(enrollment(stream).nextDueAt());
        engine.plan();

        assertThat(engine.touchesOf(id)).hasSize(1);
        assertThat(enrollment(stream).status()).isEqualTo(Enrollment.Status.ACTIVE);
        assertThat(api.get("/api/v1/programs/" + stream + "/enrollments").andReturn().getResponse().getContentAsString())
                .contains("\"exhaustedAt\"");
    }

    @Test
    void aStreamThatRanDryCountsAsOutNoMoreOnceNewContentGoesAndSaysSoAgainWhenItRunsDryAgain() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("refilled") + "\"," + EMAIL_CONSENT + "}");
        long first = article("First " + run, null);
        long added = article("Added " + run, null);
        String stream = """
                {"name": "refilled %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": %s}""";
        long program = api.activeProgram(stream.formatted(run, List.of(first)));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + id + "]}");
        clock.set(enrollment(program).nextDueAt());
        engine.plan();
        clock.set(enrollment(program).nextDueAt());
        engine.plan();
        assertThat(exhausted(program)).isEqualTo(1);

        edit(program, stream.formatted(run, List.of(first, added)));
        assertThat(exhausted(program)).as("a piece left for the contact again").isZero();
        clock.set(enrollment(program).nextDueAt());
        engine.plan();
        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactlyInAnyOrder(first, added);
        assertThat(exhausted(program)).as("the new piece had: nothing left again").isEqualTo(1);

        clock.set(enrollment(program).nextDueAt());
        engine.plan();
        assertThat(exhausted(program)).isEqualTo(1);
        assertThat(events.stream(ProgramExhausted.class).filter(e -> e.programId() == program)).hasSize(2);
    }

    @Test
    void aStreamContactIsOutOfContentForItsTriggerAndTheFiguresWhenTheLastPieceGoesAsThePageSaysNotACadenceLater()
            throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("last-piece") + "\", \"timeZone\": \"Europe/Berlin\","
                + EMAIL_CONSENT + "}");
        // The first Tuesday at 10:00 in Berlin: a weekday morning, so each piece goes when it is due.
        long program = api.activeProgram("""
                {"name": "last piece %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d, %d]}"""
                .formatted(run, article("First of two " + run, null), article("Second of two " + run, null)));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + id + "]}");
        clock.set(enrollment(program).nextDueAt());
        engine.plan();
        assertThat(exhausted(program)).as("one piece left").isZero();

        clock.set(enrollment(program).nextDueAt());
        engine.plan();

        assertThat(engine.touchesOf(id)).hasSize(2).extracting(Touch::state).containsOnly(Touch.State.SENT);
        assertThat(clock.instant()).isBefore(enrollment(program).nextDueAt());
        assertThat(exhausted(program)).isEqualTo(1);
        assertThat(events.stream(ProgramExhausted.class).filter(e -> e.programId() == program))
                .as("what a trigger on running out of content hears").singleElement()
                .satisfies(e -> assertThat(e.contactId()).isEqualTo(id));
        assertThat(enrollment(program).exhaustedAt()).isEqualTo(clock.instant());

        clock.set(enrollment(program).nextDueAt());
        engine.plan();
        assertThat(events.stream(ProgramExhausted.class).filter(e -> e.programId() == program))
                .as("told once, though the stream then finds nothing to send").hasSize(1);
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aStreamContactWhoseLastPieceWaitedForMondayIsOutOfContentWhenItGoesAndNotBefore() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("held-last") + "\", \"timeZone\": \"Europe/Berlin\","
                + EMAIL_CONSENT + "}");
        // Saturday 10:00 in Berlin: no email at weekends, so the one piece waits for Monday morning.
        long program = api.activeProgram("""
                {"name": "held last %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "SATURDAY", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, article("Only one " + run, null)));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + id + "]}");
        clock.set(enrollment(program).nextDueAt());
        engine.plan();
        Touch held = engine.touchesOf(id).getFirst();
        assertThat(held.state()).isEqualTo(Touch.State.PLANNED);
        assertThat(exhausted(program)).isZero();

        clock.set(held.dueAt().plusSeconds(60));
        engine.send();

        assertThat(engine.touchesOf(id)).singleElement().extracting(Touch::state).isEqualTo(Touch.State.SENT);
        assertThat(exhausted(program)).isEqualTo(1);
        assertThat(events.stream(ProgramExhausted.class).filter(e -> e.programId() == program)).hasSize(1);
        assertThat(enrollment(program).exhaustedAt()).isEqualTo(clock.instant());
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    /** The stream's contacts out of content, as its page and stats count them, and as its analytics must too. */
    private long exhausted(long program) throws Exception {
        long stats = json(api.get("/api/v1/programs/" + program + "/stats")).at("/enrollments/EXHAUSTED").asLong();
        assertThat(json(api.get("/api/v1/analytics/programs/" + program)).at("/steps/0/exhausted").asLong())
                .as("the program's analytics, as its page and stats").isEqualTo(stats);
        return stats;
    }

    @Test
    void stepsAddedBeforeWhereAContactStandsInALiveSequenceAreNeverTakenAndNothingIsSentAgain() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("edited") + "\"," + EMAIL_CONSENT + "}");
        long a = article("A " + run, null);
        long b = article("B " + run, null);
        long c = article("C " + run, null);
        String name = "edited " + run;
        long sequence = api.activeProgram(sequence(name, "[%s, %s, %s]".formatted(send(a), WAIT_A_DAY, send(b))));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + id + "]}");
        engine.plan();
        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactly(a);

        edit(sequence, sequence(name, "[{\"type\": \"addTag\", \"tag\": \"top-%s\"}, %s, %s, %s, %s]".formatted(run,
                send(c), send(a), WAIT_A_DAY, send(b))));
        clock.advance(Duration.ofDays(1));
        engine.plan();

        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactlyInAnyOrder(a, b);
        assertThat(tags.list(id)).doesNotContain("top-" + run);
    }

    @Test
    void stepsRemovedBeforeWhereAContactStandsLeaveItToTakeTheRestOnce() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("trimmed") + "\"," + EMAIL_CONSENT + "}");
        long a = article("A " + run, null);
        long b = article("B " + run, null);
        long c = article("C " + run, null);
        String name = "trimmed " + run;
        long sequence = api.activeProgram(sequence(name, "[%s, %s, %s, %s, %s]".formatted(send(a), WAIT_A_DAY, send(b),
                WAIT_A_DAY, send(c))));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + id + "]}");
        engine.plan();
        clock.advance(Duration.ofDays(1));
        engine.plan();
        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactlyInAnyOrder(a, b);

        // C now stands where B stood: a step of its own, not B again.
        edit(sequence, sequence(name, "[%s, %s, %s]".formatted(send(b), WAIT_A_DAY, send(c))));
        clock.advance(Duration.ofDays(1));
        engine.plan();

        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void aShortenedWaitIsCountedAsSuchByTheEditorAndLetsContactsAlreadyInItGoOnWhenTheNewTimeIsUp() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("shortened") + "\"," + EMAIL_CONSENT + "}");
        long a = article("A " + run, null);
        long b = article("B " + run, null);
        String name = "shortened " + run;
        String month = "{\"type\": \"wait\", \"duration\": \"P30D\"}";
        String week = "{\"type\": \"wait\", \"duration\": \"P7D\"}";
        long sequence = api.activeProgram(sequence(name, "[%s, %s, %s]".formatted(send(a), month, send(b))));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + id + "]}");
        engine.plan();
        Instant began = clock.instant();
        clock.advance(Duration.ofDays(5));

        String shortened = sequence(name, "[%s, %s, %s]".formatted(send(a), week, send(b)));
        api.post("/api/v1/programs/" + sequence + "/impact", shortened)
                .andExpect(jsonPath("$.affected").value(1))
                .andExpect(jsonPath("$.why").value(org.hamcrest.Matchers.containsString("wait the new time")));
        edit(sequence, shortened);

        assertThat(enrollment(sequence).nextDueAt()).as("a week from when the contact began waiting, not from the edit")
                .isEqualTo(began.plus(Duration.ofDays(7)));
        clock.advance(Duration.ofDays(1));
        engine.plan();
        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactly(a);
        clock.advance(Duration.ofDays(1));
        engine.plan();
        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void contactsWaitingInAWaitThatIsRemovedGoOnAtOnce() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("unwaited") + "\"," + EMAIL_CONSENT + "}");
        long a = article("A " + run, null);
        long b = article("B " + run, null);
        String name = "unwaited " + run;
        long sequence = api.activeProgram(sequence(name, "[%s, {\"type\": \"wait\", \"duration\": \"P30D\"}, %s]"
                .formatted(send(a), send(b))));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + id + "]}");
        engine.plan();

        String noWait = sequence(name, "[%s, %s]".formatted(send(a), send(b)));
        api.post("/api/v1/programs/" + sequence + "/impact", noWait).andExpect(jsonPath("$.affected").value(1));
        edit(sequence, noWait);
        engine.plan();

        assertThat(engine.touchesOf(id)).extracting(Touch::contentId).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aSequenceEditedWhileAPassWalksItsContactsWalksTheRestWithTheNewSteps() throws Exception {
        long a = article("A " + run, null);
        long b = article("B " + run, null);
        long c = article("C " + run, null);
        String name = "edited mid-pass " + run;
        long sequence = api.activeProgram(sequence(name, "[%s, %s, %s]".formatted(send(a), WAIT_A_DAY, send(b))));
        int contacts = Engine.BATCH + 100;
        enrollDue(sequence, contacts);
        // Once the pass's first batch of this program has committed, a person swaps the first piece for another.
        AtomicBoolean edited = new AtomicBoolean();
        ApplicationListener<PayloadApplicationEvent<TouchPlanned>> editAfterTheFirstBatch = event -> {
            if (event.getPayload().programId() == sequence && edited.compareAndSet(false, true)) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        var own = new TransactionTemplate(transactions);
                        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
                        own.executeWithoutResult(status -> {
                            try {
                                edit(sequence, sequence(name, "[%s, %s, %s]".formatted(send(c), WAIT_A_DAY, send(b))));
                            } catch (Exception failed) {
                                throw new IllegalStateException(failed);
                            }
                        });
                    }
                });
            }
        };
        context.addApplicationListener(editAfterTheFirstBatch);
        try {
            engine.plan();
        } finally {
            context.removeApplicationListener(editAfterTheFirstBatch);
        }

        var first = engine.touchesOfProgram(sequence, null, 2 * contacts).items().stream()
                .collect(java.util.stream.Collectors.groupingBy(Touch::contentId, java.util.stream.Collectors.counting()));
        assertThat(edited).isTrue();
        assertThat(first.keySet()).as("the first piece, before the edit or after it, and nothing else").containsOnly(a, c);
        assertThat(first.get(c)).as("the contacts walked after the edit got the new first piece")
                .isGreaterThanOrEqualTo(contacts - Engine.BATCH);
        assertThat(first.get(a) + first.get(c)).isEqualTo(contacts);
        api.post("/api/v1/programs/" + sequence + "/archive", "{}").andExpect(status().isOk());
    }

    /** Contacts without consent (their touches are recorded, not sent), enrolled and due now, written in batches. */
    private void enrollDue(long program, int count) {
        var now = io.keepwarm.platform.Timestamps.of(clock.instant());
        String prefix = "midpass-" + run + "-";
        List<Object[]> rows = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new Object[] {prefix + i + "@example.com", now, now}).toList();
        jdbc.batchUpdate("""
                INSERT INTO contacts (email, first_name, time_zone, source, validity, created_at, updated_at)
                VALUES (?, 'Ada', 'UTC', 'IMPORT', 'VALID', ?, ?)""", rows);
        jdbc.update("""
                INSERT INTO enrollments (program_id, contact_id, active_contact_id, status, source, enrolled_at, step,
                    occurrence, next_due_at)
                SELECT ?, id, id, 'ACTIVE', 'API', ?, 0, 0, ? FROM contacts WHERE email LIKE ?""",
                program, now, now, prefix + "%");
    }

    private static final String WAIT_A_DAY = "{\"type\": \"wait\", \"duration\": \"P1D\"}";

    private static String send(long content) {
        return "{\"type\": \"send\", \"contentId\": " + content + ", \"channel\": \"EMAIL\"}";
    }

    private static String sequence(String name, String steps) {
        return "{\"name\": \"" + name + "\", \"kind\": \"SEQUENCE\", \"steps\": " + steps + "}";
    }

    private void edit(long program, String draft) throws Exception {
        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/programs/" + program).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content(draft)).andExpect(status().isOk());
    }

    @Test
    void aStageStepTheTransitionTableForbidsForOneContactIsPassedOverAndTheEngineGoesOn() throws Exception {
        // A customer (whom nurture may take, for service reminders) cannot be moved back to MQL.
        long sold = api.createContact("{\"email\": \"" + uniqueEmail("sold") + "\"}");
        for (String stage : List.of("NURTURE", "MQL", "SQL", "OPPORTUNITY", "CUSTOMER")) {
            api.post("/api/v1/contacts/" + sold + "/stage", "{\"to\": \"" + stage + "\"}").andExpect(status().isOk());
        }
        long other = api.createContact("{\"email\": \"" + uniqueEmail("other") + "\"}");
        long promote = api.activeProgram("""
                {"name": "promote %1$s", "kind": "SEQUENCE", "steps": [{"type": "setStage", "stage": "MQL"},
                  {"type": "addTag", "tag": "promoted-%1$s"}]}""".formatted(run));
        long working = api.activeProgram("""
                {"name": "alongside %1$s", "kind": "SEQUENCE", "steps": [{"type": "addTag", "tag": "alongside-%1$s"}]}"""
                .formatted(run));
        api.post("/api/v1/programs/" + promote + "/enrollments", "{\"contactIds\": [" + sold + "]}");
        api.post("/api/v1/programs/" + working + "/enrollments", "{\"contactIds\": [" + other + "]}");

        engine.plan();

        assertThat(json(api.get("/api/v1/contacts/" + sold + "/stage")).get("stage").asString())
                .as("a customer cannot go back to MQL").isEqualTo("CUSTOMER");
        assertThat(tags.list(sold)).contains("promoted-" + run);
        assertThat(tags.list(other)).contains("alongside-" + run);
        assertThat(enrollment(promote).endReason()).isEqualTo("FINISHED");
    }

    @Test
    void aStepThatFailsForOneContactEndsThatEnrollmentAloneAndEveryoneElseGoesOn() throws Exception {
        long stuck = api.createContact("{\"email\": \"" + uniqueEmail("stuck") + "\"}");
        long fine = api.createContact("{\"email\": \"" + uniqueEmail("fine") + "\"}");
        // An attribute removed after the program was saved: setting it fails every time the step is walked.
        api.post("/api/v1/attributes", "{\"key\": \"gone_%1$s\", \"label\": \"Gone %1$s\", \"type\": \"TEXT\"}".formatted(run))
                .andExpect(status().is2xxSuccessful());
        long broken = api.activeProgram("""
                {"name": "broken %1$s", "kind": "SEQUENCE", "steps": [
                  {"type": "setAttribute", "key": "gone_%1$s", "value": "x"},
                  {"type": "addTag", "tag": "after-%1$s"}]}""".formatted(run));
        long working = api.activeProgram("""
                {"name": "working %1$s", "kind": "SEQUENCE", "steps": [{"type": "addTag", "tag": "walked-%1$s"}]}"""
                .formatted(run));
        // Keepwarm refuses to remove an attribute something names; one removed before it did, or by hand in the
        // database, still leaves the name dangling.
        context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("DELETE FROM attribute_definitions WHERE attr_key = ?").param("gone_" + run).update();
        api.post("/api/v1/programs/" + broken + "/enrollments", "{\"contactIds\": [" + stuck + "]}");
        api.post("/api/v1/programs/" + working + "/enrollments", "{\"contactIds\": [" + fine + "]}");

        engine.plan();

        assertThat(tags.list(fine)).contains("walked-" + run);
        assertThat(enrollment(broken).status()).isEqualTo(Enrollment.Status.EXITED);
        assertThat(enrollment(broken).endReason()).isEqualTo("STEP_FAILED");
        assertThat(tags.list(stuck)).doesNotContain("after-" + run);
    }

    @Test
    void aSetAttributeStepReachesAContactWhoseAddressIsSuppressed() throws Exception {
        long complained = api.createContact("{\"email\": \"" + uniqueEmail("complained") + "\"}");
        api.post("/api/v1/attributes", "{\"key\": \"tier_%1$s\", \"label\": \"Tier %1$s\", \"type\": \"TEXT\"}".formatted(run))
                .andExpect(status().is2xxSuccessful());
        contacts.suppress(complained, "COMPLAINT");
        long sequence = api.activeProgram("""
                {"name": "tiering %1$s", "kind": "SEQUENCE", "steps": [
                  {"type": "setAttribute", "key": "tier_%1$s", "value": "gold"}]}""".formatted(run));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + complained + "]}");

        engine.plan();

        assertThat(contacts.get(complained).attributes()).containsEntry("tier_" + run, "gold");
        assertThat(enrollment(sequence).status()).isEqualTo(Enrollment.Status.COMPLETED);
    }

    private long article(String name, String stage) throws Exception {
        var piece = tools.jackson.databind.json.JsonMapper.shared().createObjectNode().put("name", name)
                .put("type", "ARTICLE").put("status", "LIVE");
        if (stage != null) {
            piece.putArray("stages").add(stage);
        }
        piece.putObject("variants").putObject("email").put("subject", name).put("html", "<p>Useful.</p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private Enrollment enrollment(long program) {
        return enrollments.list(program, null, null, 10).items().getFirst();
    }
}
