package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.identity.Role;
import io.keepwarm.lifecycle.LifecycleJob;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/** The rep logs how a call went, and the contact changes the way the outcome means. */
@KeepwarmTest
class CallOutcomeTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired Tasks tasks;
    @Autowired Activities activities;
    @Autowired LifecycleJob lifecycleJob;
    @Autowired JdbcClient jdbc;
    @Autowired ActivityFeed feed;
    @Autowired io.keepwarm.trigger.TriggerJobs triggerJobs;

    private SalesTeam team;
    private Leads leads;
    private long rep;

    @BeforeEach
    void aRepInTheMorning() throws Exception {
        team = new SalesTeam(api);
        leads = new Leads(api);
        rep = team.rep("Caller");
        team.onlyThese(rep);
        clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atTime(10, 0).toInstant(ZoneOffset.UTC));
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void reachedReadyMakesTheLeadTheCallersAcceptedAtOnceWithoutAnAlertOrTaskToThemselves() throws Exception {
        long contact = nurtured("ready");
        long task = call(contact);

        JsonNode done = json(complete(rep, task, "{\"outcome\": \"REACHED_READY\", \"note\": \"wants a quote\"}")
                .andExpect(status().isOk()));

        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("outcome").asString()).isEqualTo("REACHED_READY");
        assertThat(jdbc.sql("SELECT details FROM audit_log WHERE action = 'TASK_COMPLETED' AND entity_id = ?")
                .param(String.valueOf(contact)).query(String.class).single())
                .as("the audit log names no call-back when none was booked, not 'null'")
                .contains("REACHED_READY").doesNotContain("callBackAt");
        JsonNode history = json(api.get("/api/v1/contacts/" + contact + "/stage-history"));
        assertThat(history.at("/transitions/1/to").asString()).isEqualTo("MQL");
        assertThat(history.at("/transitions/1/reasonCode").asString()).isEqualTo("CALL_REACHED_READY");
        assertThat(history.at("/transitions/1/actorType").asString()).isEqualTo("USER");
        assertThat(history.at("/transitions/1/reason").asString()).contains("wants a quote");
        assertThat(history.at("/transitions/2/reasonCode").asString()).as("accepted on the call").isEqualTo("HANDOFF_ACCEPTED");
        assertThat(leads.stageOf(contact)).isEqualTo("SQL");
        JsonNode handoff = leads.handoffOf(contact);
        assertThat(handoff.get("repId").asLong()).isEqualTo(rep);
        assertThat(handoff.get("chosenBy").asString()).isEqualTo("CALLER");
        assertThat(handoff.get("state").asString()).isEqualTo("ACCEPTED");
        assertThat(handoff.get("context").asString()).contains("call reached ready");
        assertThat(alertsAbout(rep, contact)).as("no 'New lead' alert about the call they just made").isEmpty();
        assertThat(openTasksOf(contact)).as("nothing to accept: no HANDOFF task").isEmpty();
        JsonNode mine = json(api.get("/api/v1/handoffs/report")).get("byRep").valueStream()
                .filter(r -> r.get("repId").asLong() == rep).findFirst().orElseThrow();
        assertThat(mine.get("accepted").asLong()).as("the report counts the lead the rep took").isEqualTo(1);
        assertThat(activities.recent(contact, 10)).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(ActivityType.CALL_OUTCOME);
            assertThat(a.channel()).isEqualTo(Channel.PHONE);
            assertThat(a.target()).isEqualTo("REACHED_READY");
        });
    }

    @Test
    void aRepWhoHearsReadyOnTheirCallBackTakesTheLeadFromTheContactsNewOwner() throws Exception {
        long caller = team.rep("Builder");
        long owner = team.rep("Owner");
        team.onlyThese(rep, caller, owner);
        long contact = nurtured("callback-ready");
        long callBack = tasks.create(new Tasks.NewTask(contact, caller, TaskKind.CALL_BACK, null, null, clock.instant(), 80));
        api.patch("/api/v1/contacts/" + contact, "{\"owner\": \"" + owner + "\"}").andExpect(status().isOk());

        complete(caller, callBack, "{\"outcome\": \"REACHED_READY\"}").andExpect(status().isOk());

        JsonNode handoff = leads.handoffOf(contact);
        assertThat(handoff.get("repId").asLong()).as("the same caller, not the owner").isEqualTo(caller);
        assertThat(handoff.get("chosenBy").asString()).isEqualTo("CALLER");
        assertThat(handoff.get("state").asString()).isEqualTo("ACCEPTED");
        assertThat(leads.ownerOf(contact)).isEqualTo(caller);
        assertThat(leads.stageOf(contact)).isEqualTo("SQL");
        assertThat(alertsAbout(owner, contact)).isEmpty();
        assertThat(queueOf(owner, true)).noneMatch(e -> e.at("/contact/id").asLong() == contact);
    }

    @Test
    void aMarketerLoggingARepsReadyCallLeavesTheLeadToRepChoiceWithItsAlertAndTask() throws Exception {
        long marketer = team.user("Mara", "MARKETER", null);
        long contact = nurtured("logged-for");
        long task = call(contact);

        complete(marketer, task, "{\"outcome\": \"REACHED_READY\"}").andExpect(status().isOk());

        JsonNode handoff = leads.handoffOf(contact);
        assertThat(handoff.get("state").asString()).isEqualTo("OPEN");
        assertThat(handoff.get("chosenBy").asString()).isEqualTo("OWNER");
        assertThat(handoff.get("repId").asLong()).isEqualTo(rep);
        assertThat(leads.stageOf(contact)).isEqualTo("MQL");
        assertThat(openTasksOf(contact)).extracting(e -> e.at("/task/kind").asString()).containsExactly("HANDOFF");
    }

    @Test
    void reachedReadyOnTheHandoffCallAcceptsTheLead() throws Exception {
        long contact = leads.ownedBy("accepting", rep);
        long handoff = leads.toMql(contact).get("id").asLong();

        complete(rep, handoffTask(contact), "{\"outcome\": \"REACHED_READY\"}").andExpect(status().isOk());

        assertThat(leads.handoff(handoff).get("state").asString()).isEqualTo("ACCEPTED");
        assertThat(leads.stageOf(contact)).isEqualTo("SQL");
    }

    @Test
    void reachedNotNowNeedsAnAskAgainDateAndThenNurturesUntilIt() throws Exception {
        long contact = leads.ownedBy("later", rep);
        long task = call(contact);
        LocalDate september = today().plusMonths(8);

        JsonNode missing = json(complete(rep, task, "{\"outcome\": \"REACHED_NOT_NOW\"}").andExpect(status().isBadRequest()));
        complete(rep, task, "{\"outcome\": \"REACHED_NOT_NOW\", \"askAgainOn\": \"%s\"}".formatted(today().minusDays(1)))
                .andExpect(status().isBadRequest());
        complete(rep, task, "{\"outcome\": \"VOICEMAIL\", \"askAgainOn\": \"%s\"}".formatted(september))
                .andExpect(status().isBadRequest());
        assertThat(task(task).get("status").asString()).isEqualTo("OPEN");
        complete(rep, task, """
                {"outcome": "REACHED_NOT_NOW", "askAgainOn": "%s", "note": "Budget after the summer"}""".formatted(september))
                .andExpect(status().isOk());

        assertThat(missing.at("/errors/0/field").asString()).isEqualTo("askAgainOn");
        assertThat(leads.stageOf(contact)).isEqualTo("NURTURE");
        JsonNode readiness = json(api.get("/api/v1/contacts/" + contact + "/stage")).get("readiness");
        assertThat(readiness.get("readyOn").asString()).isEqualTo(september.toString());
        assertThat(readiness.get("reason").asString()).contains("Budget after the summer");
    }

    @Test
    void reachedNotNowOnTheHandoffCallRejectsTheLeadAsNotReady() throws Exception {
        long contact = leads.ownedBy("notyet", rep);
        long handoff = leads.toMql(contact).get("id").asLong();

        complete(rep, handoffTask(contact), "{\"outcome\": \"REACHED_NOT_NOW\", \"askAgainOn\": \"%s\"}"
                .formatted(today().plusMonths(3))).andExpect(status().isOk());

        JsonNode rejected = leads.handoff(handoff);
        assertThat(rejected.get("state").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectReason").asString()).isEqualTo("NOT_READY");
        assertThat(leads.stageOf(contact)).isEqualTo("NURTURE");
    }

    @Test
    void reachedNotNowOnTheFirstCallOfAnAcceptedLeadRecyclesItBackIntoNurtureAndAsksAgainOnTheDay() throws Exception {
        long contact = leads.ownedBy("sql-later", rep);
        long firstCall = accepted(contact);
        LocalDate september = today().plusMonths(8);

        complete(rep, firstCall, """
                {"outcome": "REACHED_NOT_NOW", "askAgainOn": "%s", "note": "Budget after the summer"}""".formatted(september))
                .andExpect(status().isOk());

        assertThat(leads.stageOf(contact)).isEqualTo("RECYCLED");
        JsonNode history = json(api.get("/api/v1/contacts/" + contact + "/stage-history")).get("transitions");
        assertThat(history.get(history.size() - 1).get("reasonCode").asString()).isEqualTo("CALL_NOT_NOW");
        lifecycleJob.run();
        assertThat(leads.stageOf(contact)).as("nurtured until the ask-again day").isEqualTo("NURTURE");
        assertThat(openTasksOf(contact)).extracting(e -> e.at("/task/kind").asString()).containsExactly("READINESS_CHECK");
    }

    @Test
    void aRepToldTheirUnansweredLeadIsRecycledCanMoveItBackToSqlAsTheAlertSaysAndCallItAgain() throws Exception {
        long contact = leads.ownedBy("sql-keep", rep);
        long task = accepted(contact);
        for (int attempt = 1; attempt <= 3; attempt++) {
            complete(rep, task, "{\"outcome\": \"NO_ANSWER\"}").andExpect(status().isOk());
            clock.advance(Duration.ofDays(1));
            task = attempt < 3 ? openTasksOf(contact).getFirst().at("/task/id").asLong() : task;
        }
        assertThat(leads.stageOf(contact)).isEqualTo("RECYCLED");
        assertThat(alertsAbout(rep, contact)).anyMatch(a -> a.get("body").asString().endsWith("move it back to SQL."));

        leads.move(contact, "SQL");

        assertThat(leads.stageOf(contact)).isEqualTo("SQL");
        assertThat(openTasksOf(contact)).extracting(e -> e.at("/task/kind").asString()).containsExactly("FIRST_CALL");
    }

    @Test
    void threeUnansweredFirstCallsOnAnAcceptedLeadRecycleItAndTellTheRepInsteadOfLeavingItWithNobody() throws Exception {
        long contact = leads.ownedBy("sql-silent", rep);
        long task = accepted(contact);

        for (int attempt = 2; attempt <= 3; attempt++) {
            complete(rep, task, "{\"outcome\": \"NO_ANSWER\"}").andExpect(status().isOk());
            assertThat(leads.stageOf(contact)).as("still worked by sales").isEqualTo("SQL");
            clock.advance(Duration.ofDays(1));
            task = openTasksOf(contact).getFirst().at("/task/id").asLong();
        }
        assertThat(alertsAbout(rep, contact)).noneMatch(a -> a.get("subject").asString().contains("No answer"));
        complete(rep, task, "{\"outcome\": \"VOICEMAIL\"}").andExpect(status().isOk());

        assertThat(openTasksOf(contact)).isEmpty();
        assertThat(leads.stageOf(contact)).isEqualTo("RECYCLED");
        JsonNode history = json(api.get("/api/v1/contacts/" + contact + "/stage-history")).get("transitions");
        assertThat(history.get(history.size() - 1).get("reasonCode").asString()).isEqualTo("CALLS_UNANSWERED");
        assertThat(alertsAbout(rep, contact)).anyMatch(a -> a.get("subject").asString()
                .startsWith("No answer after 3 calls") && a.get("subject").asString().contains("goes back to nurture"));
        lifecycleJob.run();
        assertThat(leads.stageOf(contact)).isEqualTo("NURTURE");
        assertThat(leads.ownerOf(contact)).as("still the rep's when it comes back").isEqualTo(rep);
    }

    @Test
    void notNowBooksTheRepsNextCallForTheAskAgainDayWhenCallingHoursOpenInTheContactsZone() throws Exception {
        long contact = leads.contact("asklater", "\"owner\": \"" + rep + "\", \"timeZone\": \"America/New_York\"");
        leads.move(contact, "NURTURE");
        LocalDate september = today().plusMonths(8);

        complete(rep, call(contact), """
                {"outcome": "REACHED_NOT_NOW", "askAgainOn": "%s", "note": "Budget after the summer"}""".formatted(september))
                .andExpect(status().isOk());

        assertThat(openTasksOf(contact)).hasSize(1);
        JsonNode next = openTasksOf(contact).getFirst().get("task");
        assertThat(next.get("kind").asString()).isEqualTo("READINESS_CHECK");
        assertThat(next.get("context").asString()).isEqualTo("Budget after the summer");
        assertThat(next.get("title").asString()).as("the day they said it, in words").isEqualTo(
                "Ask again: they said not now on " + io.keepwarm.platform.Days.said(
                        clock.instant().atZone(ZoneId.of("America/New_York")).toLocalDate()));
        Instant morning = september.atTime(8, 0).atZone(ZoneId.of("America/New_York")).toInstant();
        assertThat(Instant.parse(next.get("dueAt").asString())).isEqualTo(morning);
        clock.set(morning.minusSeconds(60));
        assertThat(queue(false)).noneMatch(e -> e.at("/contact/id").asLong() == contact);
        clock.set(morning);
        assertThat(queue(false)).anyMatch(e -> e.at("/contact/id").asLong() == contact);
        lifecycleJob.run();
        assertThat(openTasksOf(contact)).as("the ready date arriving adds no second call").hasSize(1);
    }

    @Test
    void notNowWithACallBackBooksTheCallBackAloneAsTheNextCall() throws Exception {
        long contact = nurtured("notnow-callback");
        Instant friday = clock.instant().plus(Duration.ofDays(3));

        complete(rep, call(contact), """
                {"outcome": "REACHED_NOT_NOW", "askAgainOn": "%s", "callBackAt": "%s"}""".formatted(today().plusMonths(2), friday))
                .andExpect(status().isOk());

        assertThat(openTasksOf(contact)).extracting(e -> e.at("/task/kind").asString()).containsExactly("CALL_BACK");
    }

    @Test
    void aVoicemailCountsAsAnAttemptAndBooksTheNextCallADayLaterUpToTheThirdCall() throws Exception {
        long contact = nurtured("voicemail");
        long task = call(contact);

        // A message left is one attempt of the cadence, not its end: sales tries again, as after no answer.
        for (int attempt = 2; attempt <= 3; attempt++) {
            complete(rep, task, "{\"outcome\": \"VOICEMAIL\"}").andExpect(status().isOk());
            JsonNode next = openTasksOf(contact).getFirst();
            assertThat(next.at("/task/attempt").asInt()).isEqualTo(attempt);
            assertThat(Instant.parse(next.at("/task/dueAt").asString())).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
            clock.advance(Duration.ofDays(1));
            task = next.at("/task/id").asLong();
        }
        complete(rep, task, "{\"outcome\": \"VOICEMAIL\"}").andExpect(status().isOk());

        assertThat(openTasksOf(contact)).as("three calls are enough").isEmpty();
        assertThat(leads.stageOf(contact)).isEqualTo("NURTURE");
        assertThat(activities.recent(contact, 10)).extracting(Activity::target).contains("VOICEMAIL");
    }

    @Test
    void aDoNotCallSentThroughTheEventsApiWithdrawsPhoneConsentAndTakesTheContactOutOfTheQueue() throws Exception {
        long contact = nurtured("dnc-api");
        long open = call(contact);

        JsonNode sent = json(api.post("/api/v1/events", """
                {"events": [{"id": "dialer-%1$d-1", "contactId": %1$d, "type": "CALL_OUTCOME", "channel": "PHONE",
                  "target": "DO_NOT_CALL", "properties": {"note": "Told the dialer never to ring again"}}]}"""
                .formatted(contact)).andExpect(status().isOk()));
        feed.followAll();

        assertThat(sent.get("accepted").asInt()).isOne();
        JsonNode consents = json(api.get("/api/v1/contacts/" + contact + "/consents"));
        assertThat(consents.at("/current/PHONE/state").asString()).isEqualTo("WITHDRAWN");
        assertThat(consents.get("ledger").valueStream().map(e -> e.at("/evidence/text").asString()))
                .anySatisfy(text -> assertThat(text).contains("Told the dialer never to ring again"));
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").valueStream().map(JsonNode::asString))
                .contains("PHONE");
        assertThat(task(open).get("status").asString()).isEqualTo("CANCELLED");
        long later = call(contact);
        assertThat(queue(true)).noneMatch(e -> e.at("/task/id").asLong() == later);
    }

    @Test
    void aWrongNumberSentThroughTheEventsApiFlagsTheNumberUntilTheContactHasANewOne() throws Exception {
        long contact = nurtured("wrong-api");
        long open = call(contact);

        api.post("/api/v1/events", """
                {"events": [{"id": "crm-%1$d-1", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "WRONG_NUMBER"}]}"""
                .formatted(contact)).andExpect(status().isOk());
        feed.followAll();

        assertThat(task(open).get("status").asString()).isEqualTo("CANCELLED");
        long again = call(contact);
        assertThat(task(again).get("status").asString()).isEqualTo("CANCELLED");
        api.patch("/api/v1/contacts/" + contact, "{\"phone\": \"+49 30 7654321\"}").andExpect(status().isOk());
        long newNumber = call(contact);
        assertThat(queue(false)).anyMatch(e -> e.at("/task/id").asLong() == newNumber);
    }

    @Test
    void aWrongNumberOrDoNotCallReportedWithACallBackOrAnAskAgainDayIsRefusedAtThatFieldAndChangesNothing()
            throws Exception {
        long contact = nurtured("wrong-callback");
        long open = call(contact);

        JsonNode result = json(api.post("/api/v1/events", """
                {"events": [
                  {"id": "cb-%1$d-1", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "WRONG_NUMBER",
                   "properties": {"callBackAt": "%2$s"}},
                  {"id": "cb-%1$d-2", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "DO_NOT_CALL",
                   "properties": {"askAgainOn": "%3$s"}},
                  {"id": "cb-%1$d-3", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "NO_ANSWER",
                   "properties": {"callBackAt": "%2$s"}}
                ]}""".formatted(contact, clock.instant().plus(Duration.ofDays(1)), today().plusMonths(2)))
                .andExpect(status().isOk()));
        feed.followAll();

        assertThat(result.get("accepted").asInt()).isZero();
        assertThat(result.at("/rejected/0/errors/0/field").asString()).isEqualTo("properties.callBackAt");
        assertThat(result.at("/rejected/0/message").asString()).isEqualTo("properties.callBackAt cannot go with"
                + " WRONG_NUMBER: nobody is called back on a wrong number or after \"do not call me\"");
        assertThat(result.at("/rejected/1/errors/0/field").asString()).isEqualTo("properties.askAgainOn");
        assertThat(result.at("/rejected/1/message").asString()).isEqualTo("properties.askAgainOn goes only with"
                + " REACHED_NOT_NOW: nobody is asked again on a wrong number or after \"do not call me\"");
        assertThat(result.at("/rejected/2/message").asString()).as("a call-back the API would silently not book")
                .contains("POST /api/v1/tasks/{id}/complete with callBackAt");
        assertThat(task(open).get("status").asString()).as("nothing of the refused events was applied")
                .isEqualTo("OPEN");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/consents")).at("/current/PHONE/state").asString())
                .isNotEqualTo("WITHDRAWN");
    }

    @Test
    void aWrongNumberReportedForAContactWithoutAPhoneNumberIsRefusedSayingThereIsNoneToMark() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\"}"
                .formatted(Api.uniqueEmail("wrong-nophone")));

        JsonNode result = json(api.post("/api/v1/events", """
                {"events": [{"id": "nophone-%1$d", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "WRONG_NUMBER"}]}"""
                .formatted(contact)).andExpect(status().isOk()));

        assertThat(result.get("accepted").asInt()).isZero();
        assertThat(result.at("/rejected/0/errors/0/field").asString()).isEqualTo("target");
        assertThat(result.at("/rejected/0/message").asString()).startsWith("target is WRONG_NUMBER, but contact "
                + contact + " has no phone number to mark wrong");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/activities")).get("items")).isEmpty();
    }

    @Test
    void aReadyCallSentThroughTheEventsApiMakesTheContactMqlAndHandsTheLeadOffOnce() throws Exception {
        long contact = nurtured("ready-api");
        clock.advance(Duration.ofMinutes(5));
        String event = """
                {"events": [{"id": "dialer-%1$d-ready", "contactId": %1$d, "type": "CALL_OUTCOME", "channel": "PHONE",
                  "target": "REACHED_READY", "properties": {"note": "wants a quote"}}]}""".formatted(contact);

        api.post("/api/v1/events", event).andExpect(status().isOk());
        feed.followAll();
        JsonNode retried = json(api.post("/api/v1/events", event).andExpect(status().isOk()));
        feed.followAll();

        assertThat(leads.stageOf(contact)).isEqualTo("MQL");
        JsonNode move = json(api.get("/api/v1/contacts/" + contact + "/stage-history")).at("/transitions/1");
        assertThat(move.get("reasonCode").asString()).isEqualTo("CALL_REACHED_READY");
        assertThat(move.get("actorType").asString()).isEqualTo("API");
        assertThat(move.get("reason").asString()).contains("wants a quote").contains("dialer-" + contact + "-ready");
        JsonNode handoff = leads.handoffOf(contact);
        assertThat(handoff.get("state").asString()).as("the rep decides: no dialer speaks for them").isEqualTo("OPEN");
        assertThat(handoff.get("repId").asLong()).isEqualTo(rep);
        assertThat(alertsAbout(rep, contact)).isNotEmpty();
        assertThat(openTasksOf(contact)).extracting(e -> e.at("/task/kind").asString()).containsExactly("HANDOFF");
        assertThat(retried.get("duplicates").asInt()).isOne();
        assertThat(json(api.get("/api/v1/handoffs?contact=" + contact)).get("items")).hasSize(1);
    }

    @Test
    void aRepsEventsAboutAnotherRepsContactsAreRefusedOneByOneAndChangeNothingWhileTheirOwnAreKept() throws Exception {
        long other = team.rep("Other Rep");
        long dnc = leads.ownedBy("others-dnc", rep);
        long ready = nurtured("others-ready");
        long notNow = leads.ownedBy("others-notnow", rep);
        long own = leads.ownedBy("own-event", other);
        clock.advance(Duration.ofMinutes(5));

        JsonNode sent = json(team.post(other, "/api/v1/events", """
                {"events": [
                  {"id": "rep-%1$d-dnc", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "DO_NOT_CALL",
                   "properties": {"note": "x"}},
                  {"id": "rep-%2$d-ready", "contactId": %2$d, "type": "CALL_OUTCOME", "target": "REACHED_READY"},
                  {"id": "rep-%3$d-notnow", "contactId": %3$d, "type": "CALL_OUTCOME", "target": "REACHED_NOT_NOW",
                   "properties": {"askAgainOn": "%5$s"}},
                  {"id": "rep-%4$d-view", "contactId": %4$d, "type": "PAGE_VIEW", "target": "/pricing"}]}"""
                .formatted(dnc, ready, notNow, own, today().plusMonths(2))).andExpect(status().isOk()));
        feed.followAll();

        assertThat(sent.get("accepted").asInt()).isOne();
        assertThat(sent.get("rejected").valueStream().map(r -> r.get("index").asInt())).containsExactly(0, 1, 2);
        assertThat(sent.get("rejected").valueStream().map(r -> r.at("/errors/0/field").asString()))
                .containsOnly("contactId");
        assertThat(sent.at("/rejected/0/message").asString()).contains("belongs to Caller", "another rep");
        JsonNode consents = json(api.get("/api/v1/contacts/" + dnc + "/consents"));
        assertThat(consents.at("/current/PHONE/state").asString()).isNotEqualTo("WITHDRAWN");
        assertThat(json(api.get("/api/v1/contacts/" + dnc)).get("doNotContact").valueStream().map(JsonNode::asString))
                .doesNotContain("PHONE");
        assertThat(leads.stageOf(ready)).isEqualTo("NURTURE");
        assertThat(json(api.get("/api/v1/handoffs?contact=" + ready)).get("items")).isEmpty();
        assertThat(json(api.get("/api/v1/contacts/" + notNow + "/stage")).at("/readiness/readyOn").isMissingNode()
                || json(api.get("/api/v1/contacts/" + notNow + "/stage")).at("/readiness/readyOn").isNull()).isTrue();
    }

    @Test
    void aSalesKeySendsEventsOnlyAboutContactsNoRepOwns() throws Exception {
        long owned = leads.ownedBy("key-owned", rep);
        long unowned = leads.contact("key-unowned", "");

        JsonNode sent = json(api.as(Role.SALES, MockMvcRequestBuilders.post("/api/v1/events")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("""
                {"events": [{"id": "key-%1$d", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "WRONG_NUMBER"},
                            {"id": "key-%2$d", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/pricing"}]}"""
                .formatted(owned, unowned))).andExpect(status().isOk()));

        assertThat(sent.get("accepted").asInt()).isOne();
        assertThat(sent.at("/rejected/0/index").asInt()).isZero();
        assertThat(sent.at("/rejected/0/message").asString()).contains("SALES API key acts for no rep");
    }

    @Test
    void aRepsOwnCallOutcomesAreRecordedAsTheirsInTheStageHistoryAndTheAuditLog() throws Exception {
        long ready = nurtured("own-ready");
        long dnc = leads.ownedBy("own-dnc", rep);
        clock.advance(Duration.ofMinutes(5));

        team.post(rep, "/api/v1/events", """
                {"events": [{"id": "own-%1$d-ready", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_READY"},
                            {"id": "own-%2$d-dnc", "contactId": %2$d, "type": "CALL_OUTCOME", "target": "DO_NOT_CALL"}]}"""
                .formatted(ready, dnc)).andExpect(status().isOk());
        feed.followAll();

        String username = json(team.get(rep, "/api/v1/me")).get("username").asString();
        JsonNode move = json(api.get("/api/v1/contacts/" + ready + "/stage-history")).at("/transitions/1");
        assertThat(move.get("to").asString()).isEqualTo("MQL");
        assertThat(move.get("actor").asString()).isEqualTo(username);
        assertThat(json(api.get("/api/v1/audit?entityType=contact&entityId=" + ready + "&action=STAGE_CHANGED"))
                .get("items").valueStream().toList())
                .extracting(e -> e.get("actor").asString()).contains(username).doesNotContain("events API");
        assertThat(json(api.get("/api/v1/contacts/" + dnc + "/consents")).get("ledger").valueStream()
                .filter(e -> e.get("state").asString().equals("WITHDRAWN")).map(e -> e.get("recordedBy").asString()))
                .containsExactly(username);
    }

    @Test
    void aSenderCannotClaimWhoSentACallOutcome() throws Exception {
        long contact = leads.ownedBy("claims", rep);

        JsonNode sent = json(api.post("/api/v1/events", """
                {"events": [{"id": "claim-%1$d", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "DO_NOT_CALL",
                  "properties": {"sentBy": "someone-else"}}]}""".formatted(contact)).andExpect(status().isOk()));

        assertThat(sent.get("accepted").asInt()).isZero();
        assertThat(sent.at("/rejected/0/errors/0/field").asString()).isEqualTo("properties.sentBy");
    }

    @Test
    void aNotNowCallSentThroughTheEventsApiSetsTheAskAgainDateAndNurturesUntilIt() throws Exception {
        long contact = leads.ownedBy("notnow-api", rep);
        LocalDate september = today().plusMonths(8);
        clock.advance(Duration.ofMinutes(5));

        api.post("/api/v1/events", """
                {"events": [{"id": "crm-%1$d-notnow", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_NOT_NOW",
                  "properties": {"askAgainOn": "%2$s", "note": "Budget after the summer"}}]}""".formatted(contact, september))
                .andExpect(status().isOk());
        feed.followAll();

        assertThat(leads.stageOf(contact)).isEqualTo("NURTURE");
        JsonNode move = json(api.get("/api/v1/contacts/" + contact + "/stage-history")).at("/transitions/0");
        assertThat(move.get("reasonCode").asString()).isEqualTo("CALL_NOT_NOW");
        assertThat(move.get("actorType").asString()).isEqualTo("API");
        JsonNode readiness = json(api.get("/api/v1/contacts/" + contact + "/stage")).get("readiness");
        assertThat(readiness.get("readyOn").asString()).isEqualTo(september.toString());
        assertThat(readiness.get("reason").asString()).contains("Budget after the summer");
    }

    @Test
    void aNotNowCallSentThroughTheEventsApiForALeadInARepsHandsSetsTheDateAndLeavesTheHandoffToTheRep()
            throws Exception {
        long contact = leads.ownedBy("notnow-open", rep);
        long handoff = leads.toMql(contact).get("id").asLong();
        LocalDate march = today().plusMonths(3);
        clock.advance(Duration.ofMinutes(5));

        api.post("/api/v1/events", """
                {"events": [{"id": "crm-%1$d-open", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_NOT_NOW",
                  "properties": {"askAgainOn": "%2$s"}}]}""".formatted(contact, march)).andExpect(status().isOk());
        feed.followAll();

        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).at("/readiness/readyOn").asString())
                .isEqualTo(march.toString());
        assertThat(leads.handoff(handoff).get("state").asString()).isEqualTo("OPEN");
        assertThat(leads.stageOf(contact)).isEqualTo("MQL");
    }

    @Test
    void aNotNowCallOutcomeEventWithoutAUsableAskAgainDateIsRejectedSayingWhatToSend() throws Exception {
        long contact = leads.ownedBy("notnow-nodate", rep);

        JsonNode result = json(api.post("/api/v1/events", """
                {"events": [
                  {"id": "nodate-%1$d-1", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_NOT_NOW"},
                  {"id": "nodate-%1$d-2", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_NOT_NOW",
                   "properties": {"askAgainOn": "next spring"}},
                  {"id": "nodate-%1$d-3", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_NOT_NOW",
                   "properties": {"askAgainOn": "%2$s"}}
                ]}""".formatted(contact, today().minusWeeks(1))).andExpect(status().isOk()));
        feed.followAll();

        assertThat(result.get("accepted").asInt()).isZero();
        assertThat(result.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(0, 1, 2);
        assertThat(result.at("/rejected/0/message").asString()).contains("properties.askAgainOn")
                .contains("a date such as 2027-03-01, today or later");
        assertThat(result.at("/rejected/1/message").asString()).contains("'next spring'");
        assertThat(result.at("/rejected/2/message").asString()).contains("'" + today().minusWeeks(1) + "'");
        assertThat(leads.stageOf(contact)).isEqualTo("NEW");
    }

    @Test
    void aNotNowReportedForADayJustPastInTheContactsZoneAsksAgainTodayAndKeepsTheRestOfTheBatch() throws Exception {
        long contact = leads.ownedBy("notnow-yesterday", rep);
        long other = leads.ownedBy("notnow-other", rep);
        long setAside = feed.failedBatches();

        api.post("/api/v1/events", """
                {"events": [
                  {"id": "past-%1$d", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_NOT_NOW",
                   "properties": {"askAgainOn": "%3$s"}},
                  {"id": "past-%2$d", "contactId": %2$d, "type": "CALL_OUTCOME", "target": "REACHED_READY"}
                ]}""".formatted(contact, other, today().minusDays(1))).andExpect(status().isOk());
        feed.followAll();

        assertThat(feed.failedBatches()).isEqualTo(setAside);
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).at("/readiness/readyOn").asString())
                .isEqualTo(today().toString());
        assertThat(leads.stageOf(contact)).isEqualTo("NURTURE");
        assertThat(leads.stageOf(other)).isEqualTo("MQL");
    }

    @Test
    void ofTwoCallsReportedInOneBatchTheLaterSaysWhereTheContactStands() throws Exception {
        long contact = leads.ownedBy("two-calls", rep);
        Instant now = clock.instant();

        api.post("/api/v1/events", """
                {"events": [
                  {"id": "two-%1$d-1", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_NOT_NOW",
                   "occurredAt": "%2$s", "properties": {"askAgainOn": "%3$s"}},
                  {"id": "two-%1$d-2", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_READY",
                   "occurredAt": "%4$s"}
                ]}""".formatted(contact, now.minus(Duration.ofHours(2)), today().plusMonths(3),
                now.minus(Duration.ofHours(1)))).andExpect(status().isOk());
        feed.followAll();

        assertThat(leads.stageOf(contact)).as("they called back ready").isEqualTo("MQL");
        assertThat(leads.handoffOf(contact).get("state").asString()).isEqualTo("OPEN");
    }

    @Test
    void aReadyCallReportedAfterTheRepRejectedTheLeadChangesNothing() throws Exception {
        long contact = nurtured("ready-late");
        Instant called = clock.instant();
        clock.advance(Duration.ofHours(1));
        long handoff = leads.toMql(contact).get("id").asLong();
        team.post(rep, "/api/v1/handoffs/" + handoff + "/reject", "{\"reason\": \"NO_BUDGET\"}")
                .andExpect(status().isOk());
        clock.advance(Duration.ofHours(1));

        api.post("/api/v1/events", """
                {"events": [{"id": "late-%1$d", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "REACHED_READY",
                  "occurredAt": "%2$s"}]}""".formatted(contact, called)).andExpect(status().isOk());
        feed.followAll();

        assertThat(leads.stageOf(contact)).as("the rep decided after that call").isEqualTo("NURTURE");
        assertThat(json(api.get("/api/v1/handoffs?contact=" + contact)).get("items")).hasSize(1);
    }

    @Test
    void aCallOutcomeEventThatDoesNotSayHowTheCallWentIsRejectedAndTheRestOfItsBatchKept() throws Exception {
        long contact = nurtured("unknown-outcome");

        JsonNode result = json(api.post("/api/v1/events", """
                {"events": [
                  {"id": "odd-%1$d-1", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "HUNG_UP"},
                  {"id": "odd-%1$d-2", "contactId": %1$d, "type": "CALL_OUTCOME"},
                  {"id": "odd-%1$d-3", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "VOICEMAIL"}
                ]}""".formatted(contact)).andExpect(status().isOk()));

        assertThat(result.get("accepted").asInt()).isOne();
        assertThat(result.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(0, 1);
        assertThat(result.at("/rejected/0/errors/0/field").asString()).isEqualTo("target");
        assertThat(result.at("/rejected/0/message").asString())
                .startsWith("target must say how the call went, one of").contains("DO_NOT_CALL").contains("'HUNG_UP'");
    }

    @Test
    void noAnswerBooksTheNextAttemptADayLaterAndStopsAfterTheThirdCall() throws Exception {
        long contact = nurtured("noanswer");
        long task = call(contact);

        for (int attempt = 2; attempt <= 3; attempt++) {
            complete(rep, task, "{\"outcome\": \"NO_ANSWER\"}").andExpect(status().isOk());
            assertThat(queue(false)).noneMatch(e -> e.at("/contact/id").asLong() == contact);
            JsonNode next = openTasksOf(contact).getFirst();
            assertThat(next.at("/task/attempt").asInt()).isEqualTo(attempt);
            assertThat(Instant.parse(next.at("/task/dueAt").asString())).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
            clock.advance(Duration.ofDays(1));
            assertThat(queue(false)).anyMatch(e -> e.at("/contact/id").asLong() == contact);
            task = next.at("/task/id").asLong();
        }
        complete(rep, task, "{\"outcome\": \"NO_ANSWER\"}").andExpect(status().isOk());

        assertThat(openTasksOf(contact)).as("three calls without an answer are enough").isEmpty();
    }

    @Test
    void aWrongNumberIsFlaggedAndTheContactsCallsEndUntilItHasANewNumber() throws Exception {
        long contact = nurtured("wrongnumber");
        long call = call(contact);
        long followUp = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the case study", null,
                clock.instant(), 0));

        complete(rep, call, "{\"outcome\": \"WRONG_NUMBER\"}").andExpect(status().isOk());
        long again = call(contact);

        assertThat(task(followUp).get("status").asString()).as("a follow-up is no call: the number does not end it")
                .isEqualTo("OPEN");
        assertThat(task(again).get("status").asString()).as("a call made for the wrong number ends at once")
                .isEqualTo("CANCELLED");
        assertThat(task(again).get("outcomeNote").asString())
                .isEqualTo("Contact may not be called: their number was found wrong");
        api.patch("/api/v1/contacts/" + contact, "{\"phone\": \"+49-30-1234567\"}").andExpect(status().isOk());
        long sameNumber = call(contact);
        assertThat(task(sameNumber).get("status").asString()).as("the same wrong number, written another way")
                .isEqualTo("CANCELLED");
        api.patch("/api/v1/contacts/" + contact, "{\"phone\": \"+49 30 7654321\"}").andExpect(status().isOk());
        long newNumber = call(contact);
        assertThat(queue(false)).anyMatch(e -> e.at("/task/id").asLong() == newNumber);
    }

    @Test
    void doNotCallWithdrawsPhoneConsentInTheLedgerAndKeepsTheContactOutOfEveryQueue() throws Exception {
        long contact = nurtured("dnc");
        long first = call(contact);
        complete(rep, first, "{\"outcome\": \"DO_NOT_CALL\", \"callBackAt\": \"%s\"}".formatted(clock.instant().plus(Duration.ofDays(1))))
                .andExpect(status().isBadRequest());

        complete(rep, first, "{\"outcome\": \"DO_NOT_CALL\", \"note\": \"Please never call me again\"}").andExpect(status().isOk());
        long later = call(contact);

        JsonNode consents = json(api.get("/api/v1/contacts/" + contact + "/consents"));
        assertThat(consents.at("/current/PHONE/state").asString()).isEqualTo("WITHDRAWN");
        assertThat(consents.at("/current/PHONE/source").asString()).isEqualTo("CALL_OUTCOME");
        assertThat(consents.get("ledger").valueStream().map(e -> e.at("/evidence/text").asString()))
                .contains("Please never call me again");
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").valueStream().map(JsonNode::asString))
                .contains("PHONE");
        assertThat(queue(true)).noneMatch(e -> e.at("/task/id").asLong() == later);
        feed.followAll();
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/consents")).get("ledger").valueStream()
                .filter(e -> e.get("channel").asString().equals("PHONE") && e.get("state").asString().equals("WITHDRAWN")))
                .as("the call logged on its task is not applied again when the log is followed").hasSize(1);
    }

    @Test
    void aBookedCallBackStaysWithTheRepWhoBookedItWhenTheContactChangesHands() throws Exception {
        long caller = team.rep("Telemarketer");
        long newOwner = team.rep("NewOwner");
        long contact = nurtured("callback");
        long task = tasks.create(new Tasks.NewTask(contact, caller, TaskKind.READINESS_CHECK, null, null, clock.instant(), 0));
        Instant thursday = clock.instant().plus(Duration.ofDays(2)).plus(Duration.ofHours(5));

        complete(caller, task, "{\"outcome\": \"VOICEMAIL\", \"note\": \"call back at three\", \"callBackAt\": \"%s\"}"
                .formatted(thursday)).andExpect(status().isOk());
        api.patch("/api/v1/contacts/" + contact, "{\"owner\": \"" + newOwner + "\"}").andExpect(status().isOk());
        clock.set(thursday);

        JsonNode callBack = queueOf(caller, false).stream().filter(e -> e.at("/contact/id").asLong() == contact)
                .findFirst().orElseThrow();
        assertThat(callBack.at("/task/kind").asString()).isEqualTo("CALL_BACK");
        assertThat(callBack.at("/task/context").asString()).isEqualTo("call back at three");
        assertThat(Instant.parse(callBack.at("/task/dueAt").asString())).isEqualTo(thursday);
        assertThat(queueOf(newOwner, true)).noneMatch(e -> e.at("/contact/id").asLong() == contact);
        assertThat(queueOf(rep, true)).noneMatch(e -> e.at("/contact/id").asLong() == contact);
    }

    @Test
    void aFollowUpEndsDoneOnlyWithANoteOnWhatCameOfItAndACallNeverDone() throws Exception {
        long contact = nurtured("followup");
        long followUp = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the case study", null,
                clock.instant(), 0));
        long call = call(contact);

        JsonNode none = json(complete(rep, followUp, "{}").andExpect(status().isBadRequest()));
        JsonNode bare = json(complete(rep, followUp, "{\"outcome\": \"DONE\"}").andExpect(status().isBadRequest()));
        JsonNode callDone = json(complete(rep, call, "{\"outcome\": \"DONE\", \"note\": \"sent\"}")
                .andExpect(status().isBadRequest()));
        assertThat(task(followUp).get("status").asString()).isEqualTo("OPEN");
        complete(rep, followUp, "{\"outcome\": \"DONE\", \"note\": \"Sent; they will read it this week\"}")
                .andExpect(status().isOk());

        assertThat(none.at("/errors/0/field").asString()).isEqualTo("outcome");
        assertThat(none.at("/errors/0/message").asString()).contains("DONE");
        assertThat(bare.at("/errors/0/field").asString()).isEqualTo("note");
        assertThat(callDone.at("/errors/0/message").asString()).contains("is a call");
        JsonNode done = task(followUp);
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("outcome").asString()).isEqualTo("DONE");
        assertThat(done.get("outcomeNote").asString()).isEqualTo("Sent; they will read it this week");
        assertThat(task(call).get("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void aRepCannotLogTheCallOfAnotherRepsTaskNorACallBackInThePast() throws Exception {
        long other = team.rep("Other");
        long task = call(nurtured("guarded"));

        JsonNode refused = json(complete(other, task, "{\"outcome\": \"VOICEMAIL\"}").andExpect(status().isForbidden()));
        JsonNode past = json(complete(rep, task, "{\"outcome\": \"VOICEMAIL\", \"callBackAt\": \"%s\"}"
                .formatted(clock.instant().minusSeconds(60))).andExpect(status().isBadRequest()));

        assertThat(refused.get("detail").asString()).contains("Task " + task);
        assertThat(past.at("/errors/0/field").asString()).isEqualTo("callBackAt");
        assertThat(task(task).get("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void aCallBackAMarketerLogsForARepGoesToThatRepsQueueNotTheMarketers() throws Exception {
        long contact = nurtured("marketer-callback");
        long task = call(contact);
        Instant tomorrow = clock.instant().plus(Duration.ofDays(1));

        long marketer = team.user("Mara", "MARKETER", null);

        complete(marketer, task, "{\"outcome\": \"VOICEMAIL\", \"callBackAt\": \"%s\"}".formatted(tomorrow))
                .andExpect(status().isOk());

        assertThat(openTasksOf(contact)).extracting(e -> e.at("/task/kind").asString()).containsExactly("CALL_BACK");
        assertThat(queueOf(marketer, true)).noneMatch(e -> e.at("/contact/id").asLong() == contact);
    }

    @Test
    void noAnswerOnACallStillInALeaversNameBooksTheNextAttemptForTheContactsOwner() throws Exception {
        long leaver = team.rep("Leaver");
        long contact = nurtured("leaver-noanswer");
        long task = tasks.create(new Tasks.NewTask(contact, leaver, TaskKind.CALL, null, null, clock.instant(), 0));
        // Disabled before tasks went with the leaver: their call stayed in their name.
        jdbc.sql("UPDATE users SET enabled = FALSE WHERE id = ?").param(leaver).update();

        api.as(Role.MARKETER, MockMvcRequestBuilders.post("/api/v1/tasks/" + task + "/complete")
                .contentType("application/json").content("{\"outcome\": \"NO_ANSWER\"}")).andExpect(status().isOk());

        assertThat(openTasksOf(contact)).extracting(e -> e.at("/task/attempt").asInt()).containsExactly(2);
        assertThat(json(api.get("/api/v1/tasks?assignee=" + leaver + "&all=true")).get("items")).isEmpty();
    }

    @Test
    void aTriggerOnTheAskAgainDateMakesNoSecondCallForAContactWhoseAskAgainCallWaitsButStillAlertsTheOwner()
            throws Exception {
        String tag = "ask-twice-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "Ask again %1$s", "when": {"type": "readyDateReached"}, "condition": "tag = \\"%1$s\\"",
                 "actions": [{"type": "alertOwner", "subject": "Ready to talk again"},
                             {"type": "createTask", "title": "Ask again", "call": true}]}""".formatted(tag)))
                .get("id").asLong();
        long contact = nurtured("asktwice");
        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"" + tag + "\"]}").andExpect(status().isOk());
        complete(rep, call(contact), "{\"outcome\": \"REACHED_NOT_NOW\", \"askAgainOn\": \"%s\"}"
                .formatted(today().plusDays(3))).andExpect(status().isOk());

        clock.advance(Duration.ofDays(3));
        lifecycleJob.run();
        triggerJobs.cues();

        assertThat(openTasksOf(contact)).as("one call on the day they asked").singleElement()
                .satisfies(e -> assertThat(e.at("/task/title").asString()).startsWith("Ask again: they said not now on"));
        JsonNode actions = json(api.get("/api/v1/triggers/" + trigger + "/firings")).at("/items/0/actions");
        assertThat(actions.at("/0/outcome").asString()).isEqualTo("DONE");
        assertThat(actions.at("/1/outcome").asString()).isEqualTo("SKIPPED");
        assertThat(actions.at("/1/detail").asString())
                .isEqualTo("no call made: asktwice Lead already has a call waiting: Ask again: they said not now on "
                        + io.keepwarm.platform.Days.said(today().minusDays(3)));
        api.post("/api/v1/triggers/" + trigger + "/pause", "").andExpect(status().isOk());
    }

    @Test
    void aFirstCallStillOpenEndsWhenTheLeadLeavesSalesBackwardsSayingWhyButNotWhenTheDealMovesOn() throws Exception {
        long lost = leads.ownedBy("deal-lost", rep);
        long lostCall = accepted(lost);
        long recycled = leads.ownedBy("recycled", rep);
        long recycledCall = accepted(recycled);

        leads.move(lost, "OPPORTUNITY");
        assertThat(task(lostCall).get("status").asString()).as("the deal moving on is no reason").isEqualTo("OPEN");
        leads.move(lost, "LOST");
        leads.move(recycled, "RECYCLED");
        lifecycleJob.run();

        assertThat(openTasksOf(lost)).isEmpty();
        assertThat(openTasksOf(recycled)).extracting(e -> e.at("/task/kind").asString()).doesNotContain("FIRST_CALL");
        assertThat(task(lostCall).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(task(lostCall).get("outcomeNote").asString())
                .isEqualTo("No first call now: the lead left sales, moved from Opportunity to Lost");
        assertThat(task(recycledCall).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(task(recycledCall).get("outcomeNote").asString())
                .isEqualTo("No first call now: the lead left sales, moved from Sales-qualified to Recycled");
    }

    @Test
    void aDealRevivedAfterItWasLostPutsTheLeadBackInTheRepsDayWithAFirstCall() throws Exception {
        long contact = leads.ownedBy("revived", rep);
        long firstCall = accepted(contact);
        leads.move(contact, "OPPORTUNITY");
        leads.move(contact, "LOST");

        leads.move(contact, "OPPORTUNITY");

        assertThat(task(firstCall).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(openTasksOf(contact)).as("the revived lead is on the rep's list, to call now").singleElement()
                .satisfies(e -> {
                    assertThat(e.at("/task/kind").asString()).isEqualTo("FIRST_CALL");
                    assertThat(e.at("/task/title").asString()).isEqualTo("First call: back with sales");
                    assertThat(e.at("/task/context").asString())
                            .startsWith("Why now: the lead came back to sales, moved from Lost to Opportunity");
                    assertThat(e.get("callableNow").asBoolean()).isTrue();
                });
    }

    @Test
    void aRecycledLeadMovedBackToSqlGetsAFirstCallAndANewHandoffAcceptedGetsOneOnly() throws Exception {
        long byHand = leads.ownedBy("back-by-hand", rep);
        accepted(byHand);
        long handedOffAgain = leads.ownedBy("handed-again", rep);
        accepted(handedOffAgain);
        leads.move(byHand, "RECYCLED");
        leads.move(handedOffAgain, "RECYCLED");
        lifecycleJob.run();

        leads.move(byHand, "SQL");
        long again = accepted(handedOffAgain);

        assertThat(openTasksOf(byHand)).extracting(e -> e.at("/task/kind").asString()).containsExactly("FIRST_CALL");
        assertThat(openTasksOf(handedOffAgain)).as("the new hand-off's first call, not a second beside it")
                .extracting(e -> e.at("/task/id").asLong()).containsExactly(again);
    }

    @Test
    void aRevivedDealWhoseFirstCallIsStillOpenOrWhoseCallBackIsBookedGetsNoSecondCall() throws Exception {
        long open = leads.ownedBy("still-open", rep);
        accepted(open);
        leads.move(open, "OPPORTUNITY");
        leads.move(open, "LOST");
        // Booked again by hand while the deal was lost: the rep already has their call.
        long booked = tasks.create(new Tasks.NewTask(open, rep, TaskKind.FIRST_CALL, null, null, clock.instant(), 90));
        long promised = leads.ownedBy("promised", rep);
        accepted(promised);
        leads.move(promised, "OPPORTUNITY");
        leads.move(promised, "LOST");
        long callBack = tasks.create(new Tasks.NewTask(promised, rep, TaskKind.CALL_BACK, null, null,
                clock.instant().plus(Duration.ofHours(2)), 80));

        leads.move(open, "OPPORTUNITY");
        leads.move(promised, "OPPORTUNITY");

        assertThat(openTasksOf(open)).extracting(e -> e.at("/task/id").asLong()).containsExactly(booked);
        assertThat(openTasksOf(promised)).as("the call-back agreed with them is the next call")
                .extracting(e -> e.at("/task/id").asLong()).containsExactly(callBack);
    }

    @Test
    void noAnswerOnANewLeadWhenCallingHoursCloseBeforeHalfwayToTheDeadlineBooksTheRetryInTheHoursLeft()
            throws Exception {
        // Handed off on a Tuesday at 22:00 in the contact's zone (UTC, as the account's): due Wednesday 22:00.
        clock.set(weekday(DayOfWeek.TUESDAY).atTime(22, 0).toInstant(ZoneOffset.UTC));
        long contact = leads.ownedBy("closing", rep);
        JsonNode handoff = leads.toMql(contact);
        Instant deadline = Instant.parse(handoff.get("dueAt").asString());
        assertThat(deadline).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
        // Wednesday 20:30: halfway is 21:15, after calling hours close, and they open again only after the deadline.
        clock.set(deadline.minus(Duration.ofMinutes(90)));

        complete(rep, handoff.get("taskId").asLong(), "{\"outcome\": \"NO_ANSWER\"}").andExpect(status().isOk());

        Instant retry = tasks.nextAttempt(handoff.get("taskId").asLong()).orElseThrow().dueAt();
        assertThat(retry).as("within the half hour of calling hours left, before the deadline")
                .isBefore(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().atTime(21, 0).toInstant(ZoneOffset.UTC))
                .isAfterOrEqualTo(clock.instant());
        assertThat(queue(false)).as("in the rep's day now, to try again before the hours close")
                .anySatisfy(e -> assertThat(e.at("/task/attempt").asInt()).isEqualTo(2));
    }

    @Test
    void noAnswerOnANewLeadWhoseRetryWouldWaitForCallingHoursUntilAfterTheDeadlineComesBeforeIt() throws Exception {
        // Handed off on a Friday at 22:00: the weekend is no working time, so it is due Monday 22:00.
        clock.set(weekday(DayOfWeek.FRIDAY).atTime(22, 0).toInstant(ZoneOffset.UTC));
        long contact = leads.ownedBy("weekend", rep);
        JsonNode handoff = leads.toMql(contact);
        Instant deadline = Instant.parse(handoff.get("dueAt").asString());
        assertThat(deadline).isEqualTo(clock.instant().plus(Duration.ofDays(3)));
        // Sunday 21:30: a day later is Monday 21:30, before the deadline but after calling hours, so Tuesday 08:00.
        clock.set(deadline.minus(Duration.ofHours(24).plusMinutes(30)));

        complete(rep, handoff.get("taskId").asLong(), "{\"outcome\": \"NO_ANSWER\"}").andExpect(status().isOk());

        JsonNode retry = queue(true).stream().filter(e -> e.at("/contact/id").asLong() == contact
                && e.at("/task/attempt").asInt() == 2).findFirst().orElseThrow();
        assertThat(Instant.parse(retry.get("callableFrom").asString()))
                .as("the retry is called before the lead turns overdue").isBefore(deadline);
    }

    @Test
    void noAnswerOnANewUsLeadOfUnknownZoneBringsTheRetryToWhenEveryUsClockIsInCallingHoursBeforeTheDeadline()
            throws Exception {
        // Handed off on a winter Tuesday at 19:00 UTC (14:00 US Eastern): due Wednesday 19:00.
        clock.advanceToNextDay(d -> d.getMonthValue() <= 2 && d.getDayOfWeek() == DayOfWeek.TUESDAY,
                java.time.LocalTime.of(19, 0), ZoneOffset.UTC);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Stateless", "lastName": "Lead", "phone": "+1 602 555 0100",
                 "country": "US", "owner": "%d"}""".formatted(io.keepwarm.support.Api.uniqueEmail("stateless"), rep));
        JsonNode handoff = leads.toMql(contact);
        Instant deadline = Instant.parse(handoff.get("dueAt").asString());
        assertThat(deadline).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
        // Wednesday 00:30 UTC: a day later is after the deadline; halfway, 09:45 UTC, is 23:45 in Honolulu.
        clock.set(deadline.minus(Duration.ofHours(18).plusMinutes(30)));

        complete(rep, handoff.get("taskId").asLong(), "{\"outcome\": \"NO_ANSWER\"}").andExpect(status().isOk());

        Instant retry = tasks.nextAttempt(handoff.get("taskId").asLong()).orElseThrow().dueAt();
        assertThat(retry).as("13:00 US Eastern, 08:00 in Honolulu: the first hour every US clock may be called")
                .isEqualTo(deadline.minus(Duration.ofHours(1)));
    }

    /** The next such day (after today) at midnight UTC. */
    private LocalDate weekday(DayOfWeek day) {
        return today().with(TemporalAdjusters.next(day));
    }

    private long nurtured(String name) throws Exception {
        long contact = leads.ownedBy(name, rep);
        leads.move(contact, "NURTURE");
        return contact;
    }

    /** The rep accepts the contact's hand-off; answers the first call it gives them. */
    private long accepted(long contact) throws Exception {
        long handoff = leads.toMql(contact).get("id").asLong();
        JsonNode accepted = json(team.post(rep, "/api/v1/handoffs/" + handoff + "/accept", "").andExpect(status().isOk()));
        assertThat(leads.stageOf(contact)).isEqualTo("SQL");
        return accepted.get("firstCallTaskId").asLong();
    }

    private long call(long contact) {
        return tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Readiness call", "Ask about their plans",
                clock.instant(), 0));
    }

    private ResultActions complete(long user, long task, String json) throws Exception {
        return team.post(user, "/api/v1/tasks/" + task + "/complete", json);
    }

    private List<JsonNode> alertsAbout(long user, long contact) throws Exception {
        return json(team.get(user, "/api/v1/alerts?limit=500")).get("items").valueStream()
                .filter(a -> a.get("contactId").asLong() == contact).toList();
    }

    private JsonNode task(long id) throws Exception {
        return json(api.get("/api/v1/tasks/" + id).andExpect(status().isOk()));
    }

    private long handoffTask(long contact) throws Exception {
        return queue(true).stream().filter(e -> e.at("/contact/id").asLong() == contact
                && e.at("/task/kind").asString().equals("HANDOFF")).findFirst().orElseThrow().at("/task/id").asLong();
    }

    private List<JsonNode> openTasksOf(long contact) throws Exception {
        return queue(true).stream().filter(e -> e.at("/contact/id").asLong() == contact).toList();
    }

    private List<JsonNode> queue(boolean all) throws Exception {
        return queueOf(rep, all);
    }

    private List<JsonNode> queueOf(long user, boolean all) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        json(team.get(user, "/api/v1/tasks?limit=500" + (all ? "&all=true" : "")).andExpect(status().isOk())).get("items")
                .forEach(entries::add);
        return entries;
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
