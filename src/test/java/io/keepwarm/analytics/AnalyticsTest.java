package io.keepwarm.analytics;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.engine.Engine;
import io.keepwarm.handoff.HandoffJob;
import io.keepwarm.handoff.HandoffState;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The funnel, time in stage and touches per week, computed in SQL on this run's database. The shared test context
 * holds other tests' contacts, so counts are compared before and after this test's own moves, and periods start
 * after everything earlier tests did.
 */
@KeepwarmTest
class AnalyticsTest {

    @Autowired Api api;
    @Autowired Analytics analytics;
    @Autowired TestClock clock;
    @Autowired Consents consents;
    @Autowired Engine engine;
    @Autowired Users users;
    @Autowired Handoffs handoffs;
    @Autowired HandoffJob handoffJob;
    @Autowired io.keepwarm.delivery.internal.SmtpChannel smtp;

    @Test
    void theFunnelCountsStagesNowConvertsAlongThePathAndCountsTheContactsRecycledBack() throws Exception {
        clock.advance(Duration.ofMinutes(1));
        Instant start = clock.instant();
        Period period = new Period(start, start.plus(Duration.ofDays(30)));
        FunnelReport before = analytics.funnel(period);

        long ada = contact("ada");
        long bob = contact("bob");
        contact("cy");
        clock.advance(Duration.ofDays(1));
        move(ada, "NURTURE", null);
        move(bob, "NURTURE", null);
        clock.advance(Duration.ofDays(2));
        move(ada, "MQL", null);
        clock.advance(Duration.ofDays(1));
        api.post("/api/v1/contacts/" + ada + "/stage", """
                {"to": "NURTURE", "reasonCode": "NOT_READY", "reason": "budget next year"}""").andExpect(status().isOk());

        FunnelReport after = analytics.funnel(period);
        assertThat(count(after, Stage.NEW) - count(before, Stage.NEW)).isEqualTo(1);
        assertThat(count(after, Stage.NURTURE) - count(before, Stage.NURTURE)).isEqualTo(2);
        assertThat(after.total() - before.total()).isEqualTo(3);
        var conversions = after.conversions().stream()
                .collect(Collectors.toMap(FunnelReport.Conversion::from, Function.identity()));
        // All three were created in the period, two moved on; both entered nurture, one moved on; one became an MQL.
        assertThat(conversions.get(Stage.NEW)).extracting(c -> c.entered(), c -> c.converted()).containsExactly(3L, 2L);
        assertThat(conversions.get(Stage.NEW).rate()).isEqualTo(0.667);
        assertThat(conversions.get(Stage.NURTURE)).extracting(c -> c.entered(), c -> c.converted()).containsExactly(2L, 1L);
        assertThat(conversions.get(Stage.MQL)).extracting(c -> c.entered(), c -> c.converted()).containsExactly(1L, 0L);
        assertThat(conversions.get(Stage.SQL).rate()).isNull();
        assertThat(after.flows()).contains(new FunnelReport.Flow(Stage.NEW, Stage.NURTURE, 2),
                new FunnelReport.Flow(Stage.NURTURE, Stage.MQL, 1), new FunnelReport.Flow(Stage.MQL, Stage.NURTURE, 1));
        assertThat(after.recycledBack() - before.recycledBack()).isEqualTo(1);
    }

    @Test
    void stageVelocityGivesTheMedianStayAndWhereContactsWentFromEachStage() throws Exception {
        clock.advance(Duration.ofMinutes(1));
        Instant start = clock.instant();
        long ada = contact("ada");
        long bob = contact("bob");
        long cy = contact("cy");
        clock.advance(Duration.ofDays(1));
        move(ada, "NURTURE", null);
        clock.advance(Duration.ofDays(2));
        move(bob, "NURTURE", null);
        clock.advance(Duration.ofDays(3));
        move(cy, "DISQUALIFIED", null);
        move(ada, "MQL", null);

        StageVelocity velocity = analytics.stageVelocity(new Period(start, clock.instant().plusSeconds(1)));
        var stages = velocity.stages().stream()
                .collect(Collectors.toMap(StageVelocity.StageTime::stage, Function.identity()));
        // NEW stays of 1, 3 and 6 days; ada stayed 5 days in nurture.
        assertThat(stages.get(Stage.NEW).exits()).isEqualTo(3);
        assertThat(stages.get(Stage.NEW).medianDaysToExit()).isEqualTo(3.0);
        assertThat(stages.get(Stage.NEW).exitsTo()).isEqualTo(Map.of(Stage.NURTURE, 2L, Stage.DISQUALIFIED, 1L));
        assertThat(stages.get(Stage.NEW).conversionTo()).isEqualTo(Map.of(Stage.NURTURE, 0.667, Stage.DISQUALIFIED, 0.333));
        assertThat(stages.get(Stage.NURTURE).medianDaysToExit()).isEqualTo(5.0);
        assertThat(stages.get(Stage.NURTURE).exitsTo()).isEqualTo(Map.of(Stage.MQL, 1L));
        assertThat(stages.get(Stage.SQL).medianDaysToExit()).isNull();
        assertThat(stages.get(Stage.MQL).now()).isPositive();
        assertThat(stages.get(Stage.MQL).medianDaysSoFar()).isNotNull();
    }

    @Test
    void touchesAreCountedPerWeekSentWhenTheMailServerTookThemAndSuppressedByReasonAndATaskForTheOwnerIsNoTouch() throws Exception {
        // A Tuesday morning in UTC after anything before: the email may go at once.
        Instant tuesday = ZonedDateTime.ofInstant(clock.instant().plus(Duration.ofDays(14)), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0).withSecond(0).withNano(0)
                .toInstant();
        clock.set(tuesday);
        engine.tick(); // whatever earlier tests left due goes now, before the counts this test compares
        smtp.drain(); // and whatever they left in the outbox leaves it
        LocalDate monday = LocalDate.ofInstant(tuesday, ZoneOffset.UTC).minusDays(1);
        Period period = new Period(monday.minusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                tuesday.plus(Duration.ofHours(1)));
        TouchWeeks before = analytics.touchWeeks(period);

        long willing = contact("willing");
        consents.record(willing, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        long unwilling = contact("unwilling");
        consents.record(unwilling, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe", null));
        long sequence = json(api.post("/api/v1/programs", """
                {"name": "analytics %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Say hello"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(uniqueEmail("p"), piece()))).get("id").asLong();
        api.post("/api/v1/programs/" + sequence + "/activate", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + willing + ", " + unwilling + "]}");
        engine.tick();

        TouchWeeks handedOver = analytics.touchWeeks(period);
        assertThat(handedOver.weeks().getLast().sent() - before.weeks().getLast().sent())
                .as("an email waiting in the outbox has not been sent").isZero();
        smtp.drain(); // the mail server takes it

        TouchWeeks after = analytics.touchWeeks(period);
        assertThat(after.weeks()).extracting(TouchWeeks.Week::start).containsExactly(monday.minusWeeks(1), monday);
        TouchWeeks.Week now = after.weeks().getLast();
        TouchWeeks.Week then = before.weeks().getLast();
        assertThat(now.sent() - then.sent()).isEqualTo(1);
        assertThat(now.suppressed() - then.suppressed()).isEqualTo(1);
        assertThat(now.suppressedBy().get("CONSENT_WITHDRAWN") - then.suppressedBy().getOrDefault("CONSENT_WITHDRAWN", 0L))
                .isEqualTo(1);
        assertThat(after.reasons()).contains("CONSENT_WITHDRAWN");
    }

    @Test
    void aTouchSuppressedWhileItWaitedForTheContactsMorningCountsInTheWeekItWasSuppressedNotTheWeekItWasDue()
            throws Exception {
        // A Saturday morning in UTC: an email waits for Monday at 08:00, in the next week.
        Instant saturday = ZonedDateTime.ofInstant(clock.instant().plus(Duration.ofDays(14)), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.SATURDAY)).withHour(10).withMinute(0).withSecond(0).withNano(0)
                .toInstant();
        clock.set(saturday);
        LocalDate monday = LocalDate.ofInstant(saturday, ZoneOffset.UTC).minusDays(5);
        Period period = new Period(monday.atStartOfDay(ZoneOffset.UTC).toInstant(),
                monday.plusWeeks(2).atStartOfDay(ZoneOffset.UTC).toInstant());
        TouchWeeks before = analytics.touchWeeks(period);
        long willing = contact("weekend");
        consents.record(willing, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        long sequence = json(api.post("/api/v1/programs", """
                {"name": "weekend %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(uniqueEmail("p"), piece()))).get("id").asLong();
        api.post("/api/v1/programs/" + sequence + "/activate", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + willing + "]}");
        engine.tick();
        assertThat(engine.touchesOf(willing)).singleElement().extracting(t -> t.state() + " " + t.reason())
                .isEqualTo("PLANNED QUIET_HOURS");
        clock.advance(Duration.ofHours(1));

        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());

        TouchWeeks after = analytics.touchWeeks(period);
        assertThat(after.weeks()).extracting(TouchWeeks.Week::start).containsExactly(monday, monday.plusWeeks(1));
        Function<Integer, Long> archived = week -> after.weeks().get(week).suppressedBy().getOrDefault("PROGRAM_ARCHIVED", 0L)
                - before.weeks().get(week).suppressedBy().getOrDefault("PROGRAM_ARCHIVED", 0L);
        assertThat(archived.apply(0)).as("suppressed on Saturday").isEqualTo(1);
        assertThat(archived.apply(1)).as("not in the week it would have gone").isZero();
    }

    @Test
    void handoffsAreCountedPerWeekWithTheRepsDecisionsAndHowFastTheyCame() throws Exception {
        Instant tuesday = ZonedDateTime.ofInstant(clock.instant().plus(Duration.ofDays(14)), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0).withSecond(0).withNano(0)
                .toInstant();
        clock.set(tuesday);
        LocalDate monday = LocalDate.ofInstant(tuesday, ZoneOffset.UTC).minusDays(1);
        Period period = new Period(monday.atStartOfDay(ZoneOffset.UTC).toInstant(), tuesday.plus(Duration.ofDays(1)));
        HandoffWeeks before = analytics.handoffWeeks(period);
        assertThat(before.decided()).as("the period is in the future of every earlier test").isZero();
        assertThat(before.medianHoursToDecision()).as("no decision, no median time to decide (not 0 h)").isNull();
        String rep = "rep-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        users.create(new Users.NewUser(rep, "Rita Rep", null, Role.SALES, "a-long-enough-password"));
        long taken = owned(rep);
        long turnedDown = owned(rep);

        clock.advance(Duration.ofHours(2));
        api.as(Role.MARKETER, post("/api/v1/handoffs/" + openHandoff(taken) + "/accept")).andExpect(status().isOk());
        clock.advance(Duration.ofHours(2));
        api.as(Role.MARKETER, post("/api/v1/handoffs/" + openHandoff(turnedDown) + "/reject")
                .contentType("application/json").content("{\"reason\": \"NO_BUDGET\"}")).andExpect(status().isOk());

        HandoffWeeks after = analytics.handoffWeeks(period);
        HandoffWeeks.Week now = after.weeks().getLast();
        HandoffWeeks.Week then = before.weeks().getLast();
        assertThat(after.weeks()).extracting(HandoffWeeks.Week::start).containsExactly(monday);
        assertThat(now.mqls() - then.mqls()).isEqualTo(2);
        assertThat(now.handedOff() - then.handedOff()).isEqualTo(2);
        assertThat(now.accepted() - then.accepted()).isEqualTo(1);
        assertThat(now.rejected() - then.rejected()).isEqualTo(1);
        assertThat(now.rejectedBy().get("NO_BUDGET") - then.rejectedBy().getOrDefault("NO_BUDGET", 0L)).isEqualTo(1);
        // The period began after everything earlier tests did: these two decisions are all it holds.
        assertThat(after.decided()).isEqualTo(2);
        assertThat(after.decidedInTime()).isEqualTo(2);
        assertThat(after.acceptRate()).isEqualTo(0.5);
        assertThat(after.medianHoursToDecision()).isEqualTo(3.0);
        assertThat(after.reasons()).containsExactly("NO_BUDGET");
    }

    @Test
    void aHandoffReassignedAfterItsDeadlineLapsedIsNotDecidedWithinTheSla() throws Exception {
        clock.set(nextTuesday());
        Period period = new Period(clock.instant(), clock.instant().plus(Duration.ofDays(30)));
        SalesTeam team = new SalesTeam(api);
        try {
            long slow = team.rep("Slow");
            long quick = team.rep("Quick");
            team.onlyThese(slow, quick);
            sla("REASSIGN");
            long contact = api.createContact("""
                    {"email": "%s", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("lapsed"), slow));
            move(contact, "NURTURE", null);
            move(contact, "MQL", null);
            long id = openHandoff(contact);

            clock.advance(Duration.ofDays(7));
            assertThat(handoffJob.run().reassigned()).contains(id);
            team.post(quick, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());

            HandoffWeeks weeks = analytics.handoffWeeks(period);
            assertThat(weeks.decided()).isEqualTo(1);
            assertThat(weeks.decidedInTime()).isZero();
            assertThat(weeks.medianHoursToDecision()).as("from the lead's hand-off, not its reassignment").isEqualTo(168.0);
        } finally {
            sla("ESCALATE");
            team.restore();
        }
    }

    @Test
    void repsReadTheFunnelButNotTheOtherFiguresAndABackwardsPeriodIsABadRequest() throws Exception {
        api.as(Role.SALES, get("/api/v1/analytics/funnel")).andExpect(status().isOk());
        api.as(Role.SALES, get("/api/v1/analytics/stage-velocity")).andExpect(status().isForbidden());
        api.as(Role.MARKETER, get("/api/v1/analytics/touches")).andExpect(status().isOk());
        api.as(Role.MARKETER, get("/api/v1/analytics/stage-velocity")).andExpect(status().isOk());
        api.as(Role.SALES, get("/api/v1/analytics/handoffs")).andExpect(status().isForbidden());
        api.as(Role.MARKETER, get("/api/v1/analytics/handoffs")).andExpect(status().isOk());
        api.as(Role.MARKETER, get("/api/v1/analytics/funnel")
                        .param("from", "2026-03-01T00:00:00Z").param("to", "2026-02-01T00:00:00Z"))
                .andExpect(status().isBadRequest());
        api.as(Role.MARKETER, get("/api/v1/analytics/funnel").param("from", "2026-03-01T00:00:00Z"))
                .andExpect(status().isBadRequest());
        var funnel = json(api.as(Role.MARKETER, get("/api/v1/analytics/funnel")
                .param("from", "2026-01-01T00:00:00Z").param("to", "2026-02-01T00:00:00Z")));
        assertThat(funnel.get("stages")).hasSize(Stage.values().length);
        assertThat(funnel.get("conversions").get(0).get("from").asString()).isEqualTo("NEW");
    }

    /** A Tuesday morning in UTC a fortnight after anything before. */
    private Instant nextTuesday() {
        return ZonedDateTime.ofInstant(clock.instant().plus(Duration.ofDays(14)), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0).withSecond(0).withNano(0)
                .toInstant();
    }

    private void sla(String onOverdue) throws Exception {
        api.as(Role.ADMIN, put("/api/v1/handoffs/settings").contentType("application/json")
                .content("{\"slaHours\": 24, \"onOverdue\": \"%s\"}".formatted(onOverdue))).andExpect(status().isOk());
    }

    private long contact(String name) throws Exception {
        return api.createContact("""
                {"email": "%s", "firstName": "%s", "timeZone": "UTC", "source": "TRADE_SHOW"}"""
                .formatted(uniqueEmail(name), name));
    }

    /** A contact the rep owns, moved to MQL: its hand-off goes to the rep. */
    private long owned(String rep) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Lee", "timeZone": "UTC", "owner": "%s"}""".formatted(uniqueEmail("lee"), rep));
        move(id, "NURTURE", null);
        move(id, "MQL", null);
        return id;
    }

    private long openHandoff(long contact) {
        return handoffs.list(HandoffState.OPEN, null, contact, null, 1).items().getFirst().id();
    }

    private void move(long contact, String to, String reason) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", reason == null ? "{\"to\": \"%s\"}".formatted(to)
                : "{\"to\": \"%s\", \"reason\": \"%s\"}".formatted(to, reason)).andExpect(status().isOk());
    }

    private static long count(FunnelReport report, Stage stage) {
        return report.stages().stream().filter(s -> s.stage() == stage).findFirst().orElseThrow().count();
    }

    private long piece() throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Analytics " + uniqueEmail("piece"))
                .put("type", "ARTICLE").put("status", "LIVE");
        piece.putObject("fallbacks").put("contact.first_name", "there");
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", "Something useful");
        email.put("html", "<p>Dear {{ contact.first_name }},</p><p>Something useful.</p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }
}
