package io.keepwarm.trigger;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.engine.Engine;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/** Static triggers on dates the contact's own history makes: expected next purchase, days since, anniversaries. */
@KeepwarmTest
class DateTriggersTest {

    @Autowired Api api;
    @Autowired Triggers triggers;
    @Autowired TriggerJobs jobs;
    @Autowired TestClock clock;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired Engine engine;
    @Autowired SmtpChannel smtp;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private TriggerSteps steps;

    @BeforeEach
    void steps() {
        steps = new TriggerSteps(api, triggers);
    }

    @AfterEach
    void pause() {
        steps.pauseAll();
    }

    @Test
    void aBuyerEveryThirtyDaysIsExpectedBackAndTheOwnerHearsAWeekBeforeOncePerPurchase() throws Exception {
        long trigger = steps.create("""
                {"name": "Due to buy %1$s", "when": {"type": "expectedPurchase", "daysBefore": 7},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "due-%1$s"}]}""".formatted(run));
        long buyer = contact("buyer");
        long once = contact("once");
        Instant now = clock.instant();
        purchases(buyer, now.minus(Duration.ofDays(80)), now.minus(Duration.ofDays(50)), now.minus(Duration.ofDays(20)));
        purchases(once, now.minus(Duration.ofDays(20)));

        jobs.dates();
        assertThat(steps.firingsOf(buyer, trigger)).as("expected in 10 days: not yet").isEmpty();

        clock.advance(Duration.ofDays(3));
        jobs.dates();
        clock.advance(Duration.ofDays(1));
        jobs.dates();
        List<JsonNode> firings = steps.firingsOf(buyer, trigger);
        assertThat(firings).singleElement().satisfies(f -> assertThat(f.get("cue").asString())
                .contains("3 purchases, about every 30 days"));
        assertThat(steps.firingsOf(once, trigger)).as("one purchase says nothing about the next").isEmpty();

        purchases(buyer, clock.instant());
        clock.advance(Duration.ofDays(19));
        jobs.dates();
        assertThat(steps.firingsOf(buyer, trigger)).as("the new purchase moves the expected date").hasSize(1);
        clock.advance(Duration.ofDays(4));
        jobs.dates();
        assertThat(steps.firingsOf(buyer, trigger)).hasSize(2);
    }

    @Test
    void aDateHeldBackByTheDailyLimitIsTriedAgainOnTheNextRunWhileItIsDue() throws Exception {
        long trigger = steps.create("""
                {"name": "Due again %1$s", "when": {"type": "expectedPurchase", "daysBefore": 7},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "due-%1$s"}]}""".formatted(run));
        long other = steps.create("""
                {"name": "Busy %1$s", "when": {"type": "tagAdded", "tag": "busy-%1$s"},
                 "actions": [{"type": "addTag", "tag": "seen-%1$s"}]}""".formatted(run));
        long buyer = contact("busy");
        Instant now = clock.instant();
        purchases(buyer, now.minus(Duration.ofDays(25)), now.minus(Duration.ofDays(10))); // next expected in 5 days
        for (int i = 0; i < 20; i++) { // a day of other triggers firing for this contact: the daily limit
            jdbc.sql("""
                    INSERT INTO trigger_firings (trigger_id, contact_id, occurrence, cue, outcome, run_id, fired_at)
                    VALUES (?, ?, ?, 'tag added', 'FIRED', 'test', ?)""")
                    .params(other, buyer, "busy-" + i, java.sql.Timestamp.from(clock.instant())).update();
        }

        jobs.dates();
        assertThat(steps.firingsOf(buyer, trigger)).singleElement().satisfies(f -> {
            assertThat(f.get("outcome").asString()).isEqualTo("SKIPPED");
            assertThat(f.get("reason").asString()).startsWith("LIMIT");
        });
        jobs.dates();
        assertThat(steps.firingsOf(buyer, trigger)).as("one skip a day").hasSize(1);

        clock.advance(Duration.ofHours(25));
        jobs.dates();
        assertThat(steps.firingsOf(buyer, trigger)).extracting(f -> f.get("outcome").asString())
                .containsExactlyInAnyOrder("SKIPPED", "FIRED");
        clock.advance(Duration.ofDays(1));
        jobs.dates();
        assertThat(steps.firingsOf(buyer, trigger)).as("fired once, as ever").hasSize(2);
    }

    @Test
    void anOrderAndItsAddOnFiveMinutesLaterAreOnePurchaseNotABuyingRhythm() throws Exception {
        long trigger = steps.create("""
                {"name": "Due again %1$s", "when": {"type": "expectedPurchase", "daysBefore": 7},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "due-%1$s"}]}""".formatted(run));
        long buyer = contact("add-on");
        // Noon UTC: both orders on one day in any zone the account may default to.
        clock.set(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(36)));
        Instant ordered = clock.instant().minus(Duration.ofHours(1));
        purchases(buyer, ordered, ordered.plus(Duration.ofMinutes(5)));

        jobs.dates();
        clock.advance(Duration.ofDays(1));
        jobs.dates();

        assertThat(steps.firingsOf(buyer, trigger)).isEmpty();
    }

    @Test
    void thirtyDaysWithoutAReplyFiresOnTheThirtiethDayOncePerLastReply() throws Exception {
        long trigger = steps.create("""
                {"name": "Quiet %1$s", "when": {"type": "daysSince", "since": "REPLY", "days": 30},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "quiet-%1$s"}]}""".formatted(run));
        long contact = contact("quiet");
        api.post("/api/v1/events", """
                {"events": [{"id": "r-%s", "contactId": %d, "type": "REPLIED", "occurredAt": "%s"}]}"""
                .formatted(run, contact, clock.instant())).andExpect(status().isOk());

        clock.advance(Duration.ofDays(29));
        jobs.dates();
        assertThat(steps.firingsOf(contact, trigger)).isEmpty();
        clock.advance(Duration.ofDays(1));
        jobs.dates();
        clock.advance(Duration.ofDays(1));
        jobs.dates();
        assertThat(steps.firingsOf(contact, trigger)).singleElement()
                .satisfies(f -> assertThat(f.get("cue").asString()).startsWith("30 days since the last reply"));
    }

    @Test
    void aNewWinBackTriggerLeavesCustomersLostYearsAgoAloneAndCatchesThoseWhoseDayHasJustCome() throws Exception {
        Instant now = clock.instant();
        long lost = contact("lost");
        long lapsed = contact("lapsed");
        long active = contact("active");
        purchases(lost, now.minus(Duration.ofDays(3 * 365)));
        purchases(lapsed, now.minus(Duration.ofDays(183)));
        purchases(active, now.minus(Duration.ofDays(100)));
        long trigger = steps.create("""
                {"name": "Win back %1$s", "when": {"type": "daysSince", "since": "PURCHASE", "days": 180},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "win-back-%1$s"}]}""".formatted(run));

        jobs.dates();
        assertThat(steps.firingsOf(lost, trigger)).as("lost three years before the trigger existed").isEmpty();
        assertThat(steps.firingsOf(lapsed, trigger)).as("its 180th day was three days ago").hasSize(1);
        assertThat(steps.firingsOf(active, trigger)).isEmpty();

        clock.advance(Duration.ofDays(80));
        jobs.dates();
        assertThat(steps.firingsOf(active, trigger)).as("its 180th day came while the trigger listened").hasSize(1);
        assertThat(steps.firingsOf(lost, trigger)).isEmpty();
    }

    @Test
    void aDaysSinceTriggerResumedAfterAPauseDoesNotCatchUpOnTheWeeksItMissed() throws Exception {
        Instant now = clock.instant();
        long missed = contact("missed");
        long recent = contact("recent");
        purchases(missed, now.minus(Duration.ofDays(20)));
        purchases(recent, now);
        long trigger = steps.create("""
                {"name": "Paused %1$s", "when": {"type": "daysSince", "since": "PURCHASE", "days": 30},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "paused-%1$s"}]}""".formatted(run));
        triggers.setStatus(trigger, Trigger.Status.PAUSED);

        clock.advance(Duration.ofDays(25));
        triggers.setStatus(trigger, Trigger.Status.ACTIVE);
        jobs.dates();
        assertThat(steps.firingsOf(missed, trigger)).as("its 30th day was 15 days ago, while paused").isEmpty();
        assertThat(steps.firingsOf(recent, trigger)).isEmpty();

        clock.advance(Duration.ofDays(5));
        jobs.dates();
        assertThat(steps.firingsOf(recent, trigger)).hasSize(1);
    }

    @Test
    void shorteningADaysSinceTriggerDoesNotFireForTheHistoryTheShorterCountNowReaches() throws Exception {
        long trigger = steps.create("""
                {"name": "Shortened %1$s", "when": {"type": "daysSince", "since": "PURCHASE", "days": 180},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "short-%1$s"}]}""".formatted(run));
        long customer = contact("shortened");
        purchases(customer, clock.instant().minus(Duration.ofDays(30)));
        clock.advance(Duration.ofDays(60));
        jobs.dates();

        Trigger t = triggers.get(trigger);
        triggers.update(trigger, new Trigger.Draft(t.name(), t.description(), t.status(),
                new Cue.DaysSince(Cue.Anchor.PURCHASE, 30), "tag = \"buyer-" + run + "\"", t.actions()));
        jobs.dates();

        assertThat(steps.firingsOf(customer, trigger)).as("its 30th day was 60 days ago").isEmpty();
    }

    @Test
    void aCustomerAlreadyLateForTheirNextPurchaseIsFlaggedAtOnceButNotOneWhoMissedAWholeRound() throws Exception {
        Instant now = clock.instant();
        long late = contact("late");
        long gone = contact("gone");
        purchases(late, now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(70)), now.minus(Duration.ofDays(40)));
        purchases(gone, now.minus(Duration.ofDays(200)), now.minus(Duration.ofDays(170)), now.minus(Duration.ofDays(140)));
        long trigger = steps.create("""
                {"name": "Late %1$s", "when": {"type": "expectedPurchase", "daysBefore": 7},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "late-%1$s"}]}""".formatted(run));

        jobs.dates();
        clock.advance(Duration.ofDays(1));
        jobs.dates();

        assertThat(steps.firingsOf(late, trigger)).as("expected ten days ago, every 30 days").singleElement()
                .satisfies(f -> assertThat(f.get("cue").asString()).contains("about every 30 days"));
        assertThat(steps.firingsOf(gone, trigger)).as("expected 110 days ago: a whole round missed").isEmpty();
    }

    @Test
    void thirtyDaysSinceTheLastTouchCountFromMailThatWentAndCallsThatReachedNotFromCallsWaitingInAQueue() throws Exception {
        clock.advanceToNext(DayOfWeek.TUESDAY, LocalTime.of(9, 0));
        long trigger = steps.create("""
                {"name": "Untouched %1$s", "when": {"type": "daysSince", "since": "TOUCH", "days": 30},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "untouched-%1$s"}]}""".formatted(run));
        long waiting = callable("waiting");
        long reached = callable("reached");
        long bounced = callable("bounced");
        enroll(api.liveArticle("Cooling notes " + run), "EMAIL", waiting, reached, bounced);
        deliver(waiting, reached, bounced);
        bounce(bounced);

        clock.advance(Duration.ofDays(21));
        long script = api.liveCallScript("Check-in %s".formatted(run), "Is now a good time?");
        enroll(script, "PHONE", waiting, reached);
        api.post("/api/v1/tasks/" + openCall(reached) + "/complete", "{\"outcome\": \"VOICEMAIL\"}")
                .andExpect(status().isOk());
        assertThat(openCall(waiting)).as("the call waits in the rep's queue").isPositive();

        clock.advance(Duration.ofDays(9));
        jobs.dates();

        assertThat(steps.firingsOf(waiting, trigger)).as("30 days since the email; a call only queued is no touch")
                .hasSize(1);
        assertThat(steps.firingsOf(reached, trigger)).as("a message was left on their phone 9 days ago").isEmpty();
        assertThat(steps.firingsOf(bounced, trigger)).as("the one email bounced: nothing ever reached them").isEmpty();
    }

    @Test
    void aBirthdayOnTheTwentyNinthOfFebruaryIsGreetedOnTheTwentyEighthInACommonYearOnce() throws Exception {
        String birthday = "birthday_" + run;
        steps.dateAttribute(birthday);
        ZoneId zone = ZoneId.of("America/New_York");
        int common = clock.instant().atZone(zone).getYear();
        while (Year.isLeap(common) || !LocalDate.of(common, 2, 27).atStartOfDay(zone).toInstant().isAfter(clock.instant())) {
            common++;
        }
        int year = common;
        long contact = api.createContact("""
                {"email": "%s", "timeZone": "America/New_York", "tags": ["buyer-%s"], "attributes": {"%s": "1992-02-29"}}"""
                .formatted(uniqueEmail("leapling"), run, birthday));
        long trigger = steps.create("""
                {"name": "Birthday %1$s", "when": {"type": "anniversary", "attribute": "%2$s", "daysBefore": 0},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "greeted-%1$s"}]}"""
                .formatted(run, birthday));

        clock.set(ZonedDateTime.of(LocalDate.of(year, 2, 27), LocalTime.of(23, 30), zone).toInstant());
        jobs.dates();
        assertThat(steps.firingsOf(contact, trigger)).isEmpty();
        clock.advance(Duration.ofHours(1));
        jobs.dates();
        clock.advance(Duration.ofHours(12));
        jobs.dates();
        clock.advance(Duration.ofDays(1));
        jobs.dates();
        assertThat(steps.firingsOf(contact, trigger)).singleElement()
                .satisfies(f -> assertThat(f.get("occurrence").asString()).isEqualTo("anniversary:" + year));
    }

    @Test
    void anAustraliansBirthdayAndRenewalOfUnknownZoneComeOnTheirDayOnTheMiddleClockOfAustraliaNotTheAccounts()
            throws Exception {
        String birthday = "born_" + run;
        String renewal = "renews_" + run;
        steps.dateAttribute(birthday);
        steps.dateAttribute(renewal);
        LocalDate day = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(10);
        long aussie = api.createContact("""
                {"email": "%s", "country": "AU", "tags": ["buyer-%s"], "attributes": {"%s": "%s", "%s": "%s"}}"""
                .formatted(uniqueEmail("aussie"), run, birthday, day.withYear(1990), renewal, day.plusDays(7)));
        long greeting = steps.create("""
                {"name": "Birthday %1$s", "when": {"type": "anniversary", "attribute": "%2$s", "daysBefore": 0},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "greeted-%1$s"}]}"""
                .formatted(run, birthday));
        long renewing = steps.create("""
                {"name": "Renewal %1$s", "when": {"type": "daysBefore", "attribute": "%2$s", "days": 7},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "renew-%1$s"}]}"""
                .formatted(run, renewal));

        // 14:00 UTC (the account's zone in tests) the day before is 23:30 in Darwin: not yet their day.
        clock.set(day.minusDays(1).atTime(14, 0).toInstant(ZoneOffset.UTC));
        jobs.dates();
        assertThat(steps.firingsOf(aussie, greeting)).isEmpty();
        assertThat(steps.firingsOf(aussie, renewing)).isEmpty();

        // 20:00 UTC is 05:30 on the day in Darwin, still the day before in the account's zone.
        clock.set(day.minusDays(1).atTime(20, 0).toInstant(ZoneOffset.UTC));
        jobs.dates();
        assertThat(steps.firingsOf(aussie, greeting)).as("their birthday has come").hasSize(1);
        assertThat(steps.firingsOf(aussie, renewing)).as("a week before their renewal has come").hasSize(1);
    }

    @Test
    void anAmericansBirthdayAndRenewalOfUnknownZoneComeOnTheirDayOnPhoenixsClockNotOnUtcsAFewHoursEarly()
            throws Exception {
        String birthday = "born_" + run;
        String renewal = "renews_" + run;
        steps.dateAttribute(birthday);
        steps.dateAttribute(renewal);
        LocalDate day = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(10);
        // No state: the United States keep several clocks, and Keepwarm counts their days on Phoenix's (UTC-7).
        long american = api.createContact("""
                {"email": "%s", "country": "US", "tags": ["buyer-%s"], "attributes": {"%s": "%s", "%s": "%s"}}"""
                .formatted(uniqueEmail("yank"), run, birthday, day.withYear(1990), renewal, day.plusDays(7)));
        long greeting = steps.create("""
                {"name": "Birthday %1$s", "when": {"type": "anniversary", "attribute": "%2$s", "daysBefore": 0},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "greeted-%1$s"}]}"""
                .formatted(run, birthday));
        long renewing = steps.create("""
                {"name": "Renewal %1$s", "when": {"type": "daysBefore", "attribute": "%2$s", "days": 7},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "renew-%1$s"}]}"""
                .formatted(run, renewal));

        // 03:00 UTC on the day is 20:00 the day before in Phoenix: not yet their day.
        clock.set(day.atTime(3, 0).toInstant(ZoneOffset.UTC));
        jobs.dates();
        assertThat(steps.firingsOf(american, greeting)).isEmpty();
        assertThat(steps.firingsOf(american, renewing)).isEmpty();

        // 08:00 UTC is 01:00 on the day in Phoenix.
        clock.set(day.atTime(8, 0).toInstant(ZoneOffset.UTC));
        jobs.dates();
        assertThat(steps.firingsOf(american, greeting)).as("their birthday has come").hasSize(1);
        assertThat(steps.firingsOf(american, renewing)).as("a week before their renewal has come").hasSize(1);

        // The next day on UTC's clock while still the day in Phoenix: once is all.
        clock.set(day.plusDays(1).atTime(3, 0).toInstant(ZoneOffset.UTC));
        jobs.dates();
        assertThat(steps.firingsOf(american, greeting)).hasSize(1);
    }

    @Test
    void aNewDaysBeforeTriggerAlertsForDatesWhoseDayComesOrJustCameNotForEveryDateAlreadyInItsWindow() throws Exception {
        String lease = "lease_" + run;
        steps.dateAttribute(lease);
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        long inAMonth = dated("lease-in-a-month", lease, today.plusDays(30));
        long justPast = dated("lease-just-past", lease, today.plusDays(85));
        long later = dated("lease-later", lease, today.plusDays(120));
        long trigger = steps.create("""
                {"name": "Lease %1$s", "when": {"type": "daysBefore", "attribute": "%2$s", "days": 90},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "renew-%1$s"}]}"""
                .formatted(run, lease));

        jobs.dates();
        assertThat(steps.firingsOf(inAMonth, trigger)).as("its 90th day before was 60 days ago").isEmpty();
        assertThat(steps.firingsOf(justPast, trigger)).as("its 90th day before was 5 days ago").hasSize(1);
        assertThat(steps.firingsOf(later, trigger)).isEmpty();

        clock.advance(Duration.ofDays(30));
        jobs.dates();
        assertThat(steps.firingsOf(later, trigger)).as("its day came while the trigger listened").hasSize(1);
        assertThat(steps.firingsOf(inAMonth, trigger)).isEmpty();
        long imported = dated("lease-imported", lease, today.plusDays(30 + 40));
        jobs.dates();
        assertThat(steps.firingsOf(imported, trigger)).as("a date that came in after the trigger began: late, not never")
                .hasSize(1);

        triggers.setStatus(trigger, Trigger.Status.PAUSED);
        long missed = dated("lease-missed", lease, today.plusDays(30 + 95));
        clock.advance(Duration.ofDays(20));
        triggers.setStatus(trigger, Trigger.Status.ACTIVE);
        jobs.dates();
        assertThat(steps.firingsOf(missed, trigger)).as("its day was 15 days ago, while paused").isEmpty();
    }

    @Test
    void aNewAnniversaryTriggerLeavesThisYearsDayThatItsWindowAlreadyHoldsAndGreetsItNextYear() throws Exception {
        String joined = "joined_" + run;
        steps.dateAttribute(joined);
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate tenDays = today.plusDays(10);
        long inTenDays = dated("joined-ten-days", joined, tenDays.minusYears(5));
        long inTwentySixDays = dated("joined-26-days", joined, today.plusDays(26).minusYears(5));
        long trigger = steps.create("""
                {"name": "Joined %1$s", "when": {"type": "anniversary", "attribute": "%2$s", "daysBefore": 30},
                 "condition": "tag = \\"buyer-%1$s\\"", "actions": [{"type": "addTag", "tag": "thanked-%1$s"}]}"""
                .formatted(run, joined));

        jobs.dates();
        assertThat(steps.firingsOf(inTenDays, trigger)).as("its 30th day before was 20 days ago").isEmpty();
        assertThat(steps.firingsOf(inTwentySixDays, trigger)).as("its 30th day before was 4 days ago").hasSize(1);

        LocalDate nextYear = tenDays.plusYears(1);
        clock.set(nextYear.minusDays(30).atTime(12, 0).toInstant(ZoneOffset.UTC));
        jobs.dates();
        assertThat(steps.firingsOf(inTenDays, trigger)).singleElement()
                .satisfies(f -> assertThat(f.get("occurrence").asString()).isEqualTo("anniversary:" + nextYear.getYear()));
    }

    /** A contact in UTC with the date in the attribute. */
    private long dated(String name, String attribute, LocalDate date) throws Exception {
        return api.createContact("""
                {"email": "%s", "timeZone": "UTC", "tags": ["buyer-%s"], "attributes": {"%s": "%s"}}"""
                .formatted(uniqueEmail(name), run, attribute, date));
    }

    /** A contact with a phone, who agreed to nurture email. */
    private long callable(String name) throws Exception {
        return api.createContact("""
                {"email": "%s", "phone": "+49 30 1234567", "timeZone": "UTC", "tags": ["buyer-%s"],
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "trade-show form"}]}"""
                .formatted(uniqueEmail(name), run));
    }

    /** Sends the piece on the channel to the contacts through a one-step program, now. */
    private void enroll(long content, String channel, long... contacts) throws Exception {
        long program = api.activeProgram("""
                {"name": "%s %s %d", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "%s"}]}"""
                .formatted(channel, run, content, content, channel));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": " + java.util.Arrays.toString(contacts)
                + "}").andExpect(status().isOk());
        engine.tick();
    }

    /** Sends these contacts' queued mail over SMTP, and only theirs (the outbox may hold other tests' messages). */
    private void deliver(long... contacts) {
        for (long contact : contacts) {
            jdbc.sql("SELECT id FROM outbox_messages WHERE contact_id = ?").param(contact).query(Long.class).list()
                    .forEach(smtp::deliverNow);
            assertThat(jdbc.sql("SELECT status FROM outbox_messages WHERE contact_id = ?").param(contact)
                    .query(String.class).list()).as("contact %d's email went", contact).containsExactly("SENT");
        }
    }

    /** The email provider reports the contact's email as a hard bounce. */
    private void bounce(long contact) throws Exception {
        String messageId = jdbc.sql("SELECT message_id FROM outbox_messages WHERE contact_id = ?").param(contact)
                .query(String.class).single();
        String body = """
                {"events": [{"id": "%s", "type": "hard_bounce", "messageId": "%s", "detail": "550 5.1.1 user unknown"}]}"""
                .formatted(UUID.randomUUID(), messageId);
        String t = Long.toString(clock.instant().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("generic-webhook-secret-for-tests".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        api.mvc().perform(MockMvcRequestBuilders.post("/hooks/email/generic").contentType(MediaType.APPLICATION_JSON)
                .content(body).header("Keepwarm-Signature", "t=" + t + ",v1=" + signature)).andExpect(status().isOk());
    }

    /** The contact's open call task, as an ADMIN sees the queue of nobody's tasks. */
    private long openCall(long contact) throws Exception {
        JsonNode items = json(api.get("/api/v1/tasks/history?status=OPEN&limit=500")).get("items");
        return items.valueStream().filter(t -> t.get("contactId").asLong() == contact).mapToLong(t -> t.get("id").asLong())
                .findFirst().orElse(-1);
    }

    private long contact(String name) throws Exception {
        return api.createContact("{\"email\": \"%s\", \"tags\": [\"buyer-%s\"]}".formatted(uniqueEmail(name), run));
    }

    private void purchases(long contact, Instant... at) throws Exception {
        StringBuilder events = new StringBuilder();
        for (Instant when : at) {
            events.append(events.isEmpty() ? "" : ",").append("{\"id\": \"p-%s-%d-%s\", \"contactId\": %d, \"type\": \"PURCHASE\", \"occurredAt\": \"%s\"}"
                    .formatted(run, contact, when, contact, when));
        }
        api.post("/api/v1/events", "{\"events\": [" + events + "]}").andExpect(status().isOk());
    }
}
