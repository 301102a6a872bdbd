package io.keepwarm.delivery;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A contact who may no longer be called leaves no call open behind: every queue leaves such calls out, so open they
 * would wait forever and warn other reps of a call nobody will make.
 */
@KeepwarmTest
class UncallableCallsTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired Tasks tasks;
    @Autowired ActivityFeed feed;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private SalesTeam team;
    private long rep;
    private long other;

    @BeforeEach
    void reps() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Dialer");
        other = team.rep("Colleague");
    }

    /** Away, so the hand-off job and other tests' leads pass them by. */
    @AfterEach
    void repsAway() throws Exception {
        team.away(rep, true);
        team.away(other, true);
    }

    @Test
    void markingAContactPhoneDoNotContactCancelsTheirCallsWithTheReasonAndKeepsTheirHandoffAndFollowUp()
            throws Exception {
        long contact = team.contactToCallToday(rep, "Nocall", "+49 30 1234567", clock);
        Map<TaskKind, Long> open = everyKind(contact);

        api.patch("/api/v1/contacts/" + contact, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());

        for (TaskKind kind : List.of(TaskKind.CALL, TaskKind.READINESS_CHECK, TaskKind.FIRST_CALL, TaskKind.CALL_BACK)) {
            JsonNode task = task(open.get(kind));
            assertThat(task.get("status").asString()).as(kind.name()).isEqualTo("CANCELLED");
            assertThat(task.get("outcomeNote").asString()).as(kind.name())
                    .isEqualTo("Contact may not be called: do not contact by phone");
        }
        assertThat(task(open.get(TaskKind.HANDOFF)).get("status").asString()).as("the rep's decision still waits")
                .isEqualTo("OPEN");
        assertThat(task(open.get(TaskKind.FOLLOW_UP)).get("status").asString()).as("no call").isEqualTo("OPEN");
        assertThat(tasks.heldByOthers(List.of(contact), other).get(contact)).as("what the other rep is warned of")
                .extracting(Task::kind).containsExactlyInAnyOrder(TaskKind.HANDOFF, TaskKind.FOLLOW_UP);
        assertThat(openInHistory(contact)).containsExactlyInAnyOrder(open.get(TaskKind.HANDOFF),
                open.get(TaskKind.FOLLOW_UP));
        String timeline = Jsoup.parse(team.as(rep, get("/ui/contacts/" + contact)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).text();
        assertThat(timeline).contains("Task cancelled", "Contact may not be called: do not contact by phone");
    }

    @Test
    void callsThatEndedStayEndedWhenTheContactMayBeCalledAgain() throws Exception {
        long contact = team.contactToCallToday(rep, "Again", "+49 30 1234567", clock);
        long call = call(contact);
        api.patch("/api/v1/contacts/" + contact, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());

        api.patch("/api/v1/contacts/" + contact, "{\"doNotContact\": []}").andExpect(status().isOk());

        assertThat(task(call).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(openInHistory(contact)).isEmpty();
    }

    @Test
    void withdrawingPhoneConsentCancelsTheContactsCallsSayingSo() throws Exception {
        long contact = team.contactToCallToday(rep, "Withdrawn", "+49 30 1234567", clock);
        long call = call(contact);

        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "PHONE", "state": "WITHDRAWN", "source": "asked by letter"}""")
                .andExpect(status().isCreated());

        assertThat(task(call).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(task(call).get("outcomeNote").asString())
                .isEqualTo("Contact may not be called: phone consent withdrawn");
    }

    @Test
    void removingAContactsPhoneNumberCancelsTheirCallsSayingSoAndMyDayShowsNoCall() throws Exception {
        long contact = team.contactToCallToday(rep, "Numberless", "+49 30 1234567", clock);
        long call = call(contact);
        long followUp = tasks.create(new Tasks.NewTask(contact, rep, TaskKind.FOLLOW_UP, "Send the deck", null,
                clock.instant(), 0));

        api.patch("/api/v1/contacts/" + contact, "{\"phone\": null}").andExpect(status().isOk());

        assertThat(task(call).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(task(call).get("outcomeNote").asString()).isEqualTo("Contact may not be called: no phone number");
        assertThat(tasks.get(followUp).status()).as("no call").isEqualTo(Task.Status.OPEN);
        String timeline = Jsoup.parse(team.as(rep, get("/ui/contacts/" + contact)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).text();
        assertThat(timeline).contains("Task cancelled", "Contact may not be called: no phone number");
    }

    @Test
    void aCallBookedForAContactWithoutAPhoneNumberEndsAtOnceAndMyDayOffersNoCall() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Nonumber", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(Api.uniqueEmail("nonumber"), rep));
        long followUp = tasks.create(new Tasks.NewTask(contact, rep, TaskKind.FOLLOW_UP, "Send the deck", null,
                clock.instant(), 0));

        long call = call(contact);

        assertThat(task(call).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(task(call).get("outcomeNote").asString()).isEqualTo("Contact may not be called: no phone number");
        org.jsoup.nodes.Document day = Jsoup.parse(team.as(rep, get("/ui/my-day")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(day.getElementById("task-" + call)).as("no call in My day").isNull();
        assertThat(day.getElementById("task-" + followUp)).as("the follow-up stays").isNotNull();
        assertThat(day.getElementById("do-not-call-" + followUp).text()).contains("no phone number");
        assertThat(day.select("#task-" + followUp + " a[href^=tel:]")).as("no number to dial").isEmpty();
    }

    @Test
    void aWrongNumberLoggedOnACallCancelsTheOtherCallsSayingSoInWords() throws Exception {
        long contact = team.contactToCallToday(rep, "Wrong", "+49 30 1234567", clock);
        long logged = call(contact);
        long booked = tasks.create(new Tasks.NewTask(contact, rep, TaskKind.CALL_BACK, null, null,
                clock.instant().plusSeconds(86_400), 80));

        team.post(rep, "/api/v1/tasks/" + logged + "/complete", "{\"outcome\": \"WRONG_NUMBER\"}")
                .andExpect(status().isOk());

        assertThat(task(booked).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(task(booked).get("outcomeNote").asString())
                .isEqualTo("Contact may not be called: their number was found wrong");
    }

    @Test
    void aDoNotCallSentThroughTheEventsApiCancelsTheContactsCallsSayingSoInWords() throws Exception {
        long contact = team.contactToCallToday(rep, "Dialer", "+49 30 1234567", clock);
        long call = call(contact);

        api.post("/api/v1/events", """
                {"events": [{"id": "dialer-%1$d-dnc", "contactId": %1$d, "type": "CALL_OUTCOME", "channel": "PHONE",
                  "target": "DO_NOT_CALL"}]}""".formatted(contact)).andExpect(status().isOk());
        feed.followAll();

        assertThat(task(call).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(task(call).get("outcomeNote").asString())
                .isEqualTo("Contact may not be called: do not contact by phone");
    }

    @Test
    void aReadinessCheckMadeForAContactWhoseNumberWasFoundWrongEndsAtOnceSayingWhyAsTheSystemsDecision()
            throws Exception {
        long contact = team.contactToCallToday(rep, "Ready", "+49 30 1234567", clock);
        team.post(rep, "/api/v1/tasks/" + call(contact) + "/complete", "{\"outcome\": \"WRONG_NUMBER\"}")
                .andExpect(status().isOk());
        String today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().toString();

        api.as(Role.ADMIN, put("/api/v1/contacts/" + contact + "/readiness").contentType("application/json")
                .content("{\"readyOn\": \"" + today + "\"}")).andExpect(status().isOk());
        api.post("/api/v1/admin/lifecycle/run", "").andExpect(status().isOk());

        List<JsonNode> checks = history(contact).stream()
                .filter(t -> t.get("kind").asString().equals("READINESS_CHECK")).toList();
        assertThat(checks).as("the ready date's call, made and ended").singleElement().satisfies(check -> {
            assertThat(check.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(check.get("outcomeNote").asString())
                    .isEqualTo("Contact may not be called: their number was found wrong");
            assertThat(check.get("doneBy").asString()).as("not the API key that ran the job").isEqualTo("system");
        });
        assertThat(openInHistory(contact)).isEmpty();
    }

    @Test
    void aProgramsCallForAContactWhoseNumberWasFoundWrongIsMadeAndEndedByTheProgramNotByWhoeverRanTheEngine()
            throws Exception {
        long contact = team.contactToCallToday(rep, "Misdial", "+49 30 1234567", clock);
        team.post(rep, "/api/v1/tasks/" + call(contact) + "/complete", "{\"outcome\": \"WRONG_NUMBER\"}")
                .andExpect(status().isOk());
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = api.liveCallScript("Misdial script %s".formatted(run), "Ask when the budget opens");
        long program = api.activeProgram("""
                {"name": "Misdial calls %s", "kind": "SEQUENCE", "steps": [
                  {"type": "readiness", "contentId": %d, "channel": "PHONE"}, {"type": "task", "text": "Send the deck"}]}"""
                .formatted(run, piece));
        try {
            api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                    .andExpect(status().isOk());
            api.post("/api/v1/admin/engine/tick", "").andExpect(status().isOk());

            assertThat(history(contact)).filteredOn(t -> t.get("kind").asString().equals("READINESS_CHECK"))
                    .singleElement().satisfies(check -> {
                        assertThat(check.get("status").asString()).isEqualTo("CANCELLED");
                        assertThat(check.get("doneBy").asString()).as("ended by the program, not the API key that ticked")
                                .isEqualTo("program:" + program);
                    });
            List<JsonNode> made = json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact + "&limit=100"))
                    .get("items").valueStream().filter(e -> e.get("action").asString().equals("TASK_CREATED")
                            && e.get("details").asString().contains("touchId")).toList();
            assertThat(made).as("the readiness check and the task step, each made by the program").hasSize(2)
                    .allSatisfy(e -> assertThat(e.get("actor").asString()).isEqualTo("program:" + program));
            String timeline = Jsoup.parse(team.as(rep, get("/ui/contacts/" + contact)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString()).text();
            assertThat(timeline).contains("Task cancelled by program 'Misdial calls " + run + "'",
                    "Readiness not asked: the check was cancelled without a call (their number was found wrong)");
            assertThat(jdbc.sql("SELECT subject FROM alerts WHERE contact_id = ? AND user_id = ?").params(contact, rep)
                    .query(String.class).list()).as("its owner learns the question was never asked, once")
                    .singleElement().asString().startsWith("Readiness check not made: Misdial")
                    .endsWith("may not be called (their number was found wrong)");
        } finally {
            api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
        }
    }

    private Map<TaskKind, Long> everyKind(long contact) {
        Instant now = clock.instant();
        Map<TaskKind, Long> open = new java.util.EnumMap<>(TaskKind.class);
        for (TaskKind kind : TaskKind.values()) {
            open.put(kind, tasks.create(new Tasks.NewTask(contact, rep, kind, null, null, now, 0)));
        }
        return open;
    }

    private long call(long contact) {
        return tasks.create(new Tasks.NewTask(contact, rep, TaskKind.CALL, "Call about the guide", null,
                clock.instant(), 0));
    }

    private JsonNode task(long id) throws Exception {
        return json(api.get("/api/v1/tasks/" + id).andExpect(status().isOk()));
    }

    private List<JsonNode> history(long contact) throws Exception {
        return json(api.get("/api/v1/tasks/history?limit=500&assignee=" + rep).andExpect(status().isOk())).get("items")
                .valueStream().filter(t -> t.get("contactId").asLong() == contact).toList();
    }

    private List<Long> openInHistory(long contact) throws Exception {
        return history(contact).stream().filter(t -> t.get("status").asString().equals("OPEN"))
                .map(t -> t.get("id").asLong()).toList();
    }
}
