package io.keepwarm.delivery;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class TaskQueueTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired Tasks tasks;
    @Autowired Engine engine;
    @Autowired JdbcClient jdbc;

    private SalesTeam team;
    private long rep;
    private final List<Long> made = new ArrayList<>();

    /** Away, so the hand-off job and other tests' leads pass the reps a test made by. */
    @org.junit.jupiter.api.AfterEach
    void madeRepsAway() throws Exception {
        for (long made : made) {
            team.away(made, true);
        }
    }

    @BeforeEach
    void aRep() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Queue");
    }

    @Test
    void theQueueHoldsOnlyContactsWithinCallingHoursInTheirOwnZone() throws Exception {
        Instant evening = at(18, 0);
        long phoenix = contact("phoenix", "America/Phoenix");
        long london = contact("utc", "UTC");
        long tokyo = contact("tokyo", "Asia/Tokyo");
        long kolkata = contact("kolkata", "Asia/Kolkata");
        for (long contact : List.of(phoenix, london, tokyo, kolkata)) {
            task(contact, evening, 0);
        }

        assertThat(contacts(queue(false))).as("11:00 in Phoenix, 18:00 in UTC; 03:00 in Tokyo, 23:30 in Kolkata")
                .containsExactly(phoenix, london);
        List<JsonNode> all = queue(true);
        assertThat(contacts(all)).containsExactly(phoenix, london, tokyo, kolkata);
        JsonNode asleep = all.get(2);
        assertThat(asleep.get("callableNow").asBoolean()).isFalse();
        assertThat(asleep.at("/contact/localTime").asString()).endsWith("T03:00:00");
        assertThat(Instant.parse(asleep.get("callableFrom").asString())).as("08:00 in Tokyo").isEqualTo(evening.plus(Duration.ofHours(5)));
        assertThat(Instant.parse(all.get(3).get("callableFrom").asString())).as("08:00 in Kolkata")
                .isEqualTo(evening.plus(Duration.ofHours(8).plusMinutes(30)));
        assertThat(all.get(0).get("callableFrom").isNull()).isTrue();

        clock.set(evening.plus(Duration.ofHours(5)));
        assertThat(contacts(queue(false))).as("16:00 in Phoenix, 08:00 in Tokyo; 23:00 in UTC, 04:30 in Kolkata")
                .containsExactly(phoenix, tokyo);
    }

    @Test
    void theQueueComesAPageAtATimeAndItsNextCursorsReadEveryTaskOnceInQueueOrderThoughTasksFallDueMeanwhile()
            throws Exception {
        Instant morning = at(10, 0);
        long contact = contact("paged", "UTC");
        // Due now and due later, with equal priorities and due times in both parts, so that pages end between equals.
        record Made(long id, Instant due, int priority) {}
        List<Made> made = new ArrayList<>();
        for (int n = 0; n < 9; n++) {
            for (Instant due : List.of(morning.minus(Duration.ofMinutes(n % 3)), morning.plus(Duration.ofHours(1 + n % 3)))) {
                made.add(new Made(tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Follow up " + n,
                        null, due, n % 2 * 50)), due, n % 2 * 50));
            }
        }
        List<Long> queueOrder = made.stream().sorted(java.util.Comparator
                .comparing((Made m) -> m.due().isAfter(morning))
                .thenComparing(m -> m.due().isAfter(morning) ? 0 : -m.priority())
                .thenComparing(Made::due).thenComparing(m -> -m.priority()).thenComparing(Made::id))
                .map(Made::id).toList();

        List<Long> read = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(team.get(rep, "/api/v1/tasks?assignee=me&all=true&limit=4"
                    + (cursor == null ? "" : "&cursor=" + cursor)).andExpect(status().isOk()));
            assertThat(page.get("items").size()).isLessThanOrEqualTo(4);
            page.get("items").forEach(e -> read.add(e.at("/task/id").asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            // Between the second page and the third, the tasks due in an hour and in two fall due.
            if (pages++ == 1) {
                clock.set(morning.plus(Duration.ofHours(2)));
            }
        } while (cursor != null);

        assertThat(read).as("each once, in the order of the first page's moment").isEqualTo(queueOrder);
        assertThat(pages).isEqualTo(5);
        assertThat(ids(queue(true))).as("a first page read now puts the tasks fallen due among the due ones")
                .isNotEqualTo(queueOrder).containsExactlyInAnyOrderElementsOf(queueOrder);
    }

    @Test
    void aQueueCursorThisApiDidNotHandOutIsA400NamingTheCursor() throws Exception {
        for (String cursor : List.of("nonsense", "aWQ6MTI", java.util.Base64.getUrlEncoder().encodeToString(
                "q:1.0:2:1.0:0:5:0".getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            team.get(rep, "/api/v1/tasks?assignee=me&cursor=" + cursor).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.status").value(400))
                    .andExpect(jsonPath("$.errors[0].field").value("cursor"))
                    .andExpect(jsonPath("$.errors[0].message").value("is not a cursor of this queue: use nextCursor as"
                            + " the previous page gave it, or leave it out for the first page"));
        }
    }

    @Test
    void aCallBookedForLaterIsNotCallableNowAndOpensAtItsDueTimeOrTheFirstCallingHourAfter() throws Exception {
        Instant morning = at(10, 0);
        long booked = contact("booked", "UTC");
        long early = contact("early", "UTC");
        task(booked, morning.plus(Duration.ofDays(30)).plus(Duration.ofHours(3)), 0);
        task(early, morning.plus(Duration.ofDays(30)).minus(Duration.ofHours(4)), 0);

        List<JsonNode> all = queue(true);
        JsonNode later = all.stream().filter(e -> e.at("/contact/id").asLong() == booked).findFirst().orElseThrow();
        assertThat(later.get("callableNow").asBoolean()).as("due in a month, though it is 10:00 there").isFalse();
        assertThat(Instant.parse(later.get("callableFrom").asString())).as("13:00 on its day")
                .isEqualTo(morning.plus(Duration.ofDays(30)).plus(Duration.ofHours(3)));
        JsonNode dawn = all.stream().filter(e -> e.at("/contact/id").asLong() == early).findFirst().orElseThrow();
        assertThat(Instant.parse(dawn.get("callableFrom").asString())).as("due 06:00, calling hours open at 08:00")
                .isEqualTo(morning.plus(Duration.ofDays(30)).minus(Duration.ofHours(2)));
        assertThat(contacts(queue(false))).as("neither is due").doesNotContain(booked, early);
    }

    @Test
    void callingHoursFollowTheContactsClockAcrossADaylightSavingChange() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        var change = berlin.getRules().nextTransition(clock.instant().plus(Duration.ofDays(3)));
        Instant before = change.getInstant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).plus(Duration.ofMinutes(390));
        Instant after = change.getInstant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofMinutes(390));
        long contact = contact("berlin", "Europe/Berlin");
        task(contact, before, 0);

        clock.set(before);
        boolean callableBefore = contacts(queue(false)).contains(contact);
        clock.set(after);
        boolean callableAfter = contacts(queue(false)).contains(contact);

        // 06:30 UTC is 07:30 in Berlin in winter (too early) and 08:30 in summer (fine).
        assertThat(callableBefore).isEqualTo(!before.atZone(berlin).toLocalTime().isBefore(LocalTime.of(8, 0)));
        assertThat(callableAfter).isEqualTo(!after.atZone(berlin).toLocalTime().isBefore(LocalTime.of(8, 0)));
        assertThat(callableBefore).isNotEqualTo(callableAfter);
    }

    @Test
    void aContactWithPhoneDoNotContactOrWithdrawnPhoneConsentIsNeverCalledFromTheQueue() throws Exception {
        Instant morning = at(10, 0);
        long fine = contact("fine", "UTC");
        long flagged = contact("flagged", "UTC");
        long withdrawn = contact("withdrawn", "UTC");
        api.patch("/api/v1/contacts/" + flagged, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());
        api.post("/api/v1/contacts/" + withdrawn + "/consents", """
                {"channel": "PHONE", "state": "WITHDRAWN", "source": "asked on the phone"}""").andExpect(status().isCreated());
        for (long contact : List.of(fine, flagged, withdrawn)) {
            task(contact, morning, 0);
        }
        long lead = tasks.create(new Tasks.NewTask(flagged, null, TaskKind.HANDOFF, null, null, morning, 0));
        long followUp = tasks.create(new Tasks.NewTask(withdrawn, null, TaskKind.FOLLOW_UP, "Send the case study", null,
                morning, 0));

        assertThat(contacts(queue(false))).containsExactlyInAnyOrder(fine, flagged, withdrawn);
        assertThat(ids(queue(true))).as("no call to either, but the lead to decide and the follow-up to do")
                .contains(lead, followUp).hasSize(3);
        assertThat(queue(false)).allSatisfy(e -> assertThat(e.get("doNotCall").asBoolean())
                .isEqualTo(e.at("/contact/id").asLong() != fine));
    }

    @Test
    void aContactWithoutAPhoneNumberIsNeverCalledFromTheQueueNorFromMyDay() throws Exception {
        Instant morning = at(10, 0);
        long fine = contact("fine", "UTC");
        long numberless = contact("numberless", "UTC");
        long call = task(numberless, morning, 0);
        task(fine, morning, 0);
        long followUp = tasks.create(new Tasks.NewTask(numberless, null, TaskKind.FOLLOW_UP, "Send the case study",
                null, morning, 0));
        // Left open: the number went outside the application, so nothing ended the call.
        jdbc.sql("UPDATE contacts SET phone = NULL WHERE id = ?").param(numberless).update();

        assertThat(ids(queue(true))).as("no call, but the follow-up to do").doesNotContain(call).contains(followUp);
        assertThat(queue(true)).filteredOn(e -> e.at("/contact/id").asLong() == numberless)
                .allSatisfy(e -> assertThat(e.get("doNotCall").asBoolean()).isTrue());
        org.jsoup.nodes.Document day = org.jsoup.Jsoup.parse(team.get(rep, "/ui/my-day").andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(day.getElementById("task-" + call)).as("no call in My day").isNull();
        assertThat(day.select("a[href^=tel:]").eachText()).as("a number to dial only for the callable contact")
                .containsOnly("+1 602 555 0100");
    }

    @Test
    void completingADoneTaskAgainIsA409SayingWhatWasLoggedByWhomAndWhereToLook() throws Exception {
        long contact = contact("twice", "UTC");
        long followUp = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the deck", null,
                clock.instant(), 0));
        api.post("/api/v1/tasks/" + followUp + "/complete", "{\"outcome\": \"DONE\", \"note\": \"sent\"}")
                .andExpect(status().isOk());

        api.post("/api/v1/tasks/" + followUp + "/complete", "{\"outcome\": \"DONE\", \"note\": \"sent\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.currentStatus").value("DONE"))
                .andExpect(jsonPath("$.outcome").value("DONE"))
                .andExpect(jsonPath("$.doneAt").value(tasks.get(followUp).doneAt().toString()))
                .andExpect(jsonPath("$.detail").value("Task " + followUp + " was already completed with outcome DONE by "
                        + tasks.get(followUp).doneBy() + " at " + tasks.get(followUp).doneAt() + " (sent); nothing was"
                        + " logged this time: GET /api/v1/tasks/" + followUp + " shows what was, and GET"
                        + " /api/v1/tasks?all=true the open tasks"));
    }

    @Test
    void aFollowUpIsNoCallAndWaitsForNoCallingHours() throws Exception {
        Instant night = at(23, 0);
        long contact = contact("night", "UTC");
        long call = task(contact, night, 0);
        long followUp = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the proposal", null,
                night, 0));

        assertThat(ids(queue(false))).containsExactly(followUp);
        assertThat(ids(queue(true))).containsExactlyInAnyOrder(call, followUp);
        assertThat(List.of(TaskKind.values())).filteredOn(TaskKind::call)
                .containsExactly(TaskKind.CALL, TaskKind.READINESS_CHECK, TaskKind.HANDOFF, TaskKind.FIRST_CALL,
                        TaskKind.CALL_BACK);
    }

    @Test
    void aContactWhoseZoneAndCountryAreUnknownIsNeverCallableButTheirFollowUpIsDone() throws Exception {
        // 14:00 US Eastern in winter, when a US contact of unknown zone is called: no help to one of no country.
        winterWeekdayInNewYork(14);
        long contact = contact("nowhere", "UTC");
        jdbc.sql("UPDATE contacts SET time_zone = 'Atlantis/Poseidonia' WHERE id = ?").param(contact).update();
        long none = contact("nozone", "UTC");
        jdbc.sql("UPDATE contacts SET time_zone = NULL WHERE id = ?").param(none).update();
        long call = task(contact, clock.instant(), 0);
        long noneCall = task(none, clock.instant(), 0);
        long followUp = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Ask for their zone", null,
                clock.instant(), 0));

        assertThat(ids(queue(false))).as("19:00 in UTC, but their evening could be midnight").containsExactly(followUp);
        for (long never : List.of(call, noneCall)) {
            JsonNode waiting = entry(queue(true), never);
            assertThat(waiting.get("callableNow").asBoolean()).isFalse();
            assertThat(waiting.get("callableFrom").isNull()).as("no hour is within calling hours in every zone").isTrue();
            assertThat(waiting.at("/contact/localTime").isNull()).isTrue();
        }
    }

    @Test
    void aUsContactOfUnknownZoneIsCalledOnlyWhileCallingHoursHoldOnEveryClockOfTheUsFromHonolulusEightOClock()
            throws Exception {
        // 09:00 US Eastern on a winter weekday is 04:00 in Honolulu.
        Instant morning = winterWeekdayInNewYork(9);
        long contact = usContactWithoutZone("states");
        long call = task(contact, morning, 0);

        assertThat(ids(queue(false))).as("Honolulu is asleep").doesNotContain(call);
        JsonNode waiting = entry(queue(true), call);
        assertThat(waiting.at("/contact/timeZone").isNull()).as("no state: no zone").isTrue();
        assertThat(waiting.get("callableNow").asBoolean()).isFalse();
        assertThat(Instant.parse(waiting.get("callableFrom").asString())).as("13:00 Eastern, 08:00 in Honolulu")
                .isEqualTo(morning.atZone(NEW_YORK).withHour(13).toInstant());

        clock.set(morning.atZone(NEW_YORK).withHour(14).toInstant());
        assertThat(ids(queue(false))).as("14:00 Eastern, 09:00 in Honolulu, 15:00 in Puerto Rico").contains(call);
        JsonNode callable = entry(queue(false), call);
        assertThat(callable.get("callableNow").asBoolean()).isTrue();
        assertThat(callable.get("callableFrom").isNull()).isTrue();

        clock.set(morning.atZone(NEW_YORK).withHour(20).withMinute(30).toInstant());
        assertThat(ids(queue(false))).as("20:30 Eastern is 21:30 in Puerto Rico").doesNotContain(call);
        assertThat(Instant.parse(entry(queue(true), call).get("callableFrom").asString())).as("13:00 Eastern tomorrow")
                .isEqualTo(morning.atZone(NEW_YORK).plusDays(1).withHour(13).toInstant());
    }

    @Test
    void aCallBackForAUsContactOfUnknownZoneIsRefusedOutsideTheHoursEveryUsClockSharesAndBookedWithinThem()
            throws Exception {
        Instant afternoon = winterWeekdayInNewYork(14);
        long contact = usContactWithoutZone("callback");
        long call = task(contact, afternoon, 0);
        // 10:00 Eastern tomorrow is 05:00 in Honolulu; their day counts on Phoenix's clock, where it is 08:00.
        Instant tomorrowMorning = afternoon.atZone(NEW_YORK).plusDays(1).withHour(10).toInstant();

        JsonNode problem = json(team.as(rep, MockMvcRequestBuilders.post("/api/v1/tasks/" + call + "/complete")
                .contentType("application/json").content("""
                        {"outcome": "NO_ANSWER", "callBackAt": "%s"}""".formatted(tomorrowMorning)))
                .andExpect(status().isBadRequest()));

        Instant opens = afternoon.atZone(NEW_YORK).plusDays(1).withHour(13).toInstant();
        assertThat(problem.toString()).contains("callBackAt", "outside calling hours (08:00–21:00) on some clock of US",
                "such as " + opens.atZone(ZoneId.of("America/Phoenix")).toLocalDateTime() + " America/Phoenix");
        assertThat(tasks.get(call).status()).isEqualTo(Task.Status.OPEN);

        Instant tomorrowAfternoon = afternoon.atZone(NEW_YORK).plusDays(1).withHour(15).toInstant();
        team.as(rep, MockMvcRequestBuilders.post("/api/v1/tasks/" + call + "/complete").contentType("application/json")
                .content("""
                        {"outcome": "NO_ANSWER", "callBackAt": "%s"}""".formatted(tomorrowAfternoon)))
                .andExpect(status().isOk());
        assertThat(tasks.callBackOf(contact).orElseThrow().dueAt()).as("15:00 Eastern: 10:00 in Honolulu")
                .isEqualTo(tomorrowAfternoon);
    }

    @Test
    void dueTasksComeByPriorityTheLongestWaitingFirstAmongEqualsAndLaterTasksWaitUnlessAllAreAsked() throws Exception {
        Instant now = at(10, 0);
        long contact = contact("order", "UTC");
        long yesterdayEarly = task(contact, now.minus(Duration.ofHours(25)), 0);
        long yesterdayLate = task(contact, now.minus(Duration.ofHours(12)), 100);
        long early = task(contact, now.minus(Duration.ofHours(2)), 0);
        long low = task(contact, now.minus(Duration.ofHours(1)), 10);
        long high = task(contact, now.minus(Duration.ofHours(1)), 50);
        long highLater = task(contact, now.minus(Duration.ofMinutes(30)), 50);
        long later = task(contact, now.plus(Duration.ofHours(1)), 100);
        long tomorrow = task(contact, now.plus(Duration.ofDays(1)), 100);

        assertThat(ids(queue(false))).containsExactly(yesterdayLate, high, highLater, low, yesterdayEarly, early);
        assertThat(ids(queue(true))).containsExactly(yesterdayLate, high, highLater, low, yesterdayEarly, early, later,
                tomorrow);
    }

    @Test
    void aFreshHandoffsFirstCallComesBeforeYesterdaysLowPriorityFollowUp() throws Exception {
        Instant now = at(10, 0);
        long contact = contact("fresh", "UTC");
        long leftover = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the brochure", null,
                now.minus(Duration.ofDays(1)), 0));
        long firstCall = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FIRST_CALL, null, null, now, 90));

        assertThat(ids(queue(false))).containsExactly(firstCall, leftover);
    }

    @Test
    void aCallBackOutsideTheContactsCallingHoursIsRefusedWithTheFirstTimeWithinThem() throws Exception {
        at(3, 0);
        long contact = contact("tokyo", "Asia/Tokyo");
        long call = task(contact, clock.instant(), 0);
        String tomorrow = clock.instant().atZone(ZoneId.of("Asia/Tokyo")).toLocalDate().plusDays(1).toString();
        Instant lateAtNight = java.time.LocalDateTime.parse(tomorrow + "T23:30").atZone(ZoneId.of("Asia/Tokyo"))
                .toInstant();

        JsonNode problem = json(team.as(rep, MockMvcRequestBuilders.post("/api/v1/tasks/" + call + "/complete")
                .contentType("application/json").content("""
                        {"outcome": "NO_ANSWER", "callBackAt": "%s"}""".formatted(lateAtNight)))
                .andExpect(status().isBadRequest()));

        assertThat(problem.toString()).contains("callBackAt", "outside calling hours (08:00–21:00)",
                "T08:00 their time");
        assertThat(tasks.get(call).status()).isEqualTo(Task.Status.OPEN);
    }

    @Test
    void aMistypedOutcomeOrDateIsRefusedInWordsNotWithJacksonsInternals() throws Exception {
        at(12, 0);
        long call = task(contact("typo", "UTC"), clock.instant(), 0);

        JsonNode outcome = json(team.as(rep, MockMvcRequestBuilders.post("/api/v1/tasks/" + call + "/complete")
                .contentType("application/json").content("{\"outcome\": \"MAYBE\"}")).andExpect(status().isBadRequest()));
        JsonNode date = json(team.as(rep, MockMvcRequestBuilders.post("/api/v1/tasks/" + call + "/complete")
                .contentType("application/json").content("{\"outcome\": \"REACHED_NOT_NOW\", \"askAgainOn\": \"next week\"}"))
                .andExpect(status().isBadRequest()));

        assertThat(outcome.get("detail").asString()).isEqualTo("Field 'outcome' must be one of "
                + List.of(CallOutcome.values()) + ", not 'MAYBE'");
        assertThat(date.get("detail").asString())
                .isEqualTo("Field 'askAgainOn' must be a date such as 2027-03-01, not 'next week'");
    }

    @Test
    void anAskAgainDateMoreThanTwoYearsAheadIsRefused() throws Exception {
        at(12, 0);
        long contact = contact("faraway", "UTC");
        long call = task(contact, clock.instant(), 0);

        JsonNode problem = json(team.as(rep, MockMvcRequestBuilders.post("/api/v1/tasks/" + call + "/complete")
                .contentType("application/json").content("""
                        {"outcome": "REACHED_NOT_NOW", "askAgainOn": "9999-12-31"}"""))
                .andExpect(status().isBadRequest()));

        assertThat(problem.toString()).contains("askAgainOn", "within two years");
        assertThat(tasks.get(call).status()).isEqualTo(Task.Status.OPEN);
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/contacts/" + contact + "/readiness")
                .contentType("application/json").content("{\"readyOn\": \"9999-12-31\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aRepSeesOnlyTheirOwnQueueWhileManagersMayLookIntoAny() throws Exception {
        at(10, 0);
        long other = team.rep("Other");
        long mine = task(contact("mine", "UTC"), clock.instant(), 0);

        team.get(other, "/api/v1/tasks?assignee=" + rep).andExpect(status().isForbidden());
        assertThat(ids(entries(team.get(other, "/api/v1/tasks")))).doesNotContain(mine);
        assertThat(ids(entries(api.get("/api/v1/tasks?assignee=" + rep)))).containsExactly(mine);
        JsonNode key = json(api.as(Role.SALES, MockMvcRequestBuilders.get("/api/v1/tasks")).andExpect(status().isBadRequest()));
        assertThat(key.at("/errors/0/field").asString()).isEqualTo("assignee");
        assertThat(key.at("/errors/0/message").asString()).as("the key wrote no 'me', and naming a rep is refused too")
                .doesNotContain("needs a logged-in user").contains("log in as the rep", "ADMIN or MARKETER key");
        JsonNode adminKey = json(api.as(Role.ADMIN, MockMvcRequestBuilders.get("/api/v1/tasks"))
                .andExpect(status().isBadRequest()));
        assertThat(adminKey.at("/errors/0/message").asString()).contains("?assignee=<user id>", "?assignee=none");
        assertThat(json(team.get(rep, "/api/v1/tasks/history?status=OPEN")).get("items").valueStream()
                .map(t -> t.get("id").asLong())).contains(mine);
        team.get(other, "/api/v1/tasks/history?assignee=" + rep).andExpect(status().isForbidden());
    }

    @Test
    void aProgramsTaskStepLandsOnceInTheOwnersQueueWithItsText() throws Exception {
        at(10, 0);
        long contact = contact("program", "UTC");
        long program = json(api.post("/api/v1/programs", """
                {"name": "tasks %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Ask about the renewal"}]}"""
                .formatted(contact)).andExpect(status().isCreated())).get("id").asLong();
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());

        engine.tick();
        engine.tick();

        assertThat(queue(false)).singleElement().satisfies(entry -> {
            assertThat(entry.at("/task/kind").asString()).isEqualTo("FOLLOW_UP");
            assertThat(entry.at("/task/title").asString()).isEqualTo("Ask about the renewal");
            assertThat(entry.at("/task/context").isNull()).as("the title says it all").isTrue();
            assertThat(entry.at("/task/touchId").isNull()).isFalse();
        });
    }

    @Test
    void aProgramsCallForAContactWhoseOwnerHasLeftWaitsUnassignedWhereMarketersSeeIt() throws Exception {
        at(10, 0);
        long contact = contact("left", "UTC");
        team.change(rep, "{\"enabled\": false}");
        long program = json(api.post("/api/v1/programs", """
                {"name": "left %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call about the renewal"}]}"""
                .formatted(contact)).andExpect(status().isCreated())).get("id").asLong();
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());

        engine.tick();
        engine.tick();

        assertThat(entries(api.get("/api/v1/tasks?assignee=none&all=true&limit=500")))
                .filteredOn(e -> e.at("/task/contactId").asLong() == contact).singleElement()
                .satisfies(e -> assertThat(e.at("/task/title").asString()).isEqualTo("Call about the renewal"));
    }

    @Test
    void aProgramsOpenTasksGoToTheContactsNewOwnerWhileTasksAPersonMadeOrGaveSomeoneStay() throws Exception {
        at(10, 0);
        long contact = contact("handed-on", "UTC");
        long step = programTaskStep(contact, "Ask about the renewal");
        long own = tasks.create(new Tasks.NewTask(contact, rep, TaskKind.FOLLOW_UP, "Send the pilot terms", null,
                clock.instant(), 50));
        long other = team.rep("Other");
        long given = task(contact, clock.instant(), 0);
        api.post("/api/v1/tasks/" + given + "/assign", "{\"assigneeId\": " + other + "}").andExpect(status().isOk());
        long next = team.rep("Next");

        api.patch("/api/v1/contacts/" + contact, "{\"owner\": \"" + next + "\"}").andExpect(status().isOk());

        assertThat(ids(entries(team.get(next, "/api/v1/tasks?assignee=me&all=true")))).as("the new owner's queue")
                .containsExactly(step);
        assertThat(ids(queue(true))).as("the old owner keeps only the task a person made").containsExactly(own);
        assertThat(tasks.get(given).assigneeId()).as("a task someone gave another rep stays theirs").isEqualTo(other);
        assertThat(json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact)).get("items").valueStream()
                .filter(e -> e.get("details").asString().contains("previousOwnerId")))
                .as("the owner change, once").hasSize(1);

        // An update by address (the API's upsert, as an import writes) moves them the same way.
        String email = json(api.get("/api/v1/contacts/" + contact)).get("email").asString();
        api.post("/api/v1/contacts", "{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(email, rep))
                .andExpect(status().isOk());
        assertThat(ids(queue(true))).containsExactlyInAnyOrder(step, own);

        api.patch("/api/v1/contacts/" + contact, "{\"owner\": null}").andExpect(status().isOk());
        assertThat(ids(queue(true))).as("no owner takes them: they stay").containsExactlyInAnyOrder(step, own);
    }

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** Sets the clock to the next winter weekday (January or February) at this hour in New York and answers it. */
    private Instant winterWeekdayInNewYork(int hour) {
        return clock.advanceToNextDay(d -> d.getMonthValue() <= 2 && d.getDayOfWeek().getValue() <= 5,
                LocalTime.of(hour, 0), NEW_YORK);
    }

    /** A contact of the United States who gave no state: their zone is unknown. */
    private long usContactWithoutZone(String name) throws Exception {
        return api.createContact("""
                {"email": "%s", "firstName": "%s", "phone": "+1 602 555 0100", "country": "US", "owner": "%d"}"""
                .formatted(uniqueEmail(name), name, rep));
    }

    private static JsonNode entry(List<JsonNode> entries, long task) {
        return entries.stream().filter(e -> e.at("/task/id").asLong() == task).findFirst().orElseThrow();
    }

    /** Sets the clock to the next day at this time (UTC) and answers it. */
    private Instant at(int hour, int minute) {
        return clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atTime(hour, minute)
                .toInstant(ZoneOffset.UTC));
    }

    @Test
    void aStandInReadsTheCallScriptWithThemselvesAsCallerAndTheContactsOwnerAsOwner() throws Exception {
        at(12, 0);
        long owner = repWith("Olga Owner", "Account manager", "+49 30 1111");
        long standIn = repWith("Sam Standin", "Inside sales", "+49 30 2222");
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Vera", "phone": "+49 30 7654321", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("vera"), owner));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = whoCallsScript("Cooling check-in " + run);
        long call = programCallStep(contact, piece, "Winter nurture " + run, owner);
        String planned = "Hi Vera, this is Olga, Account manager, calling for Olga Owner. Call me back on +49 30 1111.";
        assertThat(json(team.get(owner, "/api/v1/tasks/" + call)).get("script").asString()).isEqualTo(planned);

        api.post("/api/v1/tasks/" + call + "/assign", "{\"assigneeId\": " + standIn + "}").andExpect(status().isOk());

        JsonNode read = json(team.get(standIn, "/api/v1/tasks/" + call));
        assertThat(read.get("script").asString()).as("the stand-in calls; the contact's owner is still Olga")
                .isEqualTo("Hi Vera, this is Sam, Inside sales, calling for Olga Owner. Call me back on +49 30 2222.");
        assertThat(read.get("scriptNote").isNull()).isTrue();
        assertThat(read.get("title").asString()).isEqualTo("Call: Cooling check-in " + run + " (Winter nurture " + run + ")");
        JsonNode queued = entries(team.get(standIn, "/api/v1/tasks?assignee=me&all=true")).stream()
                .filter(e -> e.at("/task/id").asLong() == call).findFirst().orElseThrow();
        assertThat(queued.at("/task/script").asString()).contains("this is Sam, Inside sales");
        assertThat(jdbc.sql("SELECT script FROM tasks WHERE id = ?").param(call).query(String.class).single())
                .as("the call as it was made stays on record").isEqualTo(planned);
    }

    @Test
    void aCallScriptThatCannotBeFilledInForItsCallerReadsAsMadeAndSaysWhy() throws Exception {
        at(12, 0);
        long owner = repWith("Olga Owner", "Account manager", "+49 30 1111");
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Vera", "phone": "+49 30 7654321", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("vera"), owner));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = whoCallsScript("Cooling check-in " + run);
        long call = programCallStep(contact, piece, "Winter nurture " + run, owner);
        // Its call script taken out since: nothing to fill in for the rep now.
        api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/content/" + piece).contentType("application/json")
                .content("""
                        {"name": "Cooling check-in %s", "type": "CALL_SCRIPT", "status": "LIVE",
                         "variants": {"email": {"subject": "Checking in", "html": "<p>How is the cooling?</p>"}}}"""
                        .formatted(run))).andExpect(status().isOk());

        JsonNode read = json(team.get(owner, "/api/v1/tasks/" + call));
        assertThat(read.get("script").asString()).startsWith("Hi Vera, this is Olga");
        assertThat(read.get("scriptNote").asString()).isEqualTo("The script as written when the call was made: it"
                + " could not be filled in for Olga Owner now (it has no call script version).");
    }

    @Test
    void marketingsEditOfALiveScriptAfterPlanningReachesTheRepAndTheLoggedCallKeepsTheWordsTheyRead() throws Exception {
        at(12, 0);
        long owner = repWith("Olga Owner", "Account manager", "+49 30 1111");
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Vera", "phone": "+49 30 7654321", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("vera"), owner));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = whoCallsScript("Cooling check-in " + run);
        long call = programCallStep(contact, piece, "Winter nurture " + run, owner);

        // The price in the script was wrong: marketing corrects it, the piece staying live.
        editScript(piece, "Cooling check-in " + run, "LIVE", "Hi {{ contact.first_name }}, {{ caller.first_name }} here: the service is 90 EUR, not 120.");
        String corrected = "Hi Vera, Olga here: the service is 90 EUR, not 120.";

        JsonNode read = json(team.get(owner, "/api/v1/tasks/" + call));
        assertThat(read.get("script").asString()).as("the live version, not the one planned with").isEqualTo(corrected);
        assertThat(read.get("scriptNote").isNull()).isTrue();

        team.post(owner, "/api/v1/tasks/" + call + "/complete", "{\"outcome\": \"REACHED_NOT_NOW\", \"askAgainOn\": \""
                + clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusMonths(3) + "\"}").andExpect(status().isOk());

        assertThat(json(team.get(owner, "/api/v1/tasks/" + call)).get("script").asString())
                .as("the call on record says what the rep read").isEqualTo(corrected);
        JsonNode completed = completedEntry(contact, call);
        assertThat(completed.get("script").asString()).isEqualTo("AS_SAVED");
        assertThat(Instant.parse(completed.get("pieceSavedAt").asString())).as("the version of the piece used")
                .isEqualTo(Instant.parse(json(api.get("/api/v1/content/" + piece)).get("updatedAt").asString()));
    }

    @Test
    void aPieceTakenBackToDraftAfterPlanningLeavesTheRepTheScriptAsMadeAndSaysWhy() throws Exception {
        at(12, 0);
        long owner = repWith("Olga Owner", "Account manager", "+49 30 1111");
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Vera", "phone": "+49 30 7654321", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("vera"), owner));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = whoCallsScript("Cooling check-in " + run);
        long call = programCallStep(contact, piece, "Winter nurture " + run, owner);
        String planned = "Hi Vera, this is Olga, Account manager, calling for Olga Owner. Call me back on +49 30 1111.";

        editScript(piece, "Cooling check-in " + run, "DRAFT", "Half-written: {{ caller.first_name }} TODO");

        JsonNode read = json(team.get(owner, "/api/v1/tasks/" + call));
        assertThat(read.get("script").asString()).as("no unpublished words reach a call").isEqualTo(planned);
        assertThat(read.get("scriptNote").asString()).isEqualTo("The script as written when the call was made: its"
                + " piece has been taken back to draft since.");

        team.post(owner, "/api/v1/tasks/" + call + "/complete", "{\"outcome\": \"NO_ANSWER\"}").andExpect(status().isOk());
        assertThat(completedEntry(contact, call).get("script").asString()).isEqualTo("AS_MADE");
        assertThat(jdbc.sql("SELECT script FROM tasks WHERE id = ?").param(call).query(String.class).single())
                .isEqualTo(planned);
    }

    @Test
    void aQueueListedWithoutScriptsTitlesItsCallsButFillsInNoScript() throws Exception {
        at(12, 0);
        long owner = repWith("Olga Owner", "Account manager", "+49 30 1111");
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Vera", "phone": "+49 30 7654321", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("vera"), owner));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = whoCallsScript("Cooling check-in " + run);
        long call = programCallStep(contact, piece, "Winter nurture " + run, owner);
        String planned = "Hi Vera, this is Olga, Account manager, calling for Olga Owner. Call me back on +49 30 1111.";
        // A call made before calls were titled by what they are about: its kind's label alone.
        jdbc.sql("UPDATE tasks SET title = ? WHERE id = ?").params(TaskKind.CALL.label(), call).update();
        editScript(piece, "Cooling check-in " + run, "LIVE", "Hi {{ contact.first_name }}, new words.");

        Task listed = tasks.titledQueue(owner, java.util.Set.of(), null, "cursor", 50).items().stream()
                .map(Tasks.QueueEntry::task)
                .filter(t -> t.id() == call).findFirst().orElseThrow();
        assertThat(listed.title()).isEqualTo("Call: Cooling check-in " + run + " (Winter nurture " + run + ")");
        assertThat(listed.script()).as("not filled in: the piece's new words would be").isEqualTo(planned);
        assertThat(listed.scriptNote()).isNull();
        assertThat(tasks.queue(owner, true, 50).stream().map(Tasks.QueueEntry::task).filter(t -> t.id() == call)
                .findFirst().orElseThrow().script()).isEqualTo("Hi Vera, new words.");
    }

    /** Saves the piece again as a call script of these words, in this status. */
    private void editScript(long piece, String name, String status, String script) throws Exception {
        api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/content/" + piece).contentType("application/json")
                .content("""
                        {"name": "%s", "type": "CALL_SCRIPT", "status": "%s",
                         "fallbacks": {"contact.first_name": "there", "caller.first_name": "a colleague"},
                         "variants": {"phone": {"script": "%s"}}}""".formatted(name, status, script)))
                .andExpect(status().isOk());
    }

    /** The details of the audit entry that logged the task's call. */
    private JsonNode completedEntry(long contact, long task) throws Exception {
        return json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact)).get("items").valueStream()
                .filter(e -> e.get("action").asString().equals("TASK_COMPLETED"))
                .map(e -> tools.jackson.databind.json.JsonMapper.shared().readTree(e.get("details").asString()))
                .filter(d -> d.get("taskId").asLong() == task).findFirst().orElseThrow();
    }

    @Test
    void aCallLoggedOnItsTaskNamesTheRepAsItsActorOnTheContactsTimeline() throws Exception {
        at(12, 0);
        long contact = contact("logged", "UTC");
        long call = task(contact, clock.instant(), 0);

        team.post(rep, "/api/v1/tasks/" + call + "/complete", "{\"outcome\": \"NO_ANSWER\"}")
                .andExpect(status().isOk());

        JsonNode logged = json(api.get("/api/v1/contacts/" + contact + "/activities?type=CALL_OUTCOME")).at("/items/0");
        assertThat(logged.get("target").asString()).isEqualTo("NO_ANSWER");
        assertThat(logged.get("actor").asString()).as("who called")
                .isEqualTo(json(api.get("/api/v1/users/" + rep)).get("username").asString());
        assertThat(logged.get("properties").isEmpty()).as("Keepwarm's own stamp, shown as the actor").isTrue();
        assertThat(logged.get("clientEventId").isNull()).isTrue();
    }

    /** A rep with the job title and phone number their calls may name. */
    private long repWith(String name, String title, String phone) throws Exception {
        long id = team.rep(name);
        made.add(id);
        team.as(id, MockMvcRequestBuilders.patch("/api/v1/me").contentType("application/json").content("""
                {"jobTitle": "%s", "phone": "%s"}""".formatted(title, phone))).andExpect(status().isOk());
        return id;
    }

    /** A live call script that names who calls and the contact's owner, each with a fallback. */
    private long whoCallsScript(String name) throws Exception {
        return json(api.post("/api/v1/content", """
                {"name": "%s", "type": "CALL_SCRIPT", "status": "LIVE",
                 "fallbacks": {"contact.first_name": "there", "caller.first_name": "a colleague",
                               "caller.title": "from sales", "caller.phone": "our main number",
                               "owner.name": "your account manager"},
                 "variants": {"phone": {"script": "Hi {{ contact.first_name }}, this is {{ caller.first_name }}, {{ caller.title }}, calling for {{ owner.name }}. Call me back on {{ caller.phone }}."}}}"""
                .formatted(name)).andExpect(status().isCreated())).get("id").asLong();
    }

    /** Enrolls the contact in a new program of one call step with this piece and runs it; answers the call it made. */
    private long programCallStep(long contact, long piece, String name, long owner) throws Exception {
        long program = api.activeProgram("""
                {"name": "%s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "PHONE"}]}"""
                .formatted(name, piece));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().isOk());
        engine.tick();
        engine.tick();
        return entries(team.get(owner, "/api/v1/tasks?assignee=me&all=true")).stream()
                .filter(e -> e.at("/task/contactId").asLong() == contact).mapToLong(e -> e.at("/task/id").asLong())
                .findFirst().orElseThrow();
    }

    private long contact(String name, String zone) throws Exception {
        return api.createContact("""
                {"email": "%s", "firstName": "%s", "phone": "+1 602 555 0100", "timeZone": "%s", "owner": "%d"}"""
                .formatted(uniqueEmail(name), name, zone, rep));
    }

    /** Enrolls the contact in a new program of one task step and runs it; answers the task it made. */
    private long programTaskStep(long contact, String text) throws Exception {
        long program = json(api.post("/api/v1/programs", """
                {"name": "%s %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "%1$s"}]}"""
                .formatted(text, contact)).andExpect(status().isCreated())).get("id").asLong();
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().isOk());
        engine.tick();
        engine.tick();
        return queue(true).stream().filter(e -> e.at("/task/title").asString().equals(text))
                .mapToLong(e -> e.at("/task/id").asLong()).findFirst().orElseThrow();
    }

    private long task(long contact, Instant due, int priority) {
        return tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Call " + contact, null, due, priority));
    }

    private List<JsonNode> queue(boolean all) throws Exception {
        return entries(team.get(rep, "/api/v1/tasks?assignee=me" + (all ? "&all=true" : "")));
    }

    private static List<JsonNode> entries(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        json(result.andExpect(status().isOk())).get("items").forEach(entries::add);
        return entries;
    }

    private static List<Long> contacts(List<JsonNode> entries) {
        return entries.stream().map(e -> e.at("/contact/id").asLong()).toList();
    }

    private static List<Long> ids(List<JsonNode> entries) {
        return entries.stream().map(e -> e.at("/task/id").asLong()).toList();
    }
}
