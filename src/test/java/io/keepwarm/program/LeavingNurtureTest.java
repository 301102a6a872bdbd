package io.keepwarm.program;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A contact that goes to sales or is disqualified leaves its nurture programs whatever moved it, and the calls they
 * put in a queue go with it; a customer's programs (service reminders) stay with the customer.
 */
@KeepwarmTest
class LeavingNurtureTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Delivery delivery;
    @Autowired JdbcClient jdbc;
    @Autowired Consents consents;
    @Autowired TestClock clock;
    @Autowired Membership membership;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void weekdayMorning() {
        clock.advanceToNext(DayOfWeek.TUESDAY, LocalTime.of(9, 0));
    }

    @Test
    void aContactAMarketerDisqualifiesLeavesEveryProgramAndItsProgramCallsLeaveTheQueue() throws Exception {
        long contact = contact("disqualified");
        long stream = program(stream("monthly"));
        long sequence = program("""
                {"name": "calls %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "intro call"},
                  {"type": "wait", "duration": "P30D"}]}""".formatted(run));
        enroll(stream, contact);
        enroll(sequence, contact);
        engine.tick();
        assertThat(openTasks(contact)).hasSize(1);

        move(contact, "DISQUALIFIED");

        for (long program : List.of(stream, sequence)) {
            assertThat(enrollment(program, contact).get("status").asString()).isEqualTo("EXITED");
            assertThat(enrollment(program, contact).get("endReason").asString()).isEqualTo("ENTERED_DISQUALIFIED");
        }
        assertThat(openTasks(contact)).isEmpty();
    }

    @Test
    void aCheckInHeldForTheNightOfASequenceThatHadFinishedIsNotSentToTheLeadsSalesTookMeanwhile() throws Exception {
        // 09:00 UTC is 04:00 in Toronto: the check-in and the piece after it wait for the contacts' morning.
        long rose = contactIn("rose", "America/Toronto");
        long ron = contactIn("ron", "America/Toronto");
        String checkIn = "Checking in " + run;
        String piece = "Cooling guide " + run;
        long sequence = program("""
                {"name": "check-in %s", "kind": "SEQUENCE", "steps": [{"type": "readiness", "contentId": %d},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, api.liveArticle(checkIn), api.liveArticle(piece)));
        enroll(sequence, rose);
        enroll(sequence, ron);
        engine.tick();
        assertThat(enrollment(sequence, rose).get("status").asString()).as("walked past its last step").isEqualTo("COMPLETED");

        move(ron, "SQL");
        move(rose, "SQL");
        move(rose, "OPPORTUNITY");
        clock.advance(Duration.ofHours(6));
        engine.tick();

        for (long lead : List.of(rose, ron)) {
            assertThat(outbox(lead)).as("nurture mail to a lead sales has").isEmpty();
            assertThat(touches(lead)).as("each touch suppressed, with why").containsOnly("SUPPRESSED LEFT_NURTURE");
        }
    }

    @Test
    void aSequenceStepThatDisqualifiesTakesTheContactOutOfThatProgramAndItsOthersAndSendsNothingAfter() throws Exception {
        long contact = contact("stepped");
        long piece = api.liveArticle("After the step " + run);
        long stream = program(stream("beside"));
        long sequence = program("""
                {"name": "clean-up %s", "kind": "SEQUENCE", "steps": [{"type": "setStage", "stage": "DISQUALIFIED"},
                  {"type": "wait", "duration": "P7D"}, {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, piece));
        enroll(stream, contact);
        enroll(sequence, contact);

        engine.tick();
        clock.advance(Duration.ofDays(8));
        engine.tick();

        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).get("stage").asString()).isEqualTo("DISQUALIFIED");
        assertThat(enrollment(sequence, contact).get("endReason").asString()).isEqualTo("STEP_SET_DISQUALIFIED");
        assertThat(enrollment(sequence, contact).get("nextDueAt").isNull()).as("nothing more due").isTrue();
        assertThat(enrollment(stream, contact).get("status").asString()).isEqualTo("EXITED");
        assertThat(outbox(contact)).extracting(OutboxMessage::subject).doesNotContain("After the step " + run);
    }

    @Test
    void theContactPageSaysInWordsThatTheProgramsOwnStepDisqualifiedThemAndThatTheOtherProgramEndedWithIt()
            throws Exception {
        long contact = contact("worded");
        long stream = program(stream("worded beside"));
        long sequence = program("""
                {"name": "clean-up worded %s", "kind": "SEQUENCE", "steps": [{"type": "setStage", "stage": "DISQUALIFIED"},
                  {"type": "wait", "duration": "P7D"}]}""".formatted(run));
        enroll(stream, contact);
        enroll(sequence, contact);

        engine.tick();

        org.jsoup.nodes.Document page = Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + contact)
                        .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse().getContentAsString());
        String programs = page.getElementById("in-programs").text();
        assertThat(programs).contains("left: a step of this program moved them to Disqualified")
                .contains("left: entered Disqualified");
        assertThat(page.text()).doesNotContainIgnoringCase("step set").doesNotContain("STEP_SET");
    }

    @Test
    void aContactAPersonBringsBackFromDisqualifiedReentersTheProgramsItWasInButNotTheOneWhoseStepDisqualifiedIt()
            throws Exception {
        long contact = contact("brought-back");
        long stream = program(stream("beside again"));
        long sequence = program("""
                {"name": "clean-up again %s", "kind": "SEQUENCE", "steps": [
                  {"type": "setStage", "stage": "DISQUALIFIED"}, {"type": "wait", "duration": "P7D"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, api.liveArticle("After " + run)));
        enroll(stream, contact);
        enroll(sequence, contact);
        engine.tick();
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).get("stage").asString()).isEqualTo("DISQUALIFIED");

        api.post("/api/v1/contacts/" + contact + "/stage", """
                {"to": "NURTURE", "reasonCode": "MANUAL", "reason": "a fit after all: they run a lab"}""")
                .andExpect(status().isOk());
        engine.tick();

        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).get("stage").asString())
                .as("the person's decision stands").isEqualTo("NURTURE");
        assertThat(enrollment(stream, contact).get("status").asString()).as("back in the stream").isEqualTo("ACTIVE");
        assertThat(enrollment(sequence, contact).get("endReason").asString()).as("its own step's doing")
                .isEqualTo("STEP_SET_DISQUALIFIED");
        assertThat(json(api.get("/api/v1/programs/" + sequence + "/enrollments?limit=500")).get("items").size())
                .as("not put back in the sequence that disqualified them").isEqualTo(1);
    }

    @Test
    void theProgramCallsADisqualifyingStepEndsSayThatStepsProgramEndedThemNotWhoeverRanTheEngine() throws Exception {
        long contact = contact("tidied");
        long calls = program("""
                {"name": "calls %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "intro call"},
                  {"type": "wait", "duration": "P30D"}]}""".formatted(run));
        enroll(calls, contact);
        engine.tick();
        long call = openTasks(contact).getFirst();
        long cleanUp = program("""
                {"name": "clean-up %s", "kind": "SEQUENCE", "steps": [{"type": "setStage", "stage": "DISQUALIFIED"},
                  {"type": "wait", "duration": "P7D"}]}""".formatted(run));
        enroll(cleanUp, contact);

        engine.tick();

        JsonNode ended = json(api.get("/api/v1/tasks/" + call));
        assertThat(ended.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(ended.get("doneBy").asString()).isEqualTo("program:" + cleanUp);
        String timeline = Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + contact)
                        .with(user(api.sessionUser(Role.ADMIN)).roles("ADMIN")))
                .andReturn().getResponse().getContentAsString()).getElementById("timeline").text();
        assertThat(timeline).contains("Task cancelled by program 'clean-up " + run + "'")
                .doesNotContain("Task cancelled by Keepwarm itself");
    }

    @Test
    void aCustomersServiceRemindersGoOnWhileANewDealIsWorkedButAReturningLostDealLeavesItsWinBackStream() throws Exception {
        long customer = contact("customer");
        for (String stage : List.of("SQL", "OPPORTUNITY", "CUSTOMER")) {
            move(customer, stage);
        }
        long reminders = program(stream("service reminders"));
        enroll(reminders, customer);
        long lost = contact("lost");
        for (String stage : List.of("SQL", "OPPORTUNITY", "LOST")) {
            move(lost, stage);
        }
        long winBack = program(stream("win back"));
        enroll(winBack, lost);

        move(customer, "OPPORTUNITY");
        move(lost, "OPPORTUNITY");

        assertThat(enrollment(reminders, customer).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(enrollment(winBack, lost).get("endReason").asString()).isEqualTo("ENTERED_OPPORTUNITY");
    }

    @Test
    void aLostDealBackInNurtureGoesOnInTheSequenceItLeftForSalesFromWhereItStoodWithoutTheFirstPieceAgain() throws Exception {
        long contact = contact("returning");
        long sequence = program("""
                {"name": "drip %1$s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %2$d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"},
                  {"type": "send", "contentId": %3$d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"}]}"""
                .formatted(run, api.liveArticle("Month one " + run), api.liveArticle("Month two " + run)));
        enroll(sequence, contact);
        engine.tick();
        for (String stage : List.of("SQL", "OPPORTUNITY", "LOST", "NURTURE")) {
            move(contact, stage);
        }
        clock.advance(Duration.ofDays(7));

        // Back in nurture, it is back in the program at once, as its stage took it out, not a person or the end.
        JsonNode again = json(api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().isOk()));
        engine.tick();

        assertThat(again.get("alreadyIn").asInt()).as("taken out by its stage, not through the program").isEqualTo(1);
        assertThat(outbox(contact)).extracting(OutboxMessage::subject)
                .containsExactlyInAnyOrder("Month one " + run, "Month two " + run);
    }

    @Test
    void aContactSalesHasOrADisqualifiedOneIsRefusedByNameWhenEnrolledByHandAndNobodyInTheRequestIsEnrolled()
            throws Exception {
        long stream = program(stream("refusing"));
        long fresh = contact("fresh");
        long sql = contact("accepted");
        move(sql, "SQL");
        long wrong = contact("wrong");
        move(wrong, "DISQUALIFIED");
        long deal = contact("deal");
        move(deal, "SQL");
        move(deal, "OPPORTUNITY");

        for (long refused : List.of(sql, wrong, deal)) {
            api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + fresh + ", " + refused + "]}")
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value(containsString("Contact " + refused + " is ")))
                    .andExpect(jsonPath("$.detail").value(containsString("move them back to nurture first")))
                    .andExpect(jsonPath("$.notInNurture[0].contactId").value(refused));
        }

        assertThat(enrollments(stream)).isEmpty();
    }

    @Test
    void anAudienceSegmentEnrollsItsNurtureContactsAndCustomersButNotThoseSalesHasOrDisqualified() throws Exception {
        String tag = "audience-" + run;
        long nurture = contact("nurture", tag);
        move(nurture, "NURTURE");
        long customer = contact("customer", tag);
        for (String stage : List.of("SQL", "OPPORTUNITY", "CUSTOMER")) {
            move(customer, stage);
        }
        long sql = contact("accepted", tag);
        move(sql, "SQL");
        long opportunity = contact("deal", tag);
        move(opportunity, "SQL");
        move(opportunity, "OPPORTUNITY");
        long wrong = contact("wrong", tag);
        move(wrong, "DISQUALIFIED");
        long audience = json(api.post("/api/v1/segments", """
                {"name": "audience %s", "text": "tag = \\"%s\\""}""".formatted(run, tag))
                .andExpect(status().isCreated())).get("id").asLong();
        long stream = program("""
                {"name": "audience stream %s", "kind": "STREAM", "audienceSegmentId": %d,
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, audience, api.liveArticle("Audience " + run)));

        membership.refresh(false);

        assertThat(enrollments(stream)).containsExactlyInAnyOrder(nurture, customer);
    }

    @Test
    void aDisqualifiedContactAPersonBringsBackEntersItsAudiencesProgramsAsTheirReenrollmentAllowsWithoutAPieceAgain()
            throws Exception {
        String tag = "fits-after-all-" + run;
        long contact = contact("fits", tag);
        move(contact, "NURTURE");
        long audience = json(api.post("/api/v1/segments", """
                {"name": "fits %s", "text": "tag = \\"%s\\""}""".formatted(run, tag))
                .andExpect(status().isCreated())).get("id").asLong();
        long first = api.liveArticle("First " + run);
        long second = api.liveArticle("Second " + run);
        long third = api.liveArticle("Third " + run);
        long welcome = api.liveArticle("Welcome " + run);
        long stream = program(audienceStream("before", audience, "NEVER", first, second));
        long once = program("""
                {"name": "welcome %s", "kind": "SEQUENCE", "audienceSegmentId": %d, "reenrollment": "NEVER",
                 "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, audience, welcome));
        long again = program("""
                {"name": "welcome again %s", "kind": "SEQUENCE", "audienceSegmentId": %d, "reenrollment": "AFTER_END",
                 "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, audience, welcome));
        membership.refresh(false);
        months(1);
        assertThat(outbox(contact)).extracting(OutboxMessage::subject).contains("First " + run);
        assertThat(enrollment(once, contact).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(enrollment(again, contact).get("status").asString()).isEqualTo("COMPLETED");
        move(contact, "DISQUALIFIED");
        // Started while the contact was disqualified: its audience held them, but the program could not take them.
        long meanwhile = program(audienceStream("meanwhile", audience, "AFTER_END", first, third));
        membership.refresh(false);
        assertThat(enrollments(meanwhile)).isEmpty();

        api.post("/api/v1/contacts/" + contact + "/stage", """
                {"to": "NURTURE", "reasonCode": "MANUAL", "reason": "a fit after all: they run a lab"}""")
                .andExpect(status().isOk());
        membership.refresh(false);

        assertThat(enrollment(stream, contact).get("status").asString()).as("taken back where its stage took it out")
                .isEqualTo("ACTIVE");
        assertThat(enrollment(meanwhile, contact).get("status").asString()).as("its audience's program takes it now")
                .isEqualTo("ACTIVE");
        assertThat(json(api.get("/api/v1/programs/" + once + "/enrollments?limit=500")).get("items").size())
                .as("a program taking each contact once, which they went through, does not take them again")
                .isEqualTo(1);
        assertThat(json(api.get("/api/v1/programs/" + again + "/enrollments?limit=500")).get("items").size())
                .as("one taking contacts again after an end does").isEqualTo(2);
        months(3);
        // The pressure policy may hold a piece back for a while, but none goes out twice.
        assertThat(outbox(contact)).extracting(OutboxMessage::subject).as("each piece once").doesNotHaveDuplicates()
                .contains("First " + run, "Second " + run, "Third " + run);
    }

    private String audienceStream(String name, long audience, String reenrollment, long... pool) {
        return """
                {"name": "%s %s", "kind": "STREAM", "audienceSegmentId": %d, "reenrollment": "%s",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": %s}"""
                .formatted(name, run, audience, reenrollment, java.util.Arrays.toString(pool));
    }

    /** Months of the engine's work, a tick a day, as the scheduler would run it. */
    private void months(int months) {
        for (int day = 0; day < 31 * months; day++) {
            clock.advance(Duration.ofDays(1));
            engine.tick();
        }
    }

    private List<Long> enrollments(long program) throws Exception {
        return json(api.get("/api/v1/programs/" + program + "/enrollments?limit=500")).get("items").valueStream()
                .map(e -> e.get("contactId").asLong()).toList();
    }

    private long contact(String name, String tag) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "%s", "timeZone": "UTC", "tags": ["%s"]}"""
                .formatted(uniqueEmail(name), name, tag));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        return id;
    }

    private long contact(String name) throws Exception {
        return contactIn(name, "UTC");
    }

    private long contactIn(String name, String zone) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "%s", "phone": "+49 30 1234567", "timeZone": "%s"}"""
                .formatted(uniqueEmail(name), name, zone));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        return id;
    }

    private String stream(String name) throws Exception {
        return """
                {"name": "%s %s", "kind": "STREAM", "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"},
                 "pool": [%d]}""".formatted(name, run, api.liveArticle(name + " " + run));
    }

    private long program(String json) throws Exception {
        return api.activeProgram(json);
    }

    private void enroll(long program, long contact) throws Exception {
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().isOk());
    }

    private void move(long contact, String to) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"" + to + "\"}").andExpect(status().isOk());
    }

    private JsonNode enrollment(long program, long contact) throws Exception {
        return json(api.get("/api/v1/programs/" + program + "/enrollments?limit=500")).get("items").valueStream()
                .filter(e -> e.get("contactId").asLong() == contact).reduce((a, b) -> b).orElseThrow();
    }

    private List<Long> openTasks(long contact) {
        return jdbc.sql("SELECT id FROM tasks WHERE contact_id = ? AND status = 'OPEN'").param(contact).query(Long.class)
                .list();
    }

    private List<String> touches(long contact) {
        return jdbc.sql("SELECT state || ' ' || reason FROM touches WHERE contact_id = ?").param(contact)
                .query(String.class).list();
    }

    private List<OutboxMessage> outbox(long contact) {
        return delivery.outbox(contact, null, null, 100).items();
    }
}
