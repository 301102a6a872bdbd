package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.identity.Role;
import io.keepwarm.program.Enrollments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/** "Preview for this contact": the engine's dry run follows the cadence, honours the caps, and writes nothing. */
@KeepwarmTest
class ForecastTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired Api api;
    @Autowired Forecasts forecasts;
    @Autowired Engine engine;
    @Autowired Enrollments enrollments;
    @Autowired Consents consents;
    @Autowired TestClock clock;
    @Autowired FrequencyPreferences frequencies;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Long> archiveAfterwards = new ArrayList<>();

    @Test
    void aMonthlyStreamIsForecastOnTheFirstTuesdayAt10InTheContactsZoneUntilThePoolRunsOut() throws Exception {
        long lead = lead("monthly");
        long stream = api.activeProgram("""
                {"name": "forecast monthly %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d, %d, %d]}"""
                .formatted(run, api.liveArticle("One " + run), api.liveArticle("Two " + run), api.liveArticle("Three " + run)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + lead + "]}").andExpect(status().isOk());

        Forecast forecast = forecasts.forecast(stream, lead);

        assertThat(forecast.enrolled()).isTrue();
        assertThat(forecast.touches()).extracting(Forecast.Entry::content)
                .containsExactly("One " + run, "Two " + run, "Three " + run);
        assertThat(forecast.touches()).allSatisfy(t -> {
            ZonedDateTime local = t.at().atZone(BERLIN);
            assertThat(local.getDayOfWeek()).isEqualTo(DayOfWeek.TUESDAY);
            assertThat(local.getDayOfMonth()).isLessThanOrEqualTo(7);
            assertThat(local.toLocalTime()).isEqualTo(LocalTime.of(10, 0));
            assertThat(t.outcome()).isEqualTo(Forecast.Outcome.SENT);
        });
        var months = forecast.touches().stream().map(t -> t.at().atZone(BERLIN).getMonthValue()).distinct().toList();
        assertThat(months).hasSize(3);
        assertThat(forecast.touches().getFirst().due()).isEqualTo(
                enrollments.list(stream, null, null, 1).items().getFirst().nextDueAt());
        assertThat(forecast.note()).contains("content exhaustion");
        // Other tests tick the shared engine: leave them no touch of ours to send.
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aWeeklyStreamMeetsTheCapOfFourEmailsIn30DaysAndTheFifthWaitsForRoomWithNothingWritten() throws Exception {
        long lead = lead("weekly");
        List<Long> pool = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            pool.add(api.liveArticle("Weekly " + i + " " + run));
        }
        long stream = api.activeProgram("""
                {"name": "forecast weekly %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": %s}""".formatted(run, pool));

        // From a Monday morning in Berlin the weekly touch falls on Mondays at 10:00, inside the allowed hours.
        clock.set(ZonedDateTime.ofInstant(clock.instant(), BERLIN).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .withHour(9).truncatedTo(ChronoUnit.HOURS).toInstant());

        Forecast forecast = forecasts.forecast(stream, lead);

        assertThat(forecast.enrolled()).isFalse();
        List<Forecast.Entry> touches = forecast.touches();
        assertThat(touches).hasSize(6);
        for (int i = 0; i < touches.size(); i++) {
            ZonedDateTime due = touches.get(i).due().atZone(BERLIN);
            assertThat(due.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(due.toLocalTime()).isEqualTo(LocalTime.of(10, 0));
            assertThat(due.toLocalDate()).isEqualTo(touches.getFirst().due().atZone(BERLIN).toLocalDate().plusWeeks(i));
        }
        // Four emails in 30 days is the default cap: days 0, 7, 14 and 21 go when due; the fifth (day 28) waits
        // until day 0's email is 30 days old, the sixth (day 35) until day 7's is.
        assertThat(touches.subList(0, 4)).allSatisfy(t -> {
            assertThat(t.outcome()).isEqualTo(Forecast.Outcome.SENT);
            assertThat(t.at()).isEqualTo(t.due());
        });
        assertThat(touches.get(4)).extracting(Forecast.Entry::outcome, Forecast.Entry::reason, Forecast.Entry::at)
                .containsExactly(Forecast.Outcome.DEFERRED, Reason.CAP_REACHED, touches.get(0).at().plus(Duration.ofDays(30)));
        assertThat(touches.get(5)).extracting(Forecast.Entry::outcome, Forecast.Entry::reason, Forecast.Entry::at)
                .containsExactly(Forecast.Outcome.DEFERRED, Reason.CAP_REACHED, touches.get(1).at().plus(Duration.ofDays(30)));

        assertThat(engine.touchesOf(lead)).as("a dry run writes no touch").isEmpty();
        assertThat(enrollments.list(stream, null, null, 10).items()).as("nor enrolls anybody").isEmpty();
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aContactWhoWantsMailMonthlyAtMostIsForecastEveryPieceOfAFourWeeklyStreamLaterAndLaterAsTheEngineSendsThem()
            throws Exception {
        long lead = lead("monthly-only");
        api.as(Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + lead + "/frequency").contentType("application/json")
                .content("{\"channel\": \"EMAIL\", \"maxTouches\": 1, \"windowDays\": 30}")).andExpect(status().isOk());
        List<Long> pool = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            pool.add(api.liveArticle("Four-weekly " + i + " " + run));
        }
        long stream = api.activeProgram("""
                {"name": "forecast four-weekly %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P28D", "at": "10:00"}, "pool": %s}""".formatted(run, pool));
        clock.set(ZonedDateTime.ofInstant(clock.instant(), BERLIN).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .withHour(9).truncatedTo(ChronoUnit.HOURS).toInstant());

        Forecast forecast = forecasts.forecast(stream, lead);

        // Two days later each time (30 days apart, every 28): the third is about four days late, past the three days a
        // sequence's touch keeps, and still goes: a stream's piece keeps until the next one is due.
        assertThat(forecast.touches()).hasSizeGreaterThanOrEqualTo(4).allSatisfy(t -> assertThat(t.outcome())
                .isIn(Forecast.Outcome.SENT, Forecast.Outcome.DEFERRED));
        assertThat(Duration.between(forecast.touches().get(2).due(), forecast.touches().get(2).at()))
                .isGreaterThan(Duration.ofDays(3));
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void theForecastIsAnApiForEveryRoleAndAnUnknownContactIsA404() throws Exception {
        long lead = lead("api");
        long sequence = api.activeProgram("""
                {"name": "forecast sequence %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"},
                  {"type": "wait", "duration": "P14D"},
                  {"type": "task", "text": "Call about the guide"}]}""".formatted(run, api.liveArticle("Seq " + run)));

        JsonNode forecast = json(api.as(Role.SALES, MockMvcRequestBuilders.get(
                "/api/v1/programs/" + sequence + "/forecast?contact=" + lead)).andExpect(status().isOk()));

        assertThat(forecast.get("zone").asString()).isEqualTo("Europe/Berlin");
        JsonNode touches = forecast.get("touches");
        assertThat(touches).hasSize(2);
        assertThat(touches.get(0).get("channel").asString()).isEqualTo("EMAIL");
        assertThat(touches.get(1).get("kind").asString()).isEqualTo("TASK");
        var due = java.time.Instant.parse(touches.get(1).get("due").asString());
        // Fourteen days in the contact's zone: the same time of day, also across a change of the clocks.
        assertThat(due).isEqualTo(java.time.Instant.parse(touches.get(0).get("due").asString()).atZone(BERLIN)
                .plusDays(14).toInstant());
        assertThat(forecast.get("note").asString()).contains("ends after its last step");

        api.get("/api/v1/programs/" + sequence + "/forecast?contact=999999999").andExpect(status().isNotFound());
    }

    @Test
    void tasksForTheOwnerAreForecastWhenDueAtNightAndTwoInARowAsTheEngineHandsThemOver() throws Exception {
        long lead = lead("task");
        long sequence = api.activeProgram("""
                {"name": "forecast task %s", "kind": "SEQUENCE", "steps": [
                  {"type": "task", "text": "Call about the renewal"}, {"type": "task", "text": "Send the quote"}]}"""
                .formatted(run));
        // Outside calling hours (08:00 to 21:00), and two within the week that caps calls at one.
        clock.set(ZonedDateTime.ofInstant(clock.instant(), BERLIN).plusDays(1).withHour(23)
                .truncatedTo(ChronoUnit.HOURS).toInstant());

        Forecast forecast = forecasts.forecast(sequence, lead);

        assertThat(forecast.touches()).hasSize(2).allSatisfy(t -> {
            assertThat(t.kind()).isEqualTo(Touch.Kind.TASK);
            assertThat(t.outcome()).isEqualTo(Forecast.Outcome.SENT);
            assertThat(t.at()).isEqualTo(clock.instant());
        });
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void anEmailTheEngineHoldsForTheContactsMorningIsForecastBeforeTheStepsStillToCome() throws Exception {
        long lead = lead("held");
        long guide = api.liveArticle("Held guide " + run);
        long sequence = api.activeProgram("""
                {"name": "forecast held %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P14D"},
                  {"type": "task", "text": "Call about the guide"}]}""".formatted(run, guide));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + lead + "]}")
                .andExpect(status().isOk());
        // 23:00 in Berlin: the email is planned and held for the morning, and the sequence stands past the wait.
        clock.set(ZonedDateTime.ofInstant(clock.instant(), BERLIN).plusDays(1).withHour(23)
                .truncatedTo(ChronoUnit.HOURS).toInstant());
        engine.plan();
        assertThat(engine.touchesOf(lead)).singleElement().extracting(Touch::state).isEqualTo(Touch.State.PLANNED);

        Forecast forecast = forecasts.forecast(sequence, lead);

        assertThat(forecast.touches()).hasSize(2);
        assertThat(forecast.touches().getFirst()).satisfies(held -> {
            assertThat(held.contentId()).isEqualTo(guide);
            assertThat(held.outcome()).isEqualTo(Forecast.Outcome.DEFERRED);
            assertThat(held.reason()).isEqualTo(Reason.QUIET_HOURS);
            assertThat(held.due()).isEqualTo(clock.instant());
            assertThat(held.at()).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofDays(3)));
        });
        assertThat(forecast.touches().getLast().kind()).isEqualTo(Touch.Kind.TASK);
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aCheckInHeldByTheContactsRhythmIsForecastSentLateWithinItsOwnLimitAndDroppedPastIt() throws Exception {
        long lead = lead("check-in");
        api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/contacts/" + lead + "/frequency")
                .contentType("application/json")
                .content("{\"channel\": \"EMAIL\", \"maxTouches\": 1, \"windowDays\": 10}")).andExpect(status().isOk());
        long guide = api.liveArticle("Forecast guide " + run);
        long checkIn = api.liveArticle("Forecast check-in " + run);
        String sequence = """
                {"name": "forecast check-in %s %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P1D"},
                  {"type": "readiness", "contentId": %d, "staleAfter": "%s"}]}""";
        long fortnight = api.activeProgram(sequence.formatted("P14D", run, guide, checkIn, "P14D"));
        long week = api.activeProgram(sequence.formatted("P7D", run, guide, checkIn, "P7D"));
        clock.set(ZonedDateTime.ofInstant(clock.instant(), BERLIN).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .withHour(9).truncatedTo(ChronoUnit.HOURS).toInstant());

        // The guide on Monday holds the check-in, due on Tuesday, until Thursday week: nine days.
        List<Forecast.Entry> patientsTouches = forecasts.forecast(fortnight, lead).touches();
        Forecast.Entry patient = patientsTouches.getLast();
        Forecast.Entry hasty = forecasts.forecast(week, lead).touches().getLast();

        assertThat(patient.kind()).isEqualTo(Touch.Kind.READINESS);
        assertThat(patient.outcome()).isEqualTo(Forecast.Outcome.DEFERRED);
        assertThat(patient.at()).isEqualTo(patientsTouches.getFirst().at().plus(Duration.ofDays(10)));
        assertThat(Duration.between(patient.due(), patient.at())).isGreaterThan(Duration.ofDays(7));
        assertThat(hasty.kind()).isEqualTo(Touch.Kind.READINESS);
        assertThat(hasty.outcome()).isEqualTo(Forecast.Outcome.SUPPRESSED);
        assertThat(hasty.reason()).isEqualTo(Reason.STALE);
        assertThat(hasty.detail()).isEqualTo("held by the contact's own rhythm (1 email in 10 days) past its 7-day limit");
        api.post("/api/v1/programs/" + fortnight + "/archive", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + week + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aContactWhoGotAPoolPieceFromAnotherProgramRunsOutOfTheStreamACadenceSooner() throws Exception {
        long lead = lead("elsewhere");
        long guide = api.liveArticle("Guide " + run);
        long stream = streamHaving(lead, guide, List.of(guide, api.liveArticle("Case " + run), api.liveArticle("Video " + run)));

        // The stream has two pieces left for the lead: the next due moment's and the one after.
        String month = monthAfterNextDue(stream);
        assertThat(runningOut(stream)).isEqualTo(java.util.Map.of(month, 1L));
    }

    @Test
    void aRetiredPieceInThePoolIsNotCountedAsContentLeft() throws Exception {
        long lead = lead("retired");
        long guide = api.liveArticle("Guide " + run);
        long old = api.liveArticle("Old " + run);
        long stream = streamHaving(lead, guide, List.of(guide, api.liveArticle("Case " + run), api.liveArticle("Video " + run), old));
        api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/content/" + old).contentType("application/json").content("""
                {"name": "Old %s", "type": "ARTICLE", "status": "RETIRED",
                 "variants": {"email": {"subject": "Old", "html": "<p>Old.</p>"}}}""".formatted(run))).andExpect(status().isOk());

        String month = monthAfterNextDue(stream);
        assertThat(runningOut(stream)).isEqualTo(java.util.Map.of(month, 1L));
    }

    @Test
    void aContactWhoPausedForThreeMonthsIsForecastTheStreamsPiecesAfterThePauseNotOutOfContent() throws Exception {
        long lead = lead("paused");
        List<Long> pool = new ArrayList<>();
        for (String name : List.of("Webinar invite", "Cooling guide", "Case study", "Checklist")) {
            pool.add(api.liveArticle(name + " " + run));
        }
        long stream = api.activeProgram("""
                {"name": "forecast paused %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": %s}""".formatted(run, pool));
        clock.set(ZonedDateTime.ofInstant(clock.instant(), BERLIN).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .withHour(9).truncatedTo(ChronoUnit.HOURS).toInstant());
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + lead + "]}").andExpect(status().isOk());
        // As "Pause for 3 months" in the preference centre: no nurture email before then, one in 90 days after.
        java.time.Instant pauseEnds = ZonedDateTime.ofInstant(clock.instant(), BERLIN).toLocalDate().plusMonths(3)
                .atStartOfDay(BERLIN).toInstant();
        frequencies.pause(lead, new FrequencyPreferences.Change(Channel.EMAIL, 1, 90), pauseEnds);

        Forecast forecast = forecasts.forecast(stream, lead);

        assertThat(forecast.note()).as("the pause uses up no piece").isNull();
        assertThat(forecast.touches()).filteredOn(t -> t.at() != null && t.at().isBefore(pauseEnds)).isEmpty();
        assertThat(forecast.touches()).filteredOn(t -> t.outcome() == Forecast.Outcome.SUPPRESSED).isNotEmpty()
                .allSatisfy(t -> assertThat(t.reason()).isIn(Reason.PAUSED, Reason.STALE));
        assertThat(forecast.touches()).filteredOn(t -> t.outcome() != Forecast.Outcome.SUPPRESSED).first()
                .satisfies(t -> {
                    assertThat(t.content()).isEqualTo("Webinar invite " + run);
                    assertThat(t.at()).isAfterOrEqualTo(pauseEnds);
                });
        // One piece at the pause's end and one every 90 days after: the fourth goes some nine months later.
        java.time.Instant fourth = pauseEnds.plus(Duration.ofDays(270));
        assertThat(runningOut(stream)).hasSize(1).containsValue(1L).containsAnyOf(
                java.util.Map.entry(YearMonth.from(fourth.atZone(BERLIN)).toString(), 1L),
                java.util.Map.entry(YearMonth.from(fourth.plus(Duration.ofHours(12)).atZone(BERLIN)).toString(), 1L));
    }

    /** A monthly stream with this pool and the lead in it, after the lead was sent {@code had} by another program. */
    private long streamHaving(long lead, long had, List<Long> pool) throws Exception {
        long other = api.activeProgram("""
                {"name": "elsewhere %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d]}""".formatted(run, had));
        api.post("/api/v1/programs/" + other + "/enrollments", "{\"contactIds\": [" + lead + "]}").andExpect(status().isOk());
        assertThat(engine.sendOne(other, lead, had)).isTrue();
        archiveAfterwards.add(other);
        long stream = api.activeProgram("""
                {"name": "running out %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": %s}"""
                .formatted(run, pool));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + lead + "]}").andExpect(status().isOk());
        return stream;
    }

    /** The stream's exhaustion forecast; then it and the other programs are archived, for other tests tick the engine. */
    private java.util.Map<String, Long> runningOut(long stream) throws Exception {
        JsonNode stats = json(api.get("/api/v1/programs/" + stream + "/stats").andExpect(status().isOk()));
        archiveAfterwards.add(stream);
        for (long program : archiveAfterwards) {
            api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
        }
        java.util.Map<String, Long> months = new java.util.TreeMap<>();
        stats.get("runningOut").properties().forEach(e -> months.put(e.getKey(), e.getValue().asLong()));
        return months;
    }

    private String monthAfterNextDue(long stream) {
        return YearMonth.from(enrollments.list(stream, null, null, 1).items().getFirst().nextDueAt().atZone(BERLIN))
                .plusMonths(1).toString();
    }

    private long lead(String name) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Ada", "timeZone": "Europe/Berlin"}""".formatted(uniqueEmail(name)));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        return id;
    }
}
