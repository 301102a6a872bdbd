package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.identity.Role;
import io.keepwarm.lifecycle.LifecycleJob;
import io.keepwarm.platform.Page;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/** A contact's ready date arrives, and its owner is asked to check, gently and once. */
@KeepwarmTest
class ReadinessCheckTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired LifecycleJob lifecycleJob;
    @Autowired Tasks tasks;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private Leads leads;
    private long rep;

    @BeforeEach
    void aRep() throws Exception {
        leads = new Leads(api);
        rep = new SalesTeam(api).rep("Checker");
    }

    @Test
    void aReadyDateSetOnTheContactBringsItsOwnerOneReadinessCallOnThatDay() throws Exception {
        long contact = nurtured("wait-a-month");
        LocalDate inAMonth = today().plusDays(30);
        readyOn(contact, inAMonth, "asked us to wait a month");

        lifecycleJob.run();
        assertThat(openTasksOf(contact)).as("not before the day").isEmpty();

        clock.set(inAMonth.atTime(9, 0).toInstant(ZoneOffset.UTC));
        lifecycleJob.run();
        lifecycleJob.run();

        List<JsonNode> open = openTasksOf(contact);
        assertThat(open).as("one call, however often the job runs").hasSize(1);
        assertThat(open.getFirst().get("kind").asString()).isEqualTo("READINESS_CHECK");
        assertThat(open.getFirst().get("title").asString()).isEqualTo("Ready date " + io.keepwarm.platform.Days.said(inAMonth) + ": is now a good time?");
        assertThat(open.getFirst().get("context").asString()).isEqualTo("asked us to wait a month");
    }

    @Test
    void aContactAlreadyWaitingInAQueueGetsNoSecondCallWhenItsReadyDateArrives() throws Exception {
        long contact = nurtured("already-queued");
        long call = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Program call", null, clock.instant(), 0));
        readyOn(contact, today(), "next quarter");

        lifecycleJob.run();

        assertThat(openTasksOf(contact)).extracting(t -> t.get("id").asLong()).containsExactly(call);
    }

    @Test
    void aFollowUpOrACallBackMonthsAwayDoesNotStandInForTheCallOnTheReadyDate() throws Exception {
        long contact = nurtured("other-work");
        long followUp = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the brochure", null,
                clock.instant(), 0));
        long callBack = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL_BACK, "After the summer", null,
                clock.instant().plus(Duration.ofDays(90)), 0));
        readyOn(contact, today(), "ask me again in three months");

        lifecycleJob.run();

        assertThat(openTasksOf(contact)).extracting(t -> t.get("kind").asString())
                .containsExactlyInAnyOrder("FOLLOW_UP", "CALL_BACK", "READINESS_CHECK");
        assertThat(openTasksOf(contact)).extracting(t -> t.get("id").asLong()).contains(followUp, callBack);
    }

    @Test
    void aCallAlreadyDueWithinTheWeekAsksInsteadOfASecondCall() throws Exception {
        long contact = nurtured("called-soon");
        long call = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL_BACK, "Thursday", null,
                clock.instant().plus(Duration.ofDays(3)), 0));
        readyOn(contact, today(), "next quarter");

        lifecycleJob.run();

        assertThat(openTasksOf(contact)).extracting(t -> t.get("id").asLong()).containsExactly(call);
    }

    @Test
    void aReadyDateOfAContactWithoutAnOwnerPutsTheCallInNobodysQueueWhereMarketersSeeIt() throws Exception {
        long contact = leads.contact("unowned", "");
        leads.move(contact, "NURTURE");
        readyOn(contact, today(), "asked us to call back in spring");

        lifecycleJob.run();

        assertThat(Page.every(cursor -> tasks.list(null, false, Task.Status.OPEN, cursor, 500)))
                .filteredOn(t -> t.contactId() == contact).singleElement().satisfies(t -> {
                    assertThat(t.kind()).isEqualTo(TaskKind.READINESS_CHECK);
                    assertThat(t.assigneeId()).as("nobody's").isNull();
                    assertThat(t.context()).isEqualTo("asked us to call back in spring");
                });
    }

    @Test
    void aReadyDateOfAContactWithNoNumberIsNotAskedByPhoneAndTheirOwnerAndTimelineSaySoOnceWithWhatToDo()
            throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Nora", "lastName": "Nophone", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(io.keepwarm.support.Api.uniqueEmail("no-phone"), rep));
        leads.move(contact, "NURTURE");
        readyOn(contact, today(), "budget in the new year");

        lifecycleJob.run();
        lifecycleJob.run();

        assertThat(Page.every(cursor -> tasks.list(rep, false, Task.Status.CANCELLED, cursor, 500)))
                .filteredOn(t -> t.contactId() == contact).singleElement()
                .satisfies(t -> assertThat(t.kind()).isEqualTo(TaskKind.READINESS_CHECK));
        assertThat(jdbc.sql("SELECT subject, body FROM alerts WHERE contact_id = ? AND user_id = ?")
                .params(contact, rep).query((r, i) -> r.getString(1) + " | " + r.getString(2)).list())
                .as("one alert to the owner, however often the job runs").singleElement().asString()
                .startsWith("Readiness check not made: Nora Nophone may not be called (no phone number)")
                .contains("Nobody has asked them whether now is a good time",
                        "Enter their right phone number on their page and call them, or ask them by email.");
        String timeline = org.jsoup.Jsoup.parse(api.mvc().perform(MockMvcRequestBuilders.get("/ui/contacts/" + contact)
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                        .user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse().getContentAsString()).getElementById("timeline").text();
        assertThat(timeline).contains("Readiness not asked: the check was cancelled without a call (no phone number)",
                "Enter their right phone number");
    }

    @Test
    void aNumberFoundWrongEndsTheOpenReadyDateCallAndItsOwnerIsToldToFixTheNumberOrAskByEmail() throws Exception {
        long contact = nurtured("wrong-number");
        readyOn(contact, today(), "after the merger");
        lifecycleJob.run();
        long check = openTasksOf(contact).getFirst().get("id").asLong();
        long call = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Program call", null,
                clock.instant(), 0));

        api.as(Role.MARKETER, MockMvcRequestBuilders.post("/api/v1/tasks/" + call + "/complete")
                .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\": \"WRONG_NUMBER\"}"))
                .andExpect(status().isOk());

        assertThat(tasks.get(check).status()).isEqualTo(Task.Status.CANCELLED);
        assertThat(jdbc.sql("SELECT body FROM alerts WHERE contact_id = ? AND user_id = ?").params(contact, rep)
                .query(String.class).list()).singleElement().asString()
                .contains("was cancelled without a call: their number was found wrong",
                        "Enter their right phone number on their page and call them, or ask them by email.");
    }

    @Test
    void aNumberFoundWrongAgainIsOnTheTimelineEachTimeButAlertsTheOwnerOnceUntilANewNumberIsFoundWrongInTurn()
            throws Exception {
        long contact = nurtured("wrong-again");
        readyOn(contact, today(), "after the merger");
        lifecycleJob.run();
        loggedWrongNumber(contact);
        assertThat(notMadeAlerts(contact)).hasSize(1);

        clock.advance(Duration.ofDays(2));
        readyOn(contact, today(), "after the audit");
        lifecycleJob.run();
        assertThat(notMade(contact)).as("the second check, ended at once, is on the timeline").hasSize(2);
        assertThat(notMadeAlerts(contact)).as("the same number found wrong: nothing new to tell").hasSize(1);

        api.patch("/api/v1/contacts/" + contact, "{\"phone\": \"+49 30 7654321\"}").andExpect(status().isOk());
        clock.advance(Duration.ofDays(2));
        readyOn(contact, today(), "after the holidays");
        lifecycleJob.run();
        loggedWrongNumber(contact);
        assertThat(notMade(contact)).hasSize(3);
        assertThat(notMadeAlerts(contact)).as("the new number, found wrong in turn, is news").hasSize(2);
    }

    /** A call to the contact whose rep logs a wrong number. */
    private void loggedWrongNumber(long contact) throws Exception {
        long call = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Program call", null,
                clock.instant(), 0));
        api.as(Role.MARKETER, MockMvcRequestBuilders.post("/api/v1/tasks/" + call + "/complete")
                .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\": \"WRONG_NUMBER\"}"))
                .andExpect(status().isOk());
    }

    private List<String> notMadeAlerts(long contact) {
        return jdbc.sql("SELECT subject FROM alerts WHERE contact_id = ? AND user_id = ? AND subject LIKE ?")
                .params(contact, rep, "Readiness check not made%").query(String.class).list();
    }

    private List<JsonNode> notMade(long contact) throws Exception {
        return json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact + "&limit=100")).get("items")
                .valueStream().filter(e -> e.get("action").asString().equals("READINESS_CHECK_NOT_MADE")).toList();
    }

    private long nurtured(String name) throws Exception {
        long contact = leads.ownedBy(name, rep);
        leads.move(contact, "NURTURE");
        return contact;
    }

    private void readyOn(long contact, LocalDate day, String reason) throws Exception {
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/contacts/" + contact + "/readiness")
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"readyOn": "%s", "reason": "%s"}""".formatted(day, reason))).andExpect(status().isOk());
    }

    private List<JsonNode> openTasksOf(long contact) throws Exception {
        return json(api.get("/api/v1/tasks/history?assignee=" + rep + "&status=OPEN&limit=500")).get("items")
                .valueStream().filter(t -> t.get("contactId").asLong() == contact).toList();
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
