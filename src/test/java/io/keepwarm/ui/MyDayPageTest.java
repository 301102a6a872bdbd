package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/** A rep's day: what they press on a lead or a call that is no longer theirs tells them so. */
@KeepwarmTest
class MyDayPageTest {

    @Autowired Api api;
    @Autowired io.keepwarm.handoff.HandoffSettings settings;
    @Autowired Tasks tasks;
    @Autowired io.keepwarm.support.TestClock clock;
    @Autowired io.keepwarm.engine.Engine engine;
    @Autowired When when;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private SalesTeam team;
    private long ann;
    private long bob;

    @BeforeEach
    void twoReps() throws Exception {
        team = new SalesTeam(api);
        ann = team.rep("Ann");
        bob = team.rep("Bob");
    }

    /** Away, so the hand-off job and other tests' leads pass them by. */
    @AfterEach
    void repsAway() throws Exception {
        team.away(ann, true);
        team.away(bob, true);
    }

    @Test
    void acceptingOrLoggingACallOnALeadReassignedToSomeoneElseSaysSoOnThePage() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Moved", "phone": "+49 30 1234567", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("moved"), bob));
        JsonNode handoff = handoffOf(contact);
        assertThat(handoff.get("repId").asLong()).isEqualTo(bob);
        long task = 0;
        for (JsonNode entry : json(team.get(bob, "/api/v1/tasks?assignee=me&all=true&limit=500")).get("items")) {
            task = entry.at("/task/contactId").asLong() == contact ? entry.at("/task/id").asLong() : task;
        }
        assertThat(task).as("Bob's hand-off task").isPositive();

        MockHttpServletResponse accepted = asAnn("/ui/handoffs/" + handoff.get("id").asLong() + "/accept", "");
        assertThat(accepted.getStatus()).isEqualTo(200);
        assertThat(accepted.getContentType()).startsWith("text/html");
        assertThat(page(accepted).getElementById("action-error").text()).contains("reassigned to someone else");

        MockHttpServletResponse logged = asAnn("/ui/tasks/" + task + "/outcome", "NO_ANSWER");
        assertThat(logged.getStatus()).isEqualTo(200);
        assertThat(page(logged).getElementById("action-error").text()).contains("task is no longer yours");

        assertThat(json(api.get("/api/v1/handoffs/" + handoff.get("id").asLong())).get("state").asString())
                .isEqualTo("OPEN");
    }

    @Test
    void aRefusedRejectionComesBackWithTheNoteAsTyped() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Kept", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("kept"), bob));
        long handoff = handedOff(contact);

        Document page = page(team.as(bob, post("/ui/handoffs/" + handoff + "/reject").header("HX-Request", "true")
                .param("note", "budget next year")).andReturn().getResponse());

        assertThat(FieldMessages.of(page, "handoff-" + handoff + "-reason")).as("what a screen reader reads with the field")
                .isEqualTo("Pick a reason: it says whether the lead goes back to nurture or out of it.");
        assertThat(page.getElementById("handoff-" + handoff + "-note").hasAttr("aria-describedby")).isFalse();
        assertThat(page.getElementById("handoff-" + handoff + "-error").text()).startsWith("Not rejected yet");
        assertThat(page.getElementById("handoff-" + handoff + "-error").attr("role")).as("announced").isEqualTo("alert");
        assertThat(page.getElementById("action-error")).as("not an API message at the top of the page").isNull();
        assertThat(page.getElementById("handoff-" + handoff + "-note").val()).isEqualTo("budget next year");
    }

    @Test
    void aReadyDayInThePastIsRefusedBesideTheFieldWithTheirToday() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Past", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("past"), bob));
        long handoff = handedOff(contact);
        java.time.LocalDate today = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();

        Document page = page(team.as(bob, post("/ui/handoffs/" + handoff + "/reject").header("HX-Request", "true")
                .param("reason", "NOT_READY").param("readyOn", today.minusDays(1).toString())).andReturn().getResponse());

        assertThat(page.getElementById("handoff-" + handoff + "-readyOn-error").text()).isEqualTo("Pick today or a later day: it is "
                + java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy", java.util.Locale.ENGLISH).format(today)
                + " where they are.");
        assertThat(json(api.get("/api/v1/handoffs/" + handoff)).get("state").asString()).isEqualTo("OPEN");
    }

    @Test
    void aRejectionWithoutItsNoteAndWithAPastReadyDayIsRefusedAtBothFieldsAtOnce() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Both", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("both"), bob));
        long handoff = handedOff(contact);
        java.time.LocalDate today = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();

        Document page = page(team.as(bob, post("/ui/handoffs/" + handoff + "/reject").header("HX-Request", "true")
                .param("reason", "OTHER").param("note", " ").param("readyOn", today.minusDays(1).toString()))
                .andReturn().getResponse());

        assertThat(FieldMessages.of(page, "handoff-" + handoff + "-note"))
                .isEqualTo("Say why in the note: \"other\" needs a line.");
        assertThat(FieldMessages.of(page, "handoff-" + handoff + "-readyOn")).as("on the same press")
                .startsWith("Pick today or a later day");
        assertThat(json(api.get("/api/v1/handoffs/" + handoff)).get("state").asString()).isEqualTo("OPEN");
    }

    @Test
    void aLeadsDeadlineReadsAsTheAlertPutItInTheAccountsZoneNotAsAnUtcTimestamp() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Due", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("due"), bob));
        JsonNode handoff = handoffOf(contact);
        java.time.ZoneId zone = settings.zone();
        String expected = java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy, HH:mm", java.util.Locale.ENGLISH)
                .withZone(zone).format(java.time.Instant.parse(handoff.get("dueAt").asString())) + " (" + zone.getId() + ")";

        Document page = page(team.as(bob, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/ui/my-day")).andReturn().getResponse());

        assertThat(page.getElementById("handoff-" + handoff.get("id").asLong()).text()).contains("decide by " + expected)
                .doesNotContain(handoff.get("dueAt").asString());
    }

    @Test
    void aLeadsCallCardSaysTheHandoffsDeadlineAsItsCardDoesNotOverdueSinceTheDayTheLeadCame() throws Exception {
        weekdayAt(10);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Waiting", "phone": "+49 30 1234567", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("waiting"), bob));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        clock.set(clock.instant().plus(java.time.Duration.ofDays(1)));
        JsonNode handoff = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0);
        java.time.ZoneId zone = settings.zone();
        String deadline = java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy, HH:mm", java.util.Locale.ENGLISH)
                .withZone(zone).format(java.time.Instant.parse(handoff.get("dueAt").asString())) + " (" + zone.getId() + ")";
        long task = handoff.get("taskId").asLong();

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        assertThat(page.getElementById("handoff-" + handoff.get("id").asLong()).text()).contains("decide by " + deadline);
        assertThat(page.getElementById("task-" + task)).as("a new lead is called at once").isNotNull();
        assertThat(page.getElementById("overdue-" + task)).as("not overdue since yesterday").isNull();
        assertThat(page.getElementById("decide-by-" + task).text()).isEqualTo(
                (handoff.get("overdue").asBoolean() ? "· overdue: decide by " : "· decide by ") + deadline);
    }

    @Test
    void aLeadWhoMayNotBeCalledShowsAWarningInsteadOfTheNumberToDial() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Quiet", "phone": "+49 30 7654321", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("quiet"), bob));
        api.patch("/api/v1/contacts/" + contact, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.HANDOFF, null, null, null, 90));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        Element entry = page.getElementById("task-" + task);
        assertThat(entry).as("the lead is still theirs to decide").isNotNull();
        assertThat(entry.getElementById("do-not-call-" + task).text()).startsWith("Do not call");
        assertThat(entry.select("a[href^=tel:]")).isEmpty();
        assertThat(entry.text()).doesNotContain("+49 30 7654321");
        assertThat(entry.select("details.outcome")).as("no call to log").isEmpty();
    }

    @Test
    void aFollowUpIsDoneWithWhatCameOfItNotWithACallsOutcome() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Follow", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("follow"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Send the case study", null, null, 40));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        Element entry = page.getElementById("task-" + task);
        assertThat(entry.select("button[value=NO_ANSWER]")).isEmpty();
        assertThat(entry.select("#done-" + task + " input[name=note]").hasAttr("required")).isTrue();

        Document refused = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "DONE").param("note", " ")).andReturn().getResponse());
        assertThat(refused.getElementById("task-" + task + "-note-error").text()).isEqualTo("What came of it? Write a line.");
        Document done = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "DONE").param("note", "Sent it")).andReturn().getResponse());
        assertThat(done.getElementById("action-done").text()).startsWith("Done");
        assertThat(tasks.get(task).status()).isEqualTo(io.keepwarm.delivery.Task.Status.DONE);
        assertThat(tasks.get(task).outcomeNote()).isEqualTo("Sent it");
    }

    @Test
    void aCallBackBookedForNextYearShowsItsYear() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Later", "phone": "+49 30 1234567", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("later"), ann));
        java.time.ZonedDateTime now = clock.instant().atZone(java.time.ZoneOffset.UTC);
        java.time.ZonedDateTime nextYear = now.plusYears(1).withMonth(9).withDayOfMonth(1).withHour(14).withMinute(0)
                .withSecond(0).withNano(0);
        java.time.ZonedDateTime thisYear = now.plusDays(1).withHour(14).withMinute(0).withSecond(0).withNano(0);
        tasks.create(new Tasks.NewTask(contact, ann, TaskKind.CALL_BACK, "Call back later", "next year", nextYear.toInstant(), 50));
        tasks.create(new Tasks.NewTask(contact, ann, TaskKind.CALL_BACK, "Call back soon", "soon", thisYear.toInstant(), 50));

        Document page = page(team.as(ann, get("/ui/my-day")).andReturn().getResponse());

        String booked = page.getElementById("callbacks").text();
        assertThat(booked).contains(nextYear.format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, 14:00",
                java.util.Locale.ENGLISH)));
        assertThat(booked).contains(onTheirClock(thisYear.toLocalDateTime(), java.time.ZoneOffset.UTC));
    }

    @Test
    void myDaysSameWordedButtonsNameTheirContactAndAnActionsAnswerIsReadFromTheStatusRegionTheSwapLeaves()
            throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Named", "lastName": "Lead", "phone": "+49 30 1234567", "timeZone": "UTC",
                 "owner": "%d"}""".formatted(uniqueEmail("named"), bob));
        long handoff = handedOff(contact);
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Send the case study", null, null, 40));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        Element card = page.getElementById("handoff-" + handoff);
        assertThat(card.select("button[type=submit]").eachText()).as("visible word first, then whose")
                .containsExactly("Accept Named Lead", "Reject Named Lead");
        assertThat(page.select("#done-" + task + " button").text()).isEqualTo("Done: Named Lead");
        Element said = page.getElementById("announcer");
        assertThat(said.attr("role")).isEqualTo("status");
        assertThat(said.text()).as("empty until an action answers").isEmpty();
        assertThat(said.parents()).as("outside what an action swaps").doesNotContain(page.getElementById("my-day"));

        Document accepted = page(team.as(bob, post("/ui/handoffs/" + handoff + "/accept").header("HX-Request", "true"))
                .andReturn().getResponse());
        assertThat(accepted.getElementById("action-done").hasAttr("data-said")).as("copied into the status region").isTrue();
        assertThat(accepted.select("#my-day [role=status], #my-day [aria-live]")).as("no second live region to swap away")
                .isEmpty();
    }

    @Test
    void acceptingALeadOnMyDayLeavesItsFirstCallOnThePageAndSaysSo() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Keen", "lastName": "Buyer", "phone": "+49 30 1234567", "timeZone": "UTC",
                 "owner": "%d"}""".formatted(uniqueEmail("keen"), bob));
        long handoff = handedOff(contact);

        Document page = page(team.as(bob, post("/ui/handoffs/" + handoff + "/accept").header("HX-Request", "true"))
                .andReturn().getResponse());

        assertThat(page.getElementById("action-done").text())
                .isEqualTo("Accepted: the lead is yours to work. Your first call with Keen Buyer is below, due now.");
        assertThat(page.select("article.task")).filteredOn(a -> a.text().contains("Keen Buyer")).singleElement()
                .satisfies(a -> assertThat(a.selectFirst("header strong").text()).isEqualTo("First call after hand-off"));
        String timeline = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse())
                .getElementById("timeline").text();
        assertThat(timeline).as("the rep by their shown name, not their username")
                .contains("Sales-qualified Hand-off accepted by Bob").doesNotContain("Bob-");
    }

    @Test
    void aLeadAcceptedAfterTheContactsCallingHoursListsItsFirstCallForLaterWithWhenItOpens() throws Exception {
        weekdayAt(22);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Late", "lastName": "Buyer", "phone": "+49 30 1234567", "timeZone": "UTC",
                 "owner": "%d"}""".formatted(uniqueEmail("late"), bob));
        long handoff = handedOff(contact);

        Document page = page(team.as(bob, post("/ui/handoffs/" + handoff + "/accept").header("HX-Request", "true"))
                .andReturn().getResponse());

        java.time.LocalDate today = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        String opens = onTheirClock(today.plusDays(1).atTime(8, 0), java.time.ZoneOffset.UTC);
        assertThat(page.getElementById("action-done").text()).isEqualTo("Accepted: the lead is yours to work. Your first"
                + " call with Late Buyer waits for their calling hours: " + opens + " their time.");
        long firstCall = json(api.get("/api/v1/handoffs/" + handoff)).get("firstCallTaskId").asLong();
        assertThat(page.getElementById("later-" + firstCall).text()).as("on the page until the hours open")
                .contains(opens, "First call after hand-off", "Late Buyer");
    }

    @Test
    void theContactPageSaysANewLeadHandedOverAfterTheirCallingHoursIsCalledWhenTheyOpenAsMyDayDoes() throws Exception {
        weekdayAt(22);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Night", "lastName": "Lead", "phone": "+49 30 1234567", "timeZone": "UTC",
                 "owner": "%d"}""".formatted(uniqueEmail("night"), bob));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        long handoffTask = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0).get("taskId")
                .asLong();

        Document contactPage = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse());
        Document day = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        String opens = nextMorningAtEight();
        assertThat(contactPage.getElementById("next-call").text()).as("not 22:00, when they may not be called")
                .startsWith("Next call: New lead").endsWith(": " + opens + " their time, with Bob");
        assertThat(day.getElementById("later-" + handoffTask).text()).as("as My day says it").contains(opens);
    }

    @Test
    void aFirstCallDueWhileTheContactSleptIsNotOverdueAsTheirHoursOpenNextMorningOnlyOnceADayHasPassed()
            throws Exception {
        weekdayAt(22);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Early", "lastName": "Riser", "phone": "+49 30 1234567", "timeZone": "UTC",
                 "owner": "%d"}""".formatted(uniqueEmail("early"), bob));
        long handoff = handedOff(contact);
        team.as(bob, post("/ui/handoffs/" + handoff + "/accept").header("HX-Request", "true")).andExpect(status().isOk());
        long firstCall = json(api.get("/api/v1/handoffs/" + handoff)).get("firstCallTaskId").asLong();

        clock.set(clock.instant().plus(java.time.Duration.ofMinutes(10 * 60 + 30))); // 08:30 their time next morning
        Document morning = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        clock.set(clock.instant().plus(java.time.Duration.ofDays(1)));
        Document dayAfter = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        assertThat(morning.getElementById("task-" + firstCall)).as("due now").isNotNull();
        assertThat(morning.getElementById("overdue-" + firstCall)).as("callable only since 08:00 today").isNull();
        assertThat(dayAfter.getElementById("overdue-" + firstCall)).as("callable all yesterday").isNotNull();
    }

    /** Tomorrow 08:00 as a page says a time on the contact's clock, for a contact in UTC. */
    private String nextMorningAtEight() {
        java.time.LocalDate today = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        return onTheirClock(today.plusDays(1).atTime(8, 0), java.time.ZoneOffset.UTC);
    }

    /** A time of another day on the contact's clock as the README writes it: "Tue 5 Jan, 11:00" (the year if another). */
    private static String hour(java.time.Instant at, java.time.ZoneId zone) {
        return at.atZone(zone).format(java.time.format.DateTimeFormatter.ofPattern("HH:mm"));
    }

    private String onTheirClock(java.time.LocalDateTime at, java.time.ZoneId theirs) {
        return io.keepwarm.platform.Days.brief(at.toLocalDate(), clock.instant().atZone(theirs).toLocalDate()) + ", "
                + at.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm"));
    }

    @Test
    void aNewLeadAndACallDueWhileTheContactSleepsWaitForLaterSayingWhenTheirHoursOpenOnBothClocks() throws Exception {
        java.time.ZoneId california = java.time.ZoneId.of("America/Los_Angeles");
        // 00:30 in California on a Wednesday: due now, but eight hours before their calling hours.
        java.time.LocalDate day = clock.instant().atZone(california).toLocalDate()
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.WEDNESDAY));
        clock.set(day.atTime(0, 30).atZone(california).toInstant());
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Night", "lastName": "Owl", "phone": "+1 415 555 0100",
                 "timeZone": "America/Los_Angeles", "owner": "%d"}""".formatted(uniqueEmail("owl"), bob));
        JsonNode handoff = handoffOf(contact);
        long handoffTask = handoff.get("taskId").asLong();
        long call = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL, "Call about the cooling guide", null,
                null, 50));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        java.time.ZonedDateTime opens = day.atTime(8, 0).atZone(california);
        String yours = opens.withZoneSameInstant(settings.zone()).format(java.time.format.DateTimeFormatter.ofPattern(
                "HH:mm", java.util.Locale.ENGLISH));
        for (long task : List.of(handoffTask, call)) {
            assertThat(page.getElementById("task-" + task)).as("not to be called now").isNull();
            assertThat(page.getElementById("later-" + task)).as("task %d is on the page", task).isNotNull();
            assertThat(page.getElementById("later-" + task).text()).contains("Night Owl",
                    "their hours open 08:00 their time, " + yours + " yours");
            assertThat(entryOf(bob, task).get("callableFrom").asString()).as("as the API's queue says")
                    .isEqualTo(opens.toInstant().toString());
        }
        assertThat(page.getElementById("handoff-" + handoff.get("id").asLong()).text()).contains("their time now 00:30");
    }

    @Test
    void aWrongNumberIsAskedFirstOnAPageOfItsOwnAndLoggedWithItsNoteOnlyOnceConfirmed() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Wendy", "lastName": "Wrong", "phone": "+49 30 1234567", "timeZone": "UTC",
                 "owner": "%d"}""".formatted(uniqueEmail("wrong"), bob));
        long call = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL, "Call about the guide", null, null, 50));
        Document day = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        assertThat(day.select("#task-" + call + " button[value=WRONG_NUMBER]").text()).isEqualTo("Wrong number…");
        assertThat(day.select("#task-" + call + " button[value=NO_ANSWER]").text()).isEqualTo("No answer");

        MockHttpServletResponse asked = team.as(bob, post("/ui/tasks/" + call + "/outcome").header("HX-Request", "true")
                .param("outcome", "WRONG_NUMBER").param("note", "A plumber's number")).andReturn().getResponse();

        assertThat(asked.getHeader("HX-Retarget")).as("htmx shows the question in place of the page").isEqualTo("#main");
        Document question = page(asked);
        assertThat(question.getElementById("confirm-question").text()).isEqualTo("Log a wrong number for Wendy Wrong?");
        assertThat(question.getElementById("confirm-consequence").text()).contains("+49 30 1234567 is marked wrong",
                "Every open call with them ends");
        assertThat(tasks.get(call).status()).as("asking logs nothing").isEqualTo(io.keepwarm.delivery.Task.Status.OPEN);
        org.springframework.test.web.servlet.MvcResult confirmed = team.as(bob, ConfirmationPagesTest.pressed(question))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/ui/my-day"))
                .andReturn();
        assertThat(confirmed.getFlashMap().get("done")).as("said on the day it leads back to")
                .isEqualTo("Logged: Wrong number.");
        assertThat(tasks.get(call).outcome()).isEqualTo(io.keepwarm.delivery.CallOutcome.WRONG_NUMBER);
        assertThat(tasks.get(call).outcomeNote()).isEqualTo("A plumber's number");
    }

    @Test
    void aWrongNumberLoggedOnMyDayIsShownFlaggedOnTheContactPageUntilTheyHaveANewNumber() throws Exception {
        long contact = bobsToCallToday("Wanda");
        long call = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL, "Call about the guide", null, null, 50));
        Document question = page(team.as(bob, post("/ui/tasks/" + call + "/outcome").param("outcome", "WRONG_NUMBER"))
                .andReturn().getResponse());
        team.as(bob, ConfirmationPagesTest.pressed(question)).andExpect(status().is3xxRedirection());

        Document flagged = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse());
        api.patch("/api/v1/contacts/" + contact, "{\"phone\": \"+49 30 7654321\"}").andExpect(status().isOk());
        Document renumbered = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse());

        String today = When.dayOfWeek(java.time.LocalDate.ofInstant(clock.instant(), settings.zone()));
        assertThat(flagged.getElementById("phone").text()).isEqualTo("+49 30 1234567 — wrong number, reported " + today
                + " by Bob");
        assertThat(flagged.getElementById("reachable").text())
                .isEqualTo("valid, but not by phone until a new number is given");
        assertThat(renumbered.getElementById("phone").text()).isEqualTo("+49 30 7654321");
        assertThat(renumbered.getElementById("reachable").text()).isEqualTo("valid");
    }

    @Test
    void askedNotToBeCalledIsAskedFirstWithoutScriptsSayingARepCannotUndoIt() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Nora", "lastName": "Nocall", "phone": "+49 30 1234567", "timeZone": "UTC",
                 "owner": "%d"}""".formatted(uniqueEmail("nocall"), bob));
        long call = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL, "Call about the guide", null, null, 50));

        Document question = page(team.as(bob, post("/ui/tasks/" + call + "/outcome").param("outcome", "DO_NOT_CALL"))
                .andExpect(status().isOk()).andReturn().getResponse());

        assertThat(question.getElementById("confirm-question").text())
                .isEqualTo("Log that Nora Nocall asked not to be called?");
        assertThat(question.getElementById("confirm-consequence").text()).contains("do-not-contact by phone",
                "You cannot undo it");
        assertThat(question.getElementById("confirm-cancel").attr("href")).isEqualTo("/ui/my-day");
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").toString()).doesNotContain("PHONE");
        team.as(bob, ConfirmationPagesTest.pressed(question)).andExpect(status().is3xxRedirection());
        assertThat(tasks.get(call).outcome()).isEqualTo(io.keepwarm.delivery.CallOutcome.DO_NOT_CALL);
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").toString()).contains("PHONE");
        Document contactPage = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(contactPage.select("#consent tr[data-channel=PHONE]").text()).as("the source in words, not a code")
                .contains("phone calls withdrawn call outcome logged by Bob").doesNotContain("CALL_OUTCOME");
        assertThat(contactPage.select("#consent-title ~ details li").text()).contains("(call outcome logged by Bob)")
                .doesNotContain("CALL_OUTCOME");
    }

    @Test
    void theWhyNowContextKeepsItsLinesAndTheTitleLeavesTheNameToTheLinkBesideIt() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Lined", "lastName": "Up", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("lined"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "New lead: Lined Up",
                "Why now: NEW → MQL\nScore: not scored\nRecent activity:\n- visited pricing", null, 90));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        Element entry = page.getElementById("task-" + task);
        assertThat(entry.selectFirst("header strong").text()).isEqualTo("New lead");
        assertThat(entry.selectFirst("header a").text()).isEqualTo("Lined Up");
        Element context = page.getElementById("context-" + task);
        assertThat(context.wholeText()).contains("Score: not scored\nRecent activity:\n- visited pricing");
        assertThat(context.hasClass("lines")).isTrue();
        assertThat(context.parent().tagName()).as("a follow-up's context is open to read").isNotEqualTo("details");
        assertThat(api.mvc().perform(get("/css/keepwarm.css")).andReturn().getResponse().getContentAsString())
                .as("the browser keeps the lines").contains(".lines { white-space: pre-line; }");
    }

    @Test
    void aTaskAPersonWroteKeepsTheContactsNameInItsSentence() throws Exception {
        // A program's task step as a marketer writes it, filled in for a contact known by their first name alone.
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Linus", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("linus"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP,
                "Call Linus at Kernel Co about cooling", null, null, 90));
        long callBack = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP,
                "Call back: Linus asked to be called", null, null, 90));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        assertThat(page.getElementById("task-" + task).selectFirst("header strong").text())
                .isEqualTo("Call Linus at Kernel Co about cooling");
        assertThat(page.getElementById("task-" + callBack).selectFirst("header strong").text())
                .as("a title Keepwarm wrote about the contact leaves the name to the link beside it")
                .isEqualTo("Call back: asked to be called");
    }

    @Test
    void theContextSaysTheOfferTheContactTookAsTheirButtonSaidItWithoutActivityIds() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Caller", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("caller"), bob));
        // As the hand-off module writes it for the API, which keeps the offer's key and the activity's id.
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "New lead: Caller",
                "Earlier: hand-off 3 rejected: NOT_READY\n"
                        + "Why now: NURTURE → MQL: call me; tipped by 2026-01-05 10:00 took the offer call-me (activity 8)",
                null, 90));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        assertThat(page.getElementById("context-" + task).text())
                .endsWith("took the offer 'have someone call me'").doesNotContain("activity 8")
                .contains("hand-off 3 rejected: not ready");
    }

    @Test
    void theDaysOfferedForAskingAgainAreTheContactsDaysNotTheServersWhenTheirDateIsStillYesterday() throws Exception {
        weekdayAt(3);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "West", "phone": "+1 415 555 0100", "timeZone": "America/Los_Angeles",
                 "owner": "%d"}""".formatted(uniqueEmail("west"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));
        long handoff = handedOff(contact);
        // 03:00 on Wednesday on the server's clock is still Tuesday evening in San Francisco.
        java.time.LocalDate theirToday = clock.instant().atZone(java.time.ZoneId.of("America/Los_Angeles")).toLocalDate();
        assertThat(theirToday).isBefore(clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate());

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        Element askAgain = page.getElementById("task-" + task + "-askAgainOn");
        assertThat(askAgain.attr("min")).isEqualTo(theirToday.toString());
        assertThat(askAgain.attr("max")).isEqualTo(theirToday.plusYears(2).toString());
        assertThat(askAgain.val()).as("three months from their today").isEqualTo(theirToday.plusMonths(3).toString());
        assertThat(page.getElementById("handoff-" + handoff + "-readyOn").attr("min")).isEqualTo(theirToday.toString());
    }

    @Test
    void anAustralianOfUnknownZoneHasTheirDaysAndCallBackTimeOnTheMiddleClockOfAustraliaNotTheAccounts()
            throws Exception {
        weekdayAt(20);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Bruce", "phone": "+61 8 8999 0000", "country": "AU", "owner": "%d"}"""
                .formatted(uniqueEmail("bruce"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));
        long handoff = handedOff(contact);
        // 20:00 on Wednesday on the account's clock (UTC in tests) is 05:30 on Thursday in Darwin.
        java.time.ZoneId darwin = java.time.ZoneId.of("Australia/Darwin");
        java.time.LocalDate theirToday = clock.instant().atZone(darwin).toLocalDate();
        assertThat(theirToday).isAfter(clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate());

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        assertThat(page.getElementById("handoff-" + handoff + "-readyOn").attr("min")).isEqualTo(theirToday.toString());

        java.time.LocalDateTime agreed = theirToday.plusDays(1).atTime(10, 0);
        Document logged = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "NO_ANSWER").param("callBackAt", agreed.toString())).andReturn().getResponse());
        assertThat(tasks.callBackOf(contact).orElseThrow().dueAt()).isEqualTo(agreed.atZone(darwin).toInstant());
        assertThat(logged.getElementById("action-done").text()).contains("call-back booked for "
                + onTheirClock(agreed, darwin) + " Australia/Darwin (their time zone is unknown; the middle of their"
                + " country)");
    }

    @Test
    void aFollowUpForAContactWhoSaidNotNowSaysWhenTheyAskedToBeAskedAgain() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Later", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("saidlater"), bob));
        java.time.LocalDate march = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusMonths(3);
        api.as(io.keepwarm.identity.Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + contact + "/readiness").contentType("application/json")
                .content("{\"readyOn\": \"%s\", \"reason\": \"budget in spring\"}".formatted(march)))
                .andExpect(status().isOk());
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Send the case study", null,
                clock.instant(), 50));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        assertThat(page.getElementById("not-now-" + task).text()).isEqualTo("They said not now: ask them again on "
                + java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy", java.util.Locale.ENGLISH).format(march)
                + ", not before.");
    }

    @Test
    void notNowWithoutADateOrACallBackInThePastIsRefusedBesideTheFieldInTheRepsWords() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Later", "phone": "+49 30 1234567", "timeZone": "America/New_York",
                 "owner": "%d"}""".formatted(uniqueEmail("notnow"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));
        Element form = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse())
                .selectFirst("#task-" + task + " details.outcome form");
        List<String> order = form.select("input[name=askAgainOn], button[value=REACHED_NOT_NOW]").eachAttr("name");
        assertThat(order).as("the date comes before the button that needs it").containsExactly("askAgainOn", "outcome");

        Document refused = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "REACHED_NOT_NOW").param("askAgainOn", "").param("callBackAt", "2020-01-06T10:00"))
                .andReturn().getResponse());

        assertThat(refused.getElementById("task-" + task + "-askAgainOn-error").text())
                .isEqualTo("When may we ask again? Pick a date.");
        // 10:00 in New York, on the day it is on the rep's clock too: the hour alone.
        String now = clock.instant().atZone(java.time.ZoneId.of("America/New_York"))
                .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm", java.util.Locale.ENGLISH));
        assertThat(refused.getElementById("task-" + task + "-callBackAt-error").text())
                .isEqualTo("Pick a time after now: it is " + now + " their time.");
        assertThat(refused.getElementById("action-error")).as("nothing at the top of the page").isNull();
        assertThat(refused.getElementById("task-" + task + "-error").text()).startsWith("Not logged yet");
        assertThat(tasks.get(task).status()).isEqualTo(io.keepwarm.delivery.Task.Status.OPEN);
    }

    @Test
    void leavingAMessageSaysWhenTheNextAttemptIsDue() throws Exception {
        long contact = bobsToCallToday("Busy");
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));

        Document page = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "VOICEMAIL")).andReturn().getResponse());

        String tomorrow = onTheirClock(clock.instant().plus(java.time.Duration.ofDays(1)).atZone(java.time.ZoneOffset.UTC)
                .toLocalDateTime(), java.time.ZoneOffset.UTC);
        assertThat(page.getElementById("action-done").text())
                .isEqualTo("Logged: Left a message. Next attempt (2 of 3) is due " + tomorrow + " their time.");
    }

    @Test
    void noAnswerOnANewLeadBooksTheNextAttemptBeforeTheHandoffsDeadlineNotOnIt() throws Exception {
        long contact = bobsToCallToday("Elusive");
        JsonNode handoff = handoffOf(contact);
        java.time.Instant deadline = java.time.Instant.parse(handoff.get("dueAt").asString());
        long task = handoff.get("taskId").asLong();

        Document page = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "NO_ANSWER")).andReturn().getResponse());

        java.time.Instant next = tasks.nextAttempt(task).orElseThrow().dueAt();
        assertThat(next).as("before the lead turns overdue, within their calling hours").isBefore(deadline)
                .isAfter(clock.instant());
        assertThat(next.atZone(java.time.ZoneOffset.UTC).getHour()).isBetween(8, 20);
        assertThat(page.getElementById("action-done").text()).isEqualTo("Logged: No answer. Next attempt (2 of 3) is due "
                + onTheirClock(next.atZone(java.time.ZoneOffset.UTC).toLocalDateTime(), java.time.ZoneOffset.UTC)
                + " their time.");
    }

    @Test
    void noAnswerOnANewLeadWhoseHoursOpenOnlyAfterTheDeadlineWarnsThatTheNextAttemptIsTooLate() throws Exception {
        long contact = bobsToCallToday("Asleep");
        JsonNode handoff = handoffOf(contact);
        java.time.Instant deadline = java.time.Instant.parse(handoff.get("dueAt").asString());
        long task = handoff.get("taskId").asLong();
        // Half an hour before the deadline, which is 03:00 on the contact's clock: no calling hours before it.
        int east = Math.floorMod(3 - deadline.atZone(java.time.ZoneOffset.UTC).getHour() + 12, 24) - 12;
        String zone = "Etc/GMT" + (east > 0 ? "-" + east : east < 0 ? "+" + -east : "");
        api.patch("/api/v1/contacts/" + contact, "{\"timeZone\": \"" + zone + "\"}").andExpect(status().isOk());
        clock.set(deadline.minus(java.time.Duration.ofMinutes(30)));

        Document page = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "NO_ANSWER")).andReturn().getResponse());

        java.time.Instant next = tasks.nextAttempt(task).orElseThrow().dueAt();
        java.time.ZoneId theirs = java.time.ZoneId.of(zone);
        assertThat(next).isAfterOrEqualTo(deadline);
        // Booked for 02:30 their time tomorrow, it is called when their hours open.
        assertThat(page.getElementById("action-done").text()).startsWith("Logged: No answer. Next attempt (2 of 3) is due "
                + onTheirClock(next.atZone(theirs).toLocalDate().atTime(8, 0), theirs)
                + " their time, after the hand-off's deadline, ")
                .endsWith("03:00 their time: accept or reject the lead before then.");
    }

    @Test
    void noAnswerLoggedAfterTheirCallingHoursSaysWhenTheNextAttemptIsCalledNotTheHourItWasBookedFor() throws Exception {
        long contact = bobsToCallToday("Late");
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));
        // Logged at 21:30 their time: a day later is 21:30 again, after their calling hours close.
        clock.advance(java.time.Duration.ofMinutes(6 * 60 + 30));

        Document page = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "NO_ANSWER")).andReturn().getResponse());

        java.time.LocalDate today = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        assertThat(page.getElementById("action-done").text()).isEqualTo("Logged: No answer. Next attempt (2 of 3) is due "
                + onTheirClock(today.plusDays(2).atTime(8, 0), java.time.ZoneOffset.UTC) + " their time.");
    }

    @Test
    void aCallLoggedAgainFromAnOldPageSaysItWasAlreadyLoggedHowByWhomAndWhenAndACancelledOneWhy() throws Exception {
        long contact = bobsToCallToday("Twice");
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));
        team.as(bob, post("/ui/tasks/" + task + "/outcome").param("outcome", "NO_ANSWER"));

        Document again = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "NO_ANSWER")).andReturn().getResponse());

        assertThat(again.getElementById("action-error").text()).isEqualTo("This call was already logged: No answer, by "
                + "Bob, " + when.saidClock(tasks.get(task).doneAt()) + ".");

        long cancelled = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Send the deck", null, null, 50));
        tasks.cancel(contact, TaskKind.FOLLOW_UP, "they left nurture");
        Document late = page(team.as(bob, post("/ui/tasks/" + cancelled + "/outcome").header("HX-Request", "true")
                .param("outcome", "DONE").param("note", "Sent it")).andReturn().getResponse());

        assertThat(late.getElementById("action-error").text())
                .isEqualTo("This follow-up was cancelled: they left nurture; there is nothing to log.");
    }

    @Test
    void readyForSalesOnACallWithNoHandoffSaysTheLeadIsNowTheirs() throws Exception {
        long contact = bobsToCallToday("Keen");
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));

        Document page = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "REACHED_READY")).andReturn().getResponse());

        assertThat(page.getElementById("action-done").text()).isEqualTo("Logged: Reached: ready for sales."
                + " The lead is sales-qualified and accepted: it is yours to work.");
    }

    @Test
    void notNowOnANewLeadSaysItsHandoffWasRejectedAndWhenWeAskAgain() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Notyet", "phone": "+49 30 1234567", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("notyet"), bob));
        JsonNode handoff = handoffOf(contact);
        java.time.LocalDate askAgain = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusMonths(2);

        Document page = page(team.as(bob, post("/ui/tasks/" + handoff.get("taskId").asLong() + "/outcome")
                .header("HX-Request", "true").param("outcome", "REACHED_NOT_NOW").param("askAgainOn", askAgain.toString()))
                .andReturn().getResponse());

        assertThat(page.getElementById("action-done").text()).isEqualTo("Logged: Reached: not now. The lead is"
                + " rejected as not ready: it goes back to nurture. We ask again on "
                + askAgain.format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy", java.util.Locale.ENGLISH))
                + ".");
    }

    @Test
    void aFollowUpAtNightInTheContactsZoneOffersNoNumberToDialAndSaysWhenTheirCallingHoursOpen() throws Exception {
        weekdayAt(14);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Carl", "phone": "+81 3 1234 5678", "timeZone": "Asia/Tokyo", "owner": "%d"}"""
                .formatted(uniqueEmail("carl"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Call about the cooling guide",
                null, null, 50));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        Element entry = page.getElementById("task-" + task);
        assertThat(entry).as("a follow-up is still work to do at any hour").isNotNull();
        assertThat(entry.select("a[href^=tel:]")).as("23:00 in Tokyo: no call now").isEmpty();
        java.time.ZonedDateTime opens = clock.instant().atZone(java.time.ZoneId.of("Asia/Tokyo")).plusDays(1)
                .withHour(8).withMinute(0);
        assertThat(entry.getElementById("opens-" + task).text()).contains("not to be called now",
                onTheirClock(opens.toLocalDateTime(), java.time.ZoneId.of("Asia/Tokyo")));
        JsonNode api = entryOf(bob, task);
        assertThat(api.get("callableNow").asBoolean()).as("as the API says").isFalse();
    }

    @Test
    void aCallBackOutsideTheContactsCallingHoursIsRefusedBesideTheFieldWithWhenTheyOpen() throws Exception {
        weekdayAt(3);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Tokio", "phone": "+81 3 1234 5678", "timeZone": "Asia/Tokyo", "owner": "%d"}"""
                .formatted(uniqueEmail("tokio"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));
        java.time.LocalDate tomorrow = clock.instant().atZone(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate().plusDays(1);

        Document refused = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "NO_ANSWER").param("callBackAt", tomorrow + "T23:30")).andReturn().getResponse());

        assertThat(refused.getElementById("task-" + task + "-callBackAt-error").text()).isEqualTo("That is outside"
                + " their calling hours (08:00–21:00 their time). Pick a time within them: the next opens "
                + onTheirClock(tomorrow.plusDays(1).atTime(8, 0), java.time.ZoneId.of("Asia/Tokyo")) + " their time.");
        assertThat(refused.getElementById("action-done")).as("nothing booked").isNull();
        assertThat(tasks.get(task).status()).isEqualTo(io.keepwarm.delivery.Task.Status.OPEN);
    }

    @Test
    void aUsContactOfUnknownZoneWaitsForTheHoursEveryUsClockSharesAndMyDaySaysSoOnTheirCountrysMiddleClock()
            throws Exception {
        java.time.ZoneId newYork = java.time.ZoneId.of("America/New_York");
        java.time.ZoneId phoenix = java.time.ZoneId.of("America/Phoenix");
        // 09:00 US Eastern on a winter weekday: 04:00 in Honolulu, so not yet on every clock of the US.
        java.time.Instant morning = clock.advanceToNextDay(d -> d.getMonthValue() <= 2 && d.getDayOfWeek().getValue() <= 5,
                java.time.LocalTime.of(9, 0), newYork);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Sam", "lastName": "Stateless", "phone": "+1 602 555 0100", "country": "US",
                 "owner": "%d"}""".formatted(uniqueEmail("stateless"), bob));
        long call = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL, "Call about the cooling guide", null,
                null, 50));
        long handoff = handedOff(contact);

        Document early = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        java.time.Instant opens = morning.atZone(newYork).withHour(13).toInstant();
        assertThat(early.getElementById("task-" + call)).as("not to be called now").isNull();
        assertThat(early.getElementById("later-waits-" + call).text()).isEqualTo("· due now: their hours open on every"
                + " clock of their country at 11:00 America/Phoenix (their time zone is unknown; the middle of their"
                + " country), " + hour(opens, settings.zone()) + " yours");
        assertThat(entryOf(bob, call).get("callableFrom").asString()).as("13:00 Eastern, as the API's queue says")
                .isEqualTo(opens.toString());
        assertThat(early.getElementById("handoff-clock-" + handoff).text()).isEqualTo("their time zone is unknown:"
                + " not to be called now, their hours open on every clock of their country at 11:00 America/Phoenix"
                + " (their time zone is unknown; the middle of their country), " + hour(opens, settings.zone())
                + " yours");

        clock.set(morning.atZone(newYork).withHour(14).toInstant());
        Document afternoon = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        assertThat(afternoon.getElementById("task-" + call)).as("09:00 in Honolulu: to be called").isNotNull();
        assertThat(afternoon.select("#task-" + call + " a.phone").text()).isEqualTo("+1 602 555 0100");
        assertThat(afternoon.getElementById("unknown-zone-" + call).text()).isEqualTo("their time zone is unknown:"
                + " called within calling hours (08:00–21:00) on every clock of their country at once");
        assertThat(afternoon.getElementById("handoff-clock-" + handoff).text())
                .isEqualTo("their time zone is unknown: within calling hours on every clock of their country now");

        // 03:00 in Phoenix tomorrow, the clock the call-back field counts on: 00:00 in Honolulu.
        java.time.LocalDate tomorrow = clock.instant().atZone(phoenix).toLocalDate().plusDays(1);
        Document refused = page(team.as(bob, post("/ui/tasks/" + call + "/outcome").header("HX-Request", "true")
                .param("outcome", "NO_ANSWER").param("callBackAt", tomorrow + "T03:00")).andReturn().getResponse());

        assertThat(refused.getElementById("task-" + call + "-callBackAt-error").text()).isEqualTo("That is outside"
                + " their calling hours (08:00–21:00 on every clock of their country at once, as their time zone is"
                + " unknown). Pick a time within them: the next opens " + onTheirClock(tomorrow.atTime(11, 0), phoenix)
                + " America/Phoenix (their time zone is unknown; the middle of their country).");
        assertThat(tasks.get(call).status()).isEqualTo(io.keepwarm.delivery.Task.Status.OPEN);
    }

    @Test
    void aContactOfUnknownZoneAndNoCountryIsNotToBeCalledUntilTheirZoneIsSet() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Nomad", "phone": "+49 30 1234567", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("nomad"), bob));
        jdbc.sql("UPDATE contacts SET time_zone = NULL, country = NULL WHERE id = ?").param(contact).update();
        long followUp = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Ask where they live", null,
                null, 50));

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());

        assertThat(page.getElementById("unknown-zone-" + followUp).text())
                .isEqualTo("their time zone is unknown: not to be called until it is set");
        assertThat(page.select("#task-" + followUp + " a.phone")).as("no number to dial").isEmpty();
    }

    @Test
    void anAskAgainDateYearsAheadIsRefusedInTheRepsWords() throws Exception {
        long contact = bobsToCallToday("Far");
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));

        Document refused = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "REACHED_NOT_NOW").param("askAgainOn", "9999-12-31")).andReturn().getResponse());

        java.time.LocalDate latest = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusYears(2);
        assertThat(refused.getElementById("task-" + task + "-askAgainOn-error").text()).isEqualTo(
                "Pick a day within two years, by " + latest.format(java.time.format.DateTimeFormatter.ofPattern(
                        "EEE d MMMM yyyy", java.util.Locale.ENGLISH)) + " at the latest.");
        assertThat(tasks.get(task).status()).isEqualTo(io.keepwarm.delivery.Task.Status.OPEN);
    }

    @Test
    void theAskAgainCallBookedByNotNowIsListedForLaterAndOnTheContactPage() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Summer", "phone": "+49 30 1234567", "timeZone": "Europe/Berlin",
                 "owner": "%d"}""".formatted(uniqueEmail("summer"), bob));
        long task = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.CALL_BACK, null, null, null, 50));
        java.time.LocalDate askAgain = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusMonths(2);

        Document page = page(team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true")
                .param("outcome", "REACHED_NOT_NOW").param("askAgainOn", askAgain.toString())).andReturn().getResponse());

        String when = onTheirClock(askAgain.atTime(8, 0), java.time.ZoneId.of("Europe/Berlin"));
        assertThat(page.getElementById("callbacks").text()).contains(when, "Ask again", "Summer");
        Document contactPage = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(contactPage.getElementById("next-call").text()).as("worded as My day words it")
                .contains("Next call: Ask again", ": " + when + " their time, with Bob");
    }

    @Test
    void theListForLaterShowsFiftyAPageSaysWhichOfHowManyAndNextReadsTheRestOnceInOrder() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Busy", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("busy"), bob));
        java.time.Instant nextWeek = clock.instant().plus(java.time.Duration.ofDays(7));
        List<Long> inOrder = new java.util.ArrayList<>();
        for (int n = 1; n <= 123; n++) {
            inOrder.add(tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Send brochure " + n, null,
                    nextWeek.plusSeconds(n), 0)));
        }
        long dueNow = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Send the price list", null,
                clock.instant(), 0));

        List<Long> read = new java.util.ArrayList<>();
        List<String> said = new java.util.ArrayList<>();
        String next = "/ui/my-day";
        while (next != null) {
            Document day = page(team.as(bob, get(java.net.URI.create(next))).andReturn().getResponse());
            assertThat(day.getElementById("task-" + dueNow)).as("due now, above, on every page").isNotNull();
            day.select("#callbacks tbody tr").forEach(row -> read.add(Long.valueOf(row.id().substring("later-".length()))));
            said.add(day.getElementById("later-showing").text());
            Element link = day.getElementById("later-next");
            next = link == null ? null : link.attr("href");
            assertThat(day.getElementById("later-first") != null).as("the way back from a page after the first")
                    .isEqualTo(said.size() > 1);
        }

        assertThat(read).as("each once, in the order due").isEqualTo(inOrder);
        assertThat(said).containsExactly("Showing 1–50 of 123", "Showing 51–100 of 123", "Showing 101–123 of 123");
    }

    @Test
    void aManagerPagingThroughARepsTasksForLaterStaysOnTheRepsDay() throws Exception {
        weekdayAt(15);
        team.manages(ann, bob);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Many", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("many"), bob));
        for (int n = 1; n <= 51; n++) {
            tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Send brochure " + n, null,
                    clock.instant().plus(java.time.Duration.ofDays(3)).plusSeconds(n), 0));
        }

        Document first = page(team.as(ann, get("/ui/my-day").param("rep", String.valueOf(bob))).andReturn().getResponse());
        String next = first.getElementById("later-next").attr("href");
        assertThat(next).startsWith("/ui/my-day?rep=" + bob + "&later=").endsWith("#callbacks-title");
        Document second = page(team.as(ann, get(java.net.URI.create(next))).andReturn().getResponse());

        assertThat(second.getElementById("viewing").text()).as("still Bob's day").contains("The day of");
        assertThat(second.select("#callbacks tbody tr")).hasSize(1);
        assertThat(second.getElementById("later-showing").text()).isEqualTo("Showing 51–51 of 51");
        assertThat(second.getElementById("later-first").attr("href")).isEqualTo("/ui/my-day?rep=" + bob + "#callbacks-title");
    }

    @Test
    void aLinkToTheListForLaterThatIsNoLongerValidIsRefusedSayingSo() throws Exception {
        MockHttpServletResponse refused = team.as(bob, get("/ui/my-day").param("later", "nonsense"))
                .andExpect(status().isBadRequest()).andReturn().getResponse();

        assertThat(page(refused).text()).contains("This link to a page of calls and tasks for later is not one"
                + " Keepwarm made, or it was cut short. Open My day to start again from the first page.");
    }

    @Test
    void theRejectFormAsksForAReasonWithNonePickedAndTakesAReadyOnDate() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Budget", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("budget"), bob));
        long handoff = handedOff(contact);

        Document page = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        Element reason = page.getElementById("handoff-" + handoff + "-reason");
        assertThat(reason.select("option[selected]").eachAttr("value")).as("no reason chosen for the rep")
                .containsExactly("");
        assertThat(reason.hasAttr("required")).isTrue();
        assertThat(page.getElementById("handoff-" + handoff + "-readyOn").attr("type")).isEqualTo("date");
        assertThat(page.getElementById("alerts").text()).as("how the rep was chosen, in words")
                .contains("(the contact's owner)").doesNotContain("OWNER");
        assertThat(page.select("#alerts a[href=/ui/contacts/" + contact + "]").eachText()).as("a link named by its contact")
                .containsOnly("Budget");

        java.time.LocalDate readyOn = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusMonths(6);
        Document rejected = page(team.as(bob, post("/ui/handoffs/" + handoff + "/reject").header("HX-Request", "true")
                .param("reason", "NO_BUDGET").param("readyOn", readyOn.toString())).andReturn().getResponse());

        assertThat(rejected.getElementById("action-done").text()).isEqualTo("Rejected: Budget goes back to nurture;"
                + " we ask again on " + readyOn.format(java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy",
                        java.util.Locale.ENGLISH)) + ".");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).at("/readiness/readyOn").asString())
                .isEqualTo(readyOn.toString());
        String timeline = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse())
                .getElementById("timeline").text();
        assertThat(timeline).as("the rep once, by name, and the reason in words")
                .containsOnlyOnce("Hand-off rejected by Bob: no budget").doesNotContain("NO_BUDGET", "by Bob-");
    }

    @Test
    void rejectingTheWrongPersonSaysTheContactIsDisqualifiedNotBackToMarketing() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Intern", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("intern"), bob));
        long handoff = handedOff(contact);

        Document rejected = page(team.as(bob, post("/ui/handoffs/" + handoff + "/reject").header("HX-Request", "true")
                .param("reason", "WRONG_PERSON")).andReturn().getResponse());

        assertThat(rejected.getElementById("action-done").text())
                .isEqualTo("Rejected: Intern is disqualified (not the person to talk to) and gets no more nurturing.");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).get("stage").asString())
                .isEqualTo("DISQUALIFIED");
    }

    private JsonNode entryOf(long rep, long task) throws Exception {
        for (JsonNode entry : json(team.get(rep, "/api/v1/tasks?assignee=me&all=true&limit=500")).get("items")) {
            if (entry.at("/task/id").asLong() == task) {
                return entry;
            }
        }
        throw new AssertionError("task " + task + " is not in the queue");
    }

    /** The next Wednesday at this hour UTC (15:00 is within calling hours in UTC and in New York). */
    private void weekdayAt(int hour) {
        java.time.LocalDate day = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate()
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.WEDNESDAY));
        clock.set(day.atTime(hour, 0).toInstant(java.time.ZoneOffset.UTC));
    }

    @Test
    void aTaskNobodyHasShowsOnTheContactAndInEveryonesDayUntilARepTakesIt() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Orphan", "timeZone": "UTC"}""".formatted(uniqueEmail("orphan")));
        // As a trigger's "create a task" leaves it for a contact without an owner.
        long task = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the renewal quote", null,
                clock.instant(), 100));

        Document contactPage = page(team.as(ann, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(contactPage.getElementById("open-tasks").text()).contains("Send the renewal quote", "nobody has it yet");
        Document day = page(team.as(ann, get("/ui/my-day")).andReturn().getResponse());
        assertThat(day.getElementById("nobodys-" + task).text()).contains("Send the renewal quote", "Orphan");

        Document taken = page(team.as(ann, post("/ui/tasks/" + task + "/take").header("HX-Request", "true"))
                .andReturn().getResponse());

        assertThat(taken.getElementById("action-done").text()).contains("in your day");
        assertThat(taken.getElementById("nobodys-" + task)).as("no longer nobody's").isNull();
        assertThat(tasks.get(task).assigneeId()).isEqualTo(ann);
        team.get(bob, "/api/v1/tasks/" + task).andExpect(status().isForbidden());
        assertThat(json(api.get("/api/v1/tasks/history?assignee=none&limit=500")).get("items").findValuesAsString("title"))
                .as("nobody's history holds nobody's tasks only").doesNotContain("Send the renewal quote");
    }

    @Test
    void marketingGivesATaskNobodyHasToARepOnTheContactPageAndARepCannotTakeAnothersTask() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Unowned", "timeZone": "UTC"}""".formatted(uniqueEmail("unowned")));
        long task = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Ask about the pilot", null,
                clock.instant(), 50));

        long mia = team.user("Mia", "MARKETER", uniqueEmail("mia"));
        Document given = page(team.as(mia, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(given.getElementById("assignee-" + task).select("option").eachText()).contains("Bob");
        team.as(mia, post("/ui/contacts/" + contact + "/tasks/assign").param("task", String.valueOf(task))
                        .param("assigneeId", String.valueOf(bob)))
                .andExpect(status().is3xxRedirection());

        assertThat(tasks.get(task).assigneeId()).isEqualTo(bob);
        Document page = page(team.as(ann, post("/ui/contacts/" + contact + "/tasks/assign")
                .param("task", String.valueOf(task)).header("HX-Request", "true")).andReturn().getResponse());
        assertThat(page.getElementById("open-tasks-error").text()).contains("someone took it first");
        assertThat(tasks.get(task).assigneeId()).isEqualTo(bob);
    }

    @Test
    void marketingReassignsARepsTaskToAnotherRepWhoIsInOnTheContactPageAndARepCannot() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Held", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("held"), ann));
        long task = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the pilot terms", null,
                clock.instant(), 50));
        long mia = team.user("Mia", "MARKETER", uniqueEmail("mia-reassign"));
        long cleo = team.rep("Cleo");
        team.away(cleo, true);

        Document shown = page(team.as(mia, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(shown.getElementById("assignee-" + task).select("option").eachText()).as("not Ann's again, nor to one away")
                .contains("Bob").doesNotContain("Ann", "Cleo");
        assertThat(shown.getElementById("assign-" + task).text()).isEqualTo("Reassign");
        Document given = page(team.as(mia, post("/ui/contacts/" + contact + "/tasks/assign").header("HX-Request", "true")
                .param("task", String.valueOf(task)).param("assigneeId", String.valueOf(bob))).andReturn().getResponse());

        assertThat(given.getElementById("open-tasks-done").text()).isEqualTo("Task 'Send the pilot terms' is now Bob's");
        assertThat(given.getElementById("task-due-" + task).text()).contains("with Bob");
        assertThat(tasks.get(task).assigneeId()).isEqualTo(bob);
        Document away = page(team.as(mia, post("/ui/contacts/" + contact + "/tasks/assign").header("HX-Request", "true")
                .param("task", String.valueOf(task)).param("assigneeId", String.valueOf(cleo))).andReturn().getResponse());
        assertThat(away.getElementById("open-tasks-error").text()).contains("is away: give the task to a rep who is in");
        assertThat(tasks.get(task).assigneeId()).isEqualTo(bob);

        Document asAnn = page(team.as(ann, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(asAnn.getElementById("assign-" + task)).as("a rep gives no task").isNull();
        assertThat(asAnn.getElementById("take-" + task)).as("and takes only nobody's").isNull();
        Document refused = page(team.as(ann, post("/ui/contacts/" + contact + "/tasks/assign").header("HX-Request", "true")
                .param("task", String.valueOf(task))).andReturn().getResponse());
        assertThat(refused.getElementById("open-tasks-error").text()).contains("someone took it first");
        assertThat(tasks.get(task).assigneeId()).isEqualTo(bob);
    }

    @Test
    void aNobodysTaskGoesToTheOwnerTheContactGetsAndMarketingGivesNoneToAnAwayRep() throws Exception {
        long bobs = api.createContact("""
                {"email": "%s", "firstName": "Bobs", "timeZone": "UTC"}""".formatted(uniqueEmail("bobs")));
        long left = tasks.create(new Tasks.NewTask(bobs, null, TaskKind.FOLLOW_UP, "Left on Bob's", null,
                clock.instant(), 100));

        api.patch("/api/v1/contacts/" + bobs, "{\"owner\": \"" + bob + "\"}").andExpect(status().isOk());

        assertThat(tasks.get(left).assigneeId()).as("the new owner's now").isEqualTo(bob);
        Document refused = page(team.as(ann, post("/ui/tasks/" + left + "/take").header("HX-Request", "true"))
                .andReturn().getResponse());
        assertThat(refused.getElementById("action-error").text()).contains("someone took it first");
        assertThat(tasks.get(left).assigneeId()).isEqualTo(bob);

        long unowned = api.createContact("""
                {"email": "%s", "firstName": "Free", "timeZone": "UTC"}""".formatted(uniqueEmail("free")));
        long orphan = tasks.create(new Tasks.NewTask(unowned, null, TaskKind.FOLLOW_UP, "Nobody's yet", null,
                clock.instant(), 100));
        team.away(ann, true);
        long mia = team.user("Mia", "MARKETER", uniqueEmail("mia-away"));
        team.as(mia, post("/api/v1/tasks/" + orphan + "/assign").contentType("application/json")
                .content("{\"assigneeId\": " + ann + "}")).andExpect(status().isBadRequest());
        assertThat(tasks.get(orphan).assigneeId()).isNull();
    }

    @Test
    void aTaskTakenBeforeItIsDueWaitsInTheDayUnderLaterRatherThanVanishing() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Soon", "timeZone": "UTC"}""".formatted(uniqueEmail("soon")));
        long task = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the case study", null,
                clock.instant().plus(java.time.Duration.ofHours(4)), 50));

        Document taken = page(team.as(ann, post("/ui/tasks/" + task + "/take").header("HX-Request", "true"))
                .andReturn().getResponse());

        assertThat(taken.getElementById("later-" + task).text()).contains("Send the case study", "Soon");
    }

    @Test
    void aFollowUpDueBeforeTodaySaysItIsOverdueAndSinceWhenAndOneDueTodayDoesNot() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Late", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("late"), ann));
        java.time.Instant threeDaysAgo = clock.instant().minus(java.time.Duration.ofDays(3));
        long late = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the quote", null,
                threeDaysAgo, 50));
        long today = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the deck", null,
                clock.instant(), 50));

        Document day = page(team.as(ann, get("/ui/my-day")).andReturn().getResponse());

        assertThat(day.getElementById("overdue-" + late).text()).isEqualTo("· overdue since " + io.keepwarm.platform.Days
                .brief(threeDaysAgo.atZone(settings.zone()).toLocalDate(), clock.instant().atZone(settings.zone()).toLocalDate()));
        assertThat(day.getElementById("task-" + today)).isNotNull();
        assertThat(day.getElementById("overdue-" + today)).isNull();
    }

    @Test
    void tasksForLaterSayTheirDayAsTheReadmeWritesItAndOnesDueBeforeTodaySayTheyAreOverdue() throws Exception {
        // A Friday in the first days of December: last Tuesday was in November, a Tuesday in December and one in
        // January are ahead.
        java.time.LocalDate friday = clock.advanceToNextDay(day -> day.getDayOfWeek() == java.time.DayOfWeek.FRIDAY
                && day.getMonth() == java.time.Month.DECEMBER && day.getDayOfMonth() <= 3, java.time.LocalTime.NOON,
                java.time.ZoneOffset.UTC)
                .atZone(java.time.ZoneOffset.UTC).toLocalDate();
        java.time.LocalDate inDecember = friday.plusDays(11);
        java.time.LocalDate inJanuary = friday.plusDays(32);
        java.time.LocalDate inNovember = friday.minusDays(3);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Dated", "timeZone": "America/New_York"}""".formatted(uniqueEmail("dated")));
        long december = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the December quote", null,
                inDecember.atTime(16, 0).toInstant(java.time.ZoneOffset.UTC), 50));
        long january = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the January quote", null,
                inJanuary.atTime(16, 0).toInstant(java.time.ZoneOffset.UTC), 50));
        long late = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the late quote", null,
                inNovember.atTime(15, 0).toInstant(java.time.ZoneOffset.UTC), 50));
        long nobodys = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the price list", null,
                inNovember.atTime(15, 0).toInstant(java.time.ZoneOffset.UTC), 100));
        var dayAndMonth = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM", java.util.Locale.ENGLISH);
        String tuesdayInDecember = dayAndMonth.format(inDecember);
        String tuesdayInNovember = dayAndMonth.format(inNovember);

        Document day = page(team.as(ann, get("/ui/my-day")).andReturn().getResponse());

        assertThat(day.getElementById("later-" + december).text()).startsWith(tuesdayInDecember + ", 11:00 their time");
        assertThat(day.getElementById("later-" + january).text()).as("the year said as it is not this one")
                .startsWith(dayAndMonth.format(inJanuary) + " " + inJanuary.getYear() + ", 11:00 their time");
        assertThat(day.getElementById("overdue-" + late).text()).isEqualTo("· overdue since " + tuesdayInNovember);
        assertThat(day.getElementById("nobodys-" + nobodys).text())
                .startsWith("overdue since " + tuesdayInNovember + ", 10:00 their time");
        Document bobs = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        assertThat(bobs.getElementById("shared-" + nobodys).text())
                .contains("Send the late quote, overdue since " + tuesdayInNovember + ", 10:00 their time")
                .contains("Send the December quote, due " + tuesdayInDecember + ", 11:00 their time");
    }

    @Test
    void aRepWhoTakesATaskOfAnUnownedLeadAnotherRepHoldsATaskOfIsWarnedOnTheirDayAndTheContactPage() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Shared", "lastName": "Lead", "phone": "+49 30 1234567", "timeZone": "UTC"}"""
                .formatted(uniqueEmail("shared")));
        long annsTask = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the case study", null,
                clock.instant(), 50));
        long nobodys = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the price list", null,
                clock.instant(), 50));

        Document before = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        assertThat(before.getElementById("shared-" + nobodys).text()).as("before taking it")
                .startsWith("Also working this contact: Ann (Send the case study, due ");
        team.as(bob, post("/ui/tasks/" + nobodys + "/take")).andExpect(status().is3xxRedirection());

        Document day = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        assertThat(day.getElementById("shared-" + nobodys).text()).contains("Ann (Send the case study, due ")
                .endsWith("their time). Agree who calls before you do.");
        Document annsDay = page(team.as(ann, get("/ui/my-day")).andReturn().getResponse());
        assertThat(annsDay.getElementById("shared-" + annsTask).text()).contains("Bob (Send the price list");
        Document contactPage = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(contactPage.getElementById("shared-tasks").text())
                .isEqualTo("Ann and Bob each hold an open task on this contact: agree who calls before either does.");
    }

    @Test
    void twoFollowUpsNobodyHasOfOneContactReadApartByWhatEachAsksOnTheContactPageAndMyDay() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Twice", "phone": "+49 30 1234567", "timeZone": "UTC"}"""
                .formatted(uniqueEmail("twice")));
        // Titled by their kind, the text in the context, as a program's task steps made them before their text was the
        // title.
        long pricing = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, null,
                "Call about the pricing page", clock.instant(), 0));
        long study = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, null,
                "Send the case study they asked for", clock.instant(), 0));

        Document contactPage = page(team.as(ann, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(contactPage.getElementById("task-context-" + pricing).text()).isEqualTo("Call about the pricing page");
        assertThat(contactPage.getElementById("task-due-" + pricing).text()).as("not 'Follow-up Follow-up'")
                .startsWith("due ");
        assertThat(contactPage.getElementById("task-context-" + study).text())
                .isEqualTo("Send the case study they asked for");
        Document day = page(team.as(ann, get("/ui/my-day")).andReturn().getResponse());
        assertThat(day.getElementById("nobodys-" + pricing).text()).contains("Call about the pricing page");
        assertThat(day.getElementById("nobodys-" + study).text()).contains("Send the case study they asked for");
    }

    @Test
    void aProgramsTaskStepIsTitledByItsTextsFirstLineAndSaysItOnceOnMyDayAndTheContactPage() throws Exception {
        long contact = bobsToCallToday("Renewal");
        long task = bobsProgramTask(contact, "renewal",
                "Ask about the renewal\\nThey mentioned a budget review in March.");

        Document day = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        Element card = day.getElementById("task-" + task);
        assertThat(card.selectFirst("header strong").text()).isEqualTo("Ask about the renewal");
        assertThat(day.getElementById("context-" + task).text()).isEqualTo("They mentioned a budget review in March.");
        assertThat(card.text().split("Ask about the renewal", -1)).as("said once").hasSize(2);
        Document contactPage = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse());
        String open = contactPage.getElementById("open-tasks").text();
        assertThat(open).contains("Ask about the renewal", "Follow-up, due", "They mentioned a budget review in March.");
        assertThat(open.split("Ask about the renewal", -1)).as("said once").hasSize(2);
    }

    @Test
    void aProgramsTaskGoesToTheOwnerAMarketerPicksOnTheContactPageAndTheTaskMadeForBobStaysInHisDay() throws Exception {
        long contact = bobsToCallToday("Passed");
        long step = bobsProgramTask(contact, "passed", "Ask about the pilot");
        long own = tasks.create(new Tasks.NewTask(contact, bob, TaskKind.FOLLOW_UP, "Send the pilot terms", null,
                clock.instant(), 50));
        long mia = team.user("Mia", "MARKETER", uniqueEmail("mia-owner"));

        Map<String, String> form = new LinkedHashMap<>();
        Document edit = page(team.as(mia, get("/ui/contacts/" + contact + "/edit")).andReturn().getResponse());
        for (Element field : edit.select("#contact-form input[name], #contact-form select[name]")) {
            Element chosen = field.selectFirst("option[selected]");
            form.put(field.attr("name"), field.tagName().equals("select") ? (chosen == null ? "" : chosen.val())
                    : field.val());
        }
        form.remove("_csrf");
        form.put("fields[owner]", String.valueOf(ann));
        var save = post("/ui/contacts/" + contact);
        form.forEach(save::param);
        team.as(mia, save).andExpect(status().is3xxRedirection());

        Document annsDay = page(team.as(ann, get("/ui/my-day")).andReturn().getResponse());
        assertThat(annsDay.select("#task-" + step).text()).as("in Ann's day").contains("Ask about the pilot", "Passed");
        Document bobsDay = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        assertThat(bobsDay.getElementById("task-" + step)).as("no longer Bob's").isNull();
        assertThat(bobsDay.select("#task-" + own).text()).contains("Send the pilot terms");
    }

    @Test
    void aProgramsTaskStepShowsTheContactsNameAndLeaseExpiryOnMyDayAndSaysWhatTheContactLacks() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Nia", "phone": "+49 30 1234567", "timeZone": "UTC", "owner": "%d",
                 "attributes": {"lease_expiry": "2027-03-04"}}""".formatted(uniqueEmail("nia"), bob));
        long task = bobsProgramTask(contact, "lease",
                "Call {{ contact.first_name }} about the guide\\nLease ends {{ contact.lease_expiry }} at {{ company.name }}.");

        assertThat(tasks.get(task).title()).isEqualTo("Call Nia about the guide");
        Document day = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse());
        // The card names the contact beside the title, which then leaves the name out ("Call about the guide").
        assertThat(day.getElementById("task-" + task).text()).contains("Nia", "about the guide");
        assertThat(day.getElementById("context-" + task).text())
                .isEqualTo("Lease ends 4 March 2027 at (no company name).");
        assertThat(day.text()).doesNotContain("{{");
    }

    @Test
    void aProgramsTaskStepNamingAnUnknownVariableIsRefusedAtSaveBesideItsText() throws Exception {
        api.post("/api/v1/programs", """
                {"name": "typo %s", "kind": "SEQUENCE", "steps": [{"type": "task",
                  "text": "Call {{ contact.frist_name }}"}, {"type": "task", "text": "Send {{ links.unsubscribe_url }}"}]}"""
                .formatted(ann)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("steps[0].text"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "'contact.frist_name' is not a variable")))
                .andExpect(jsonPath("$.errors[1].field").value("steps[1].text"))
                .andExpect(jsonPath("$.errors[1].message").value(org.hamcrest.Matchers.containsString("of a task")));
    }

    @Test
    void aRepAloneOnAContactSeesNoWarningOfOthers() throws Exception {
        weekdayAt(15);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Solo", "phone": "+49 30 1234567", "timeZone": "UTC"}"""
                .formatted(uniqueEmail("solo")));
        long task = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the case study", null,
                clock.instant(), 50));
        tasks.create(new Tasks.NewTask(contact, ann, TaskKind.CALL_BACK, "Call back", null, clock.instant(), 50));

        assertThat(page(team.as(ann, get("/ui/my-day")).andReturn().getResponse()).getElementById("shared-" + task))
                .isNull();
        assertThat(page(team.as(ann, get("/ui/contacts/" + contact)).andReturn().getResponse())
                .getElementById("shared-tasks")).isNull();
    }

    private MockHttpServletResponse asAnn(String path, String outcome) throws Exception {
        return team.as(ann, post(path).header("HX-Request", "true").param("outcome", outcome)).andReturn().getResponse();
    }

    private static Document page(MockHttpServletResponse response) throws Exception {
        return Jsoup.parse(response.getContentAsString());
    }

    @Test
    void aStandInsDayShowsTheCallByWhatItIsAboutTheScriptInTheirNameAndTheirLoggedCallAsTheirs() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Vera", "phone": "+49 30 7654321", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("vera"), ann));
        clock.advanceToNext(java.time.DayOfWeek.WEDNESDAY, java.time.LocalTime.of(15, 0));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = json(api.post("/api/v1/content", """
                {"name": "Cooling check-in %s", "type": "CALL_SCRIPT", "status": "LIVE",
                 "fallbacks": {"contact.first_name": "there", "caller.name": "a colleague", "owner.name": "your account manager"},
                 "variants": {"phone": {"script": "Hi {{ contact.first_name }}, {{ caller.name }} here, for {{ owner.name }}."}}}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        long program = api.activeProgram("""
                {"name": "Winter nurture %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "PHONE"}]}"""
                .formatted(run, piece));
        // Asleep in Tokyo (midnight there): Ann's call for later, titled in her list, its script shown nowhere.
        long asleep = api.createContact("""
                {"email": "%s", "firstName": "Yuki", "phone": "+81 3 1234 5678", "timeZone": "Asia/Tokyo", "owner": "%d"}"""
                .formatted(uniqueEmail("yuki"), ann));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + ", " + asleep + "]}")
                .andExpect(status().isOk());
        engine.tick();
        engine.tick();
        long task = tasks.nextCall(contact).orElseThrow().id();
        long later = tasks.nextCall(asleep).orElseThrow().id();
        Element laterRow = page(team.as(ann, get("/ui/my-day")).andReturn().getResponse()).getElementById("later-" + later);
        assertThat(laterRow.text()).contains("Call: Cooling check-in " + run + " (Winter nurture " + run + ")")
                .doesNotContain("Hi Yuki");
        // Ann is away this week: Bob stands in for her call.
        api.post("/api/v1/tasks/" + task + "/assign", "{\"assigneeId\": " + bob + "}").andExpect(status().isOk());

        Element entry = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse()).getElementById("task-" + task);
        assertThat(entry.selectFirst("header strong").text())
                .isEqualTo("Call: Cooling check-in " + run + " (Winter nurture " + run + ")");
        assertThat(entry.select("#script-" + task + " pre").text()).isEqualTo("Hi Vera, Bob here, for Ann.");
        assertThat(entry.getElementById("script-note-" + task)).isNull();
        Document contactPage = page(team.as(bob, get("/ui/contacts/" + contact)).andReturn().getResponse());
        assertThat(contactPage.select("#task-script-" + task + " pre").text()).isEqualTo("Hi Vera, Bob here, for Ann.");

        api.as(io.keepwarm.identity.Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/content/" + piece).contentType("application/json").content("""
                        {"name": "Cooling check-in %s", "type": "CALL_SCRIPT", "status": "LIVE",
                         "variants": {"email": {"subject": "Checking in", "html": "<p>How is the cooling?</p>"}}}"""
                        .formatted(run))).andExpect(status().isOk());
        Element unfilled = page(team.as(bob, get("/ui/my-day")).andReturn().getResponse()).getElementById("task-" + task);
        assertThat(unfilled.getElementById("script-note-" + task).text()).isEqualTo("The script as written when the"
                + " call was made: it could not be filled in for Bob now (it has no call script version).");
        assertThat(unfilled.select("#script-" + task + " pre").text()).as("as made, for Ann")
                .isEqualTo("Hi Vera, Ann here, for Ann.");

        team.as(bob, post("/ui/tasks/" + task + "/outcome").header("HX-Request", "true").param("outcome", "NO_ANSWER"))
                .andExpect(status().isOk());
        JsonNode logged = json(api.get("/api/v1/contacts/" + contact + "/activities?type=CALL_OUTCOME")).at("/items/0");
        assertThat(logged.get("actor").asString()).as("Bob called, not Ann")
                .isEqualTo(json(api.get("/api/v1/users/" + bob)).get("username").asString());
    }

    /** Bob's task that a one-step program (a task step of this text) made for his contact, once the engine ran it. */
    private long bobsProgramTask(long contact, String name, String text) throws Exception {
        long program = json(api.post("/api/v1/programs", """
                {"name": "%s %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "%s"}]}"""
                .formatted(name, contact, text)).andExpect(status().isCreated())).get("id").asLong();
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().isOk());
        engine.tick();
        engine.tick();
        long task = 0;
        for (JsonNode entry : json(team.get(bob, "/api/v1/tasks?assignee=me&all=true&limit=500")).get("items")) {
            task = entry.at("/task/contactId").asLong() == contact ? entry.at("/task/id").asLong() : task;
        }
        assertThat(task).as("the program's task, Bob's").isPositive();
        return task;
    }

    /** Moves the contact to MQL, which hands it off to its owner; the hand-off's id. */
    private long handedOff(long contact) throws Exception {
        return handoffOf(contact).get("id").asLong();
    }

    /** Moves the contact to MQL and answers its hand-off as the API gives it. */
    private JsonNode handoffOf(long contact) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        return json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0);
    }

    /** A contact of Bob's with a phone, in UTC, on a Wednesday at 15:00 UTC: within the hours they may be called. */
    private long bobsToCallToday(String firstName) throws Exception {
        return team.contactToCallToday(bob, firstName, "+49 30 1234567", clock);
    }
}
