package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A sequence does not send a piece the contact already has, from any program: the reviewer's weekly stream and
 * sequence on one segment sent "Customer story: Acme HPC" twice to 10 of 11 contacts.
 */
@KeepwarmTest
class AlreadyReceivedTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired TestClock clock;
    @Autowired Membership membership;
    @Autowired io.keepwarm.trigger.TriggerJobs triggerJobs;
    @Autowired RequestedSends requestedSends;
    @Autowired io.keepwarm.delivery.internal.SmtpChannel smtp;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** A weekday morning in UTC, inside the default sending hours, whatever day the clock stood on. */
    @BeforeEach
    void wednesdayMorning() {
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY))
                .withHour(10).withMinute(0).withSecond(0).withNano(0).toInstant());
    }

    @Test
    void aSequenceOnTheStreamsSegmentPassesOverThePieceTheStreamSentCountsItAndGoesOnToItsNextStep() throws Exception {
        String tag = "hpc-" + run;
        long ada = contact("ada", tag);
        long grace = contact("grace", tag);
        long acme = piece("Customer story: Acme HPC " + run, null);
        long followUp = piece("Follow-up " + run, null);
        long segment = json(api.post("/api/v1/segments", """
                {"name": "HPC %s", "text": "tag = \\"%s\\""}""".formatted(run, tag)).andExpect(status().isCreated()))
                .get("id").asLong();
        long stream = api.activeProgram("""
                {"name": "Weekly stream %s", "kind": "STREAM", "audienceSegmentId": %d,
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, segment, acme));
        membership.refresh(false);
        clock.advance(Duration.ofDays(7));
        engine.tick();
        smtp.drain(); // the mail job's round: the mail server takes the stream's emails that day
        assertThat(subjects(ada)).as("the stream sent the piece").containsExactly("Customer story: Acme HPC " + run);
        Instant streamSent = clock.instant();

        // On the Monday after, a sequence starts on the same segment, with one contact new to it.
        clock.advance(Duration.ofDays(5));
        long linus = contact("linus", tag);
        long sequence = api.activeProgram("""
                {"name": "Sequence %s", "kind": "SEQUENCE", "audienceSegmentId": %d, "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"},
                  {"type": "wait", "duration": "P3D"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, segment, acme, followUp));
        membership.refresh(false);
        engine.tick();

        assertThat(subjects(ada)).containsExactly("Customer story: Acme HPC " + run);
        assertThat(subjects(grace)).containsExactly("Customer story: Acme HPC " + run);
        assertThat(subjects(linus)).as("a contact who did not have it gets it").containsExactly("Customer story: Acme HPC " + run);
        smtp.drain(); // the stats count an email sent once the mail server took it
        JsonNode touches = json(api.get("/api/v1/programs/" + sequence + "/stats")).get("touches");
        assertThat(touches.get("SUPPRESSED").get("ALREADY_RECEIVED").asLong()).isEqualTo(2);
        assertThat(touches.get("SENT").get("total").asLong()).isEqualTo(1);
        assertThat(timeline(ada)).contains("Email not sent: 'Customer story: Acme HPC " + run
                + "' (already received 'Customer story: Acme HPC " + run + "' on "
                + DateTimeFormatter.ofPattern("EEE d MMMM yyyy", java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC)
                        .format(streamSent) + " from program Weekly stream "
                + run);

        clock.advance(Duration.ofDays(3));
        engine.tick();

        assertThat(subjects(ada)).as("the next step comes after its wait, as after a send")
                .containsExactly("Customer story: Acme HPC " + run, "Follow-up " + run);
        assertThat(subjects(linus)).containsExactly("Customer story: Acme HPC " + run, "Follow-up " + run);
        smtp.drain();
        assertThat(json(api.get("/api/v1/programs/" + sequence + "/stats")).get("touches").get("SENT").get("total")
                .asLong()).isEqualTo(4);
        assertThat(json(api.get("/api/v1/programs/" + sequence + "/enrollments")).get("items").findValuesAsString("status"))
                .containsOnly("COMPLETED");
        assertThat(stream).isPositive();
    }

    @Test
    void aStepMarkedSendEvenIfReceivedSendsThePieceAgain() throws Exception {
        long ada = contact("reminded", "none-" + run);
        long invite = piece("Webinar invite " + run, null);
        enroll(sequence("First " + run, """
                [{"type": "send", "contentId": %d, "channel": "EMAIL"}]""".formatted(invite)), ada);
        engine.tick();
        clock.advance(Duration.ofDays(5));

        long reminder = sequence("Reminder " + run, """
                [{"type": "send", "contentId": %d, "channel": "EMAIL", "sendEvenIfReceived": true}]""".formatted(invite));
        assertThat(json(api.get("/api/v1/programs/" + reminder)).get("steps").get(0).get("sendEvenIfReceived").asBoolean())
                .isTrue();
        enroll(reminder, ada);
        engine.tick();

        assertThat(subjects(ada)).containsExactly("Webinar invite " + run, "Webinar invite " + run);
    }

    @Test
    void anotherPieceIsSentToAContactWhoHasTheFirstButAnotherLanguagesVersionIsWithheldAsNotInTheirLanguage()
            throws Exception {
        long ada = contact("languages", "none-" + run);
        long english = piece("Acme story " + run, "en");
        long german = piece("Acme-Geschichte " + run, "de");
        long other = piece("Other story " + run, null);
        enroll(sequence("English " + run, """
                [{"type": "send", "contentId": %d, "channel": "EMAIL"}]""".formatted(english)), ada);
        engine.tick();
        clock.advance(Duration.ofDays(5));

        long second = sequence("Others " + run, """
                [{"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P3D"},
                 {"type": "send", "contentId": %d, "channel": "EMAIL"}]""".formatted(german, other));
        enroll(second, ada);
        engine.tick();
        clock.advance(Duration.ofDays(3));
        engine.tick();

        // Ada has no language of her own: she reads the account's default, English. The German version is a piece of
        // its own, not one she received, but it is not in her language.
        assertThat(subjects(ada)).containsExactly("Acme story " + run, "Other story " + run);
        assertThat(json(api.get("/api/v1/programs/" + second + "/stats")).at("/touches/SUPPRESSED").propertyNames())
                .containsOnly("total", "LANGUAGE");
    }

    @Test
    void aTriggersSendOfAPieceTheContactAlreadyHasIsSkippedAndItsFiringSaysWhy() throws Exception {
        long ada = contact("triggered", "none-" + run);
        long guide = piece("Guide " + run, null);
        enroll(sequence("Guide first " + run, """
                [{"type": "send", "contentId": %d, "channel": "EMAIL"}]""".formatted(guide)), ada);
        engine.tick();
        clock.advance(Duration.ofDays(5));
        long stream = api.activeProgram("""
                {"name": "Monthly %s", "kind": "STREAM", "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY",
                 "at": "10:00"}, "pool": [%d]}""".formatted(run, piece("Monthly " + run, null)));
        enroll(stream, ada);
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "Guide again %s", "when": {"type": "tagAdded", "tag": "again-%s"},
                 "actions": [{"type": "sendContent", "programId": %d, "contentId": %d}]}""".formatted(run, run, stream,
                guide)).andExpect(status().isCreated())).get("id").asLong();

        api.post("/api/v1/contacts/" + ada + "/tags", "{\"tags\": [\"again-" + run + "\"]}").andExpect(status().isOk());
        triggerJobs.cues();
        engine.tick();

        assertThat(subjects(ada)).containsExactly("Guide " + run);
        JsonNode firing = json(api.get("/api/v1/contacts/" + ada + "/trigger-firings?limit=50")).get("items")
                .valueStream().filter(f -> f.get("triggerId").asLong() == trigger).findFirst().orElseThrow();
        assertThat(firing.at("/actions/0/outcome").asString()).isEqualTo("SKIPPED");
        assertThat(firing.at("/actions/0/detail").asString()).contains("already received piece 'Guide " + run + "'");
        api.post("/api/v1/triggers/" + trigger + "/pause", "").andExpect(status().isOk());
    }

    /**
     * The reviewer's contact 6: a stream planned "Case study 2", held by the contact's own rhythm; a sequence reached
     * the same piece meanwhile and was told ALREADY_RECEIVED; then the stream's touch went stale. The contact never got
     * the piece. Planned is not received: the sequence's touch waits its turn and goes.
     */
    @Test
    void aPieceAStreamPlannedButDroppedAsStaleStillReachesTheContactFromTheSequenceThatCameToItOnce() throws Exception {
        long ada = contact("six", "none-" + run);
        api.as(Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + ada + "/frequency").contentType("application/json")
                .content("{\"channel\": \"EMAIL\", \"maxTouches\": 1, \"windowDays\": 5}")).andExpect(status().isOk());
        long study = piece("Case study 2 " + run, null);
        Instant start = clock.instant();
        // Wednesday 10:00: the welcome goes, and fills the contact's "1 email in 5 days" until Monday 10:00.
        enroll(api.activeProgram("""
                {"name": "Welcome %s", "kind": "SEQUENCE", "priority": 1, "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P4D"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, piece("Welcome " + run, null), piece("Welcome back " + run, null))), ada);
        long stream = api.activeProgram("""
                {"name": "Stories %s", "kind": "STREAM", "priority": 5,
                 "cadence": {"type": "every", "period": "P7D", "at": "12:00"}, "pool": [%d]}""".formatted(run, study));
        enroll(stream, ada);
        tickUntil(start.plus(Duration.ofDays(3)));
        assertThat(touchOf(ada, stream).get("state").asString()).as("the stream's piece waits for the contact's rhythm")
                .isEqualTo("PLANNED");

        // Saturday: a sequence comes to the same piece while the stream's touch still waits.
        long sequence = sequence("Case studies " + run, 5, """
                [{"type": "send", "contentId": %d, "channel": "EMAIL", "staleAfter": "P30D"}]""".formatted(study));
        enroll(sequence, ada);
        engine.tick();
        assertThat(touchOf(ada, sequence).get("state").asString()).as("planned elsewhere is not received")
                .isEqualTo("PLANNED");

        // Monday 10:00 the welcome's second email takes the contact's one email in five days first: the stream's
        // touch, held past the next piece's moment, is dropped as stale; the sequence's waits on and goes.
        tickUntil(start.plus(Duration.ofDays(14)));
        assertThat(touchOf(ada, stream).get("reason").asString()).isEqualTo("STALE");
        assertThat(touchOf(ada, sequence).get("state").asString()).isEqualTo("SENT");
        assertThat(subjects(ada)).containsExactly("Welcome " + run, "Welcome back " + run, "Case study 2 " + run);
        assertThat(touches(ada).findValuesAsString("reason")).doesNotContain("ALREADY_RECEIVED");
    }

    @Test
    void ofTwoProgramsHoldingTheSamePieceForTheWeekendOnlyTheFirstToSendItSendsItAndTheOtherSaysAlreadyReceived()
            throws Exception {
        long ada = contact("twice", "none-" + run);
        long guide = piece("Weekend guide " + run, null);
        // Saturday 10:00: quiet hours hold both programs' touches of the guide until Monday 08:00.
        clock.advance(Duration.ofDays(3));
        long stream = api.activeProgram("""
                {"name": "Guides %s", "kind": "STREAM", "priority": 5,
                 "cadence": {"type": "every", "period": "P7D", "at": "11:00"}, "pool": [%d]}""".formatted(run, guide));
        enroll(stream, ada);
        clock.advance(Duration.ofHours(1));
        engine.tick();
        long sequence = sequence("Guide sequence " + run, 5, """
                [{"type": "send", "contentId": %d, "channel": "EMAIL"}]""".formatted(guide));
        enroll(sequence, ada);
        engine.tick();
        assertThat(touches(ada).findValuesAsString("state")).containsExactly("PLANNED", "PLANNED");

        clock.advance(Duration.ofHours(45));
        engine.tick();

        assertThat(subjects(ada)).containsExactly("Weekend guide " + run);
        assertThat(List.of(touchOf(ada, stream), touchOf(ada, sequence))).extracting(t -> t.get("state").asString()
                + (t.hasNonNull("reason") ? " " + t.get("reason").asString() : ""))
                .containsExactlyInAnyOrder("SENT", "SUPPRESSED ALREADY_RECEIVED");
    }

    @Test
    void aStreamsPieceHeldForTheWeekendIsNotSentAgainToAContactWhoAskedForItMeanwhile() throws Exception {
        long ada = contact("asked", "none-" + run);
        long paper = piece("White paper " + run, null);
        // Saturday 11:00: the stream's piece waits for Monday 08:00.
        clock.advance(Duration.ofDays(3));
        long stream = api.activeProgram("""
                {"name": "Papers %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "11:00"}, "pool": [%d]}""".formatted(run, paper));
        enroll(stream, ada);
        clock.advance(Duration.ofHours(1));
        engine.tick();
        // Sunday: the contact asks for it on a landing page, and it goes at once.
        clock.advance(Duration.ofDays(1));
        assertThat(requestedSends.send(ada, paper).orElseThrow().result()).isEqualTo(RequestedSends.Result.SENT);

        clock.advance(Duration.ofHours(21));
        engine.tick();

        assertThat(subjects(ada)).containsExactly("White paper " + run);
        assertThat(touchOf(ada, stream).get("reason").asString()).isEqualTo("ALREADY_RECEIVED");
    }

    /** Ticks every six hours from now up to the end, as a scheduler running through the days would. */
    private void tickUntil(Instant end) {
        for (Instant at = clock.instant(); !at.isAfter(end); at = at.plus(Duration.ofHours(6))) {
            clock.set(at);
            engine.tick();
        }
    }

    private JsonNode touches(long contact) throws Exception {
        return json(api.get("/api/v1/contacts/" + contact + "/touches?limit=100")).get("items");
    }

    /** The contact's one touch from the program. */
    private JsonNode touchOf(long contact, long program) throws Exception {
        List<JsonNode> theirs = touches(contact).valueStream().filter(t -> t.get("programId").asLong() == program)
                .toList();
        assertThat(theirs).hasSize(1);
        return theirs.getFirst();
    }

    private long contact(String name, String tag) throws Exception {
        return api.createContact("""
                {"email": "%s", "firstName": "%s", "timeZone": "UTC", "tags": ["%s"],
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}"""
                .formatted(uniqueEmail(name), name, tag));
    }

    private long piece(String name, String language) throws Exception {
        var piece = tools.jackson.databind.json.JsonMapper.shared().createObjectNode().put("name", name)
                .put("type", "ARTICLE").put("status", "LIVE");
        if (language != null) {
            piece.put("language", language);
        }
        piece.putObject("variants").putObject("email").put("subject", name).put("html", "<p>Useful.</p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private long sequence(String name, String steps) throws Exception {
        return api.activeProgram("{\"name\": \"" + name + "\", \"kind\": \"SEQUENCE\", \"steps\": " + steps + "}");
    }

    private long sequence(String name, int priority, String steps) throws Exception {
        return api.activeProgram("{\"name\": \"" + name + "\", \"kind\": \"SEQUENCE\", \"priority\": " + priority
                + ", \"steps\": " + steps + "}");
    }

    private void enroll(long program, long contact) throws Exception {
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().isOk());
    }

    /** The subjects of the emails the contact was sent, oldest first. */
    private List<String> subjects(long contact) throws Exception {
        return json(api.get("/api/v1/outbox?contact=" + contact)).get("items").findValuesAsString("subject");
    }

    private String timeline(long contact) throws Exception {
        return Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + contact)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                .getContentAsString()).getElementById("timeline").text();
    }
}
