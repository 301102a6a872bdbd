package io.keepwarm.program;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Tags;
import io.keepwarm.identity.Role;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class ProgramApiTest {

    @Autowired Api api;
    @Autowired Tags tags;
    @Autowired Membership membership;
    @Autowired io.keepwarm.support.TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final long[] pieces = new long[3];

    @Test
    void aMonthlyStreamEnrollsItsSegmentOnActivationAndNewEntrantsAfterAndTouchesFirstOnTheFirstTuesdayLocal() throws Exception {
        long early = api.createContact("""
                {"email": "%s", "timeZone": "Europe/Berlin", "tags": ["n-%s"]}""".formatted(uniqueEmail("early"), run));
        long segment = segment("tag = \"n-" + run + "\"");
        membership.refresh(false);
        long program = create(stream("monthly " + run, segment));
        assertThat(enrolled(program)).isEmpty();

        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(jsonPath("$.status").value("ACTIVE"));
        assertThat(enrolled(program)).containsExactly(early);
        JsonNode first = json(api.get("/api/v1/programs/" + program + "/enrollments")).at("/items/0");
        var due = java.time.Instant.parse(first.get("nextDueAt").asString()).atZone(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(due.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.TUESDAY);
        assertThat(due.getDayOfMonth()).isLessThanOrEqualTo(7);
        assertThat(due.toLocalTime()).isEqualTo(java.time.LocalTime.of(10, 0));
        assertThat(due.toInstant()).isAfter(clock.instant()).isBefore(clock.instant().plus(java.time.Duration.ofDays(36)));
        assertThat(first.get("source").asString()).isEqualTo("SEGMENT");

        long late = api.createContact("{\"email\": \"" + uniqueEmail("late") + "\"}");
        tags.add(late, List.of("n-" + run));
        membership.refresh(false);
        assertThat(enrolled(program)).containsExactly(early, late);
    }

    @Test
    void waitsAndStaleAftersReadBackAsTheAuthorWroteThemInDays() throws Exception {
        long piece = api.liveArticle("Days " + run);
        JsonNode created = json(api.post("/api/v1/programs", """
                {"name": "Days %s", "kind": "SEQUENCE",
                 "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL", "staleAfter": "P3D"},
                           {"type": "wait", "duration": "P7D"}, {"type": "wait", "duration": "PT36H"},
                           {"type": "wait", "duration": "P1DT12H"}, {"type": "wait", "duration": "PT48H"}]}"""
                .formatted(run, piece)).andExpect(status().isCreated()));
        JsonNode read = json(api.get("/api/v1/programs/" + created.get("id").asLong()).andExpect(status().isOk()));

        assertThat(read.at("/steps/0/staleAfter").asString()).isEqualTo("P3D");
        assertThat(read.at("/steps/1/duration").asString()).as("not PT168H").isEqualTo("P7D");
        assertThat(read.at("/steps/2/duration").asString()).as("not a whole number of days").isEqualTo("PT36H");
        assertThat(read.at("/steps/3/duration").asString()).isEqualTo("PT36H");
        assertThat(read.at("/steps/4/duration").asString()).as("the same two days").isEqualTo("P2D");
    }

    @Test
    void leavingTheAudienceEndsTheEnrollmentWhenTheProgramSaysSo() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("leaver") + "\", \"tags\": [\"l-" + run + "\"]}");
        long segment = segment("tag = \"l-" + run + "\"");
        membership.refresh(false);
        long program = create(stream("leavers " + run, segment).replace("\"priority\"", "\"exitOnSegmentLeave\": true, \"priority\""));
        api.post("/api/v1/programs/" + program + "/activate", "");

        tags.remove(id, "l-" + run);
        membership.refresh(false);

        JsonNode ended = json(api.get("/api/v1/programs/" + program + "/enrollments?status=EXITED"));
        assertThat(ended.at("/items/0/contactId").asLong()).isEqualTo(id);
        assertThat(ended.at("/items/0/endReason").asString()).isEqualTo("LEFT_SEGMENT");
        assertThat(enrolled(program)).isEmpty();
    }

    @Test
    void aProgramResumedAfterItsAudienceChangedHasLetTheLeaversGoAndTakenInTheNewcomers() throws Exception {
        long leaver = api.createContact("{\"email\": \"" + uniqueEmail("paused-leaver") + "\", \"tags\": [\"p-" + run + "\"]}");
        long segment = segment("tag = \"p-" + run + "\"");
        membership.refresh(false);
        long program = create(stream("paused " + run, segment).replace("\"priority\"", "\"exitOnSegmentLeave\": true, \"priority\""));
        api.post("/api/v1/programs/" + program + "/activate", "");
        api.post("/api/v1/programs/" + program + "/pause", "").andExpect(jsonPath("$.status").value("PAUSED"));

        tags.remove(leaver, "p-" + run);
        long newcomer = api.createContact("{\"email\": \"" + uniqueEmail("paused-newcomer") + "\", \"tags\": [\"p-" + run + "\"]}");
        membership.refresh(false);
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(jsonPath("$.status").value("ACTIVE"));

        JsonNode ended = json(api.get("/api/v1/programs/" + program + "/enrollments?status=EXITED"));
        assertThat(ended.at("/items/0/contactId").asLong()).isEqualTo(leaver);
        assertThat(ended.at("/items/0/endReason").asString()).isEqualTo("LEFT_SEGMENT");
        assertThat(enrolled(program)).containsExactly(newcomer);
    }

    @Test
    void aContactIsEnrolledOnceUnlessTheProgramTakesThemBackAfterTheyEnded() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("again") + "\"}");
        long once = create(sequence("once " + run, "NEVER"));
        long again = create(sequence("again " + run, "AFTER_END"));
        for (long program : List.of(once, again)) {
            api.post("/api/v1/programs/" + program + "/activate", "");
            api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + id + "]}")
                    .andExpect(jsonPath("$.enrolled").value(1));
            api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + id + "]}")
                    .andExpect(jsonPath("$.enrolled").value(0)).andExpect(jsonPath("$.alreadyIn").value(1));
            api.post("/api/v1/programs/" + program + "/enrollments/remove", "{\"contactIds\": [" + id + "]}")
                    .andExpect(jsonPath("$.removed").value(1));
        }
        api.post("/api/v1/programs/" + once + "/enrollments", "{\"contactIds\": [" + id + "]}")
                .andExpect(jsonPath("$.enrolled").value(0)).andExpect(jsonPath("$.notAgain").value(1));
        api.post("/api/v1/programs/" + again + "/enrollments", "{\"contactIds\": [" + id + "]}")
                .andExpect(jsonPath("$.enrolled").value(1));
        api.post("/api/v1/programs/" + again + "/enrollments", "{\"contactIds\": [" + id + ", 999999999]}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("contactIds"));
        // A removal that names nobody is a mistake, not "everyone".
        api.post("/api/v1/programs/" + again + "/enrollments/remove", "{}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("contactIds"));
        assertThat(enrolled(again)).hasSize(1);
    }

    @Test
    void aContactsEnrollmentsInEveryProgramAreListedWithHowEachEnded() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("listed") + "\"}");
        long first = create(sequence("first " + run, "NEVER"));
        long second = create(sequence("second " + run, "NEVER"));
        for (long program : List.of(first, second)) {
            api.post("/api/v1/programs/" + program + "/activate", "");
            api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + id + "]}");
        }
        api.post("/api/v1/programs/" + first + "/enrollments/remove", "{\"contactIds\": [" + id + "]}");

        api.get("/api/v1/contacts/" + id + "/enrollments").andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].programId").value(first))
                .andExpect(jsonPath("$.items[0].status").value("EXITED"))
                .andExpect(jsonPath("$.items[0].source").value("API"))
                .andExpect(jsonPath("$.items[1].programId").value(second))
                .andExpect(jsonPath("$.items[1].status").value("ACTIVE"));
        api.get("/api/v1/contacts/" + id + "/enrollments?status=ACTIVE")
                .andExpect(jsonPath("$.items.length()").value(1)).andExpect(jsonPath("$.items[0].programId").value(second));
        JsonNode firstPage = json(api.get("/api/v1/contacts/" + id + "/enrollments?limit=1"));
        assertThat(firstPage.get("items")).hasSize(1);
        api.get("/api/v1/contacts/" + id + "/enrollments?limit=1&cursor=" + firstPage.get("nextCursor").asString())
                .andExpect(jsonPath("$.items.length()").value(1)).andExpect(jsonPath("$.items[0].programId").value(second));
        api.get("/api/v1/contacts/999999999/enrollments").andExpect(status().isNotFound());
    }

    @Test
    void statesMoveOnlyAlongTheirPathsAndAnArchivedProgramEndsEveryEnrollment() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("states") + "\"}");
        long program = create(sequence("states " + run, "NEVER"));
        api.post("/api/v1/programs/" + program + "/pause", "").andExpect(status().isConflict());
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + id + "]}").andExpect(status().isConflict());
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(jsonPath("$.status").value("ACTIVE"));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + id + "]}");
        api.delete("/api/v1/programs/" + program).andExpect(status().isConflict());
        api.post("/api/v1/programs/" + program + "/pause", "").andExpect(jsonPath("$.status").value("PAUSED"));
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(jsonPath("$.status").value("ACTIVE"));
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(jsonPath("$.status").value("ARCHIVED"));

        api.get("/api/v1/programs/" + program + "/enrollments")
                .andExpect(jsonPath("$.items[0].status").value("EXITED"))
                .andExpect(jsonPath("$.items[0].endReason").value("PROGRAM_ARCHIVED"));
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isConflict());
    }

    @Test
    void movingAStreamToAnotherWeekOfTheMonthMovesEachContactsNextTouchToItsNewDay() throws Exception {
        // A Thursday between a month's first Tuesday and its second.
        var berlin = java.time.ZoneId.of("Europe/Berlin");
        java.time.LocalDate thursday = clock.advanceToNextDay(day -> day.getDayOfWeek() == java.time.DayOfWeek.THURSDAY
                && day.getDayOfMonth() >= 3 && day.getDayOfMonth() <= 7, java.time.LocalTime.of(10, 0), berlin)
                .atZone(berlin).toLocalDate();
        long contact = api.createContact("""
                {"email": "%s", "timeZone": "Europe/Berlin"}""".formatted(uniqueEmail("moved")));
        String stream = """
                {"name": "moved %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, api.liveArticle("Moved piece " + run));
        long program = api.activeProgram(stream);
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        assertThat(nextDue(program)).as("the first Tuesday of next month, 10:00 in Berlin")
                .isEqualTo(tuesday(thursday.plusMonths(1), 1, berlin));

        api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/programs/" + program).contentType("application/json")
                .content(stream.replace("\"week\": 1", "\"week\": 2"))).andExpect(status().isOk());

        assertThat(nextDue(program)).as("the second Tuesday still ahead: this month's")
                .isEqualTo(tuesday(thursday, 2, berlin));
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    /** The month's such Tuesday at 10:00 in the zone, as the API writes an instant. */
    private static String tuesday(java.time.LocalDate month, int week, java.time.ZoneId zone) {
        return month.with(java.time.temporal.TemporalAdjusters.dayOfWeekInMonth(week, java.time.DayOfWeek.TUESDAY))
                .atTime(10, 0).atZone(zone).toInstant().toString();
    }

    private String nextDue(long program) throws Exception {
        return json(api.get("/api/v1/programs/" + program + "/enrollments")).at("/items/0/nextDueAt").asString();
    }

    @Test
    void theEditorSaysWhomAChangeReachesBeforeItIsSaved() throws Exception {
        long program = create(sequence("edit " + run, "NEVER"));
        api.post("/api/v1/programs/" + program + "/activate", "");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.createContact("{\"email\": \"" + uniqueEmail("edit") + "\"}"));
        }
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": " + ids + "}");
        String appended = sequence("edit " + run, "NEVER").replace("{\"type\": \"addTag\", \"tag\": \"nurtured\"}",
                "{\"type\": \"addTag\", \"tag\": \"nurtured\"}, {\"type\": \"task\", \"text\": \"Call about the renewal\"}");

        api.post("/api/v1/programs/" + program + "/impact", appended)
                .andExpect(jsonPath("$.active").value(3))
                .andExpect(jsonPath("$.affected").value(3));
        api.post("/api/v1/programs/" + program + "/impact", sequence("edit " + run, "NEVER"))
                .andExpect(jsonPath("$.affected").value(0));
        api.post("/api/v1/programs/" + program + "/impact", sequence("edit " + run, "NEVER").replace("\"steps\"",
                        "\"goal\": {\"activity\": \"replied\"}, \"steps\""))
                .andExpect(jsonPath("$.affected").value(3))
                .andExpect(jsonPath("$.why").value(org.hamcrest.Matchers.containsString("goal")));
        api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/programs/" + program).contentType("application/json").content(appended))
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.steps.length()").value(4));
    }

    @Test
    void aReadinessCheckKeepsTheDropIfNotSentWithinItWasGivenAndOneGivenNoneKeepsTheDefault() throws Exception {
        String steps = """
                {"name": "check-in limits %s", "kind": "SEQUENCE", "steps": [
                  {"type": "readiness", "contentId": %d, "staleAfter": "P14D"},
                  {"type": "wait", "duration": "P7D"},
                  {"type": "readiness", "contentId": %d, "channel": "PHONE"}]}""".formatted(run, piece(0), piece(1));
        long program = create(steps);

        JsonNode saved = json(api.get("/api/v1/programs/" + program)).get("steps");

        assertThat(java.time.Duration.parse(saved.at("/0/staleAfter").asString())).isEqualTo(java.time.Duration.ofDays(14));
        assertThat(saved.get(2).path("staleAfter").isMissingNode() || saved.get(2).get("staleAfter").isNull())
                .as("no limit of its own: the default applies").isTrue();
        api.post("/api/v1/programs/" + program + "/activate", "");
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [%d]}"
                .formatted(api.createContact("{\"email\": \"" + uniqueEmail("limits") + "\"}")));
        // Sent back as it was read (the limits as they are, none where none was given), the program is unchanged.
        api.post("/api/v1/programs/" + program + "/impact", steps).andExpect(jsonPath("$.affected").value(0));
        // A limit given where there was none changes that step, for the contacts yet to pass it.
        api.post("/api/v1/programs/" + program + "/impact", steps.replace("\"PHONE\"}", "\"PHONE\", \"staleAfter\": \"P5D\"}"))
                .andExpect(jsonPath("$.affected").value(1))
                .andExpect(jsonPath("$.why").value(org.hamcrest.Matchers.containsString("not yet passed step 3")));
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aDropIfNotSentWithinUnderAnHourOrOverAYearIsRefusedOnAReadinessCheckAsOnASendStep() throws Exception {
        api.post("/api/v1/programs", """
                {"name": "bad limits %s", "kind": "SEQUENCE", "steps": [
                  {"type": "readiness", "contentId": %d, "staleAfter": "PT30M"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL", "staleAfter": "P366D"},
                  {"type": "readiness", "contentId": %d, "channel": "PHONE", "staleAfter": "-PT5H"},
                  {"type": "readiness", "contentId": %d, "staleAfter": "P365D"}]}"""
                        .formatted(run, piece(0), piece(1), piece(2), piece(0)))
                .andExpect(status().isBadRequest())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "steps[0].staleAfter", "steps[1].staleAfter", "steps[2].staleAfter")))
                .andExpect(jsonPath("$.errors[0].message").value("must be from an hour (PT1H) to 365 days (P365D)"));
    }

    @Test
    void aProgramThatCannotRunIsRefusedWithEveryPartAtFault() throws Exception {
        api.post("/api/v1/programs", """
                {"name": "broken %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": 0, "channel": "SMS"},
                  {"type": "branch", "rule": {"field": "industy", "op": "=", "value": "HPC"}, "elseStep": 0},
                  {"type": "wait"}]}""".formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "steps[0].contentId", "steps[0].channel", "steps[1].rule.field", "steps[1].elseStep", "steps[2]")));
        api.post("/api/v1/programs", "{\"name\": \"no pool " + run + "\", \"kind\": \"STREAM\", \"cadence\": {\"type\": \"monthly\","
                        + " \"week\": 5, \"day\": \"TUESDAY\", \"at\": \"10:00\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("cadence", "pool")));
        api.post("/api/v1/programs", "{\"name\": \"bad goal " + run + "\", \"kind\": \"SEQUENCE\", \"goal\": {\"field\": 3},"
                        + " \"steps\": [{\"type\": \"task\", \"text\": \"x\"}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("goal.field"));
        api.post("/api/v1/programs", "{\"name\": \"ghost pieces " + run + "\", \"kind\": \"STREAM\", \"cadence\":"
                        + " {\"type\": \"every\", \"period\": \"P7D\", \"at\": \"10:00\"}, \"pool\": [" + piece(0) + ", 999999998]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("pool[1]"))
                .andExpect(jsonPath("$.errors[0].message").value("there is no content item 999999998 (GET /api/v1/content lists them)"));
        api.post("/api/v1/programs", "{\"name\": \"ghost step " + run + "\", \"kind\": \"SEQUENCE\", \"steps\":"
                        + " [{\"type\": \"send\", \"contentId\": 999999998, \"channel\": \"EMAIL\"}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("steps[0].contentId"));
    }

    @Test
    void aProgramWithValuesThatCannotBeReadHearsOfItsOtherMistakesAndItsTakenNameInTheSameAnswer() throws Exception {
        callTaskProgram("First " + run);
        long second = callTaskProgram("Second " + run);
        // Unreadable: priority, the audience and the second step's kind. The endpoint's own checks find the rest; the
        // step left unread is not also called empty, nor is leaving the audience said to need one.
        String body = """
                {"name": "First %s", "kind": "SEQUENCE", "priority": "high", "audienceSegmentId": "all",
                 "exitOnSegmentLeave": true,
                 "steps": [{"type": "task", "text": "Call"}, {"type": "sned", "contentId": 1}, {"type": "wait"},
                           {"type": "task", "text": ""}]}""".formatted(run);
        for (var request : List.of(MockMvcRequestBuilders.post("/api/v1/programs"),
                MockMvcRequestBuilders.put("/api/v1/programs/" + second))) {
            api.as(Role.ADMIN, request.contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("priority",
                            "audienceSegmentId", "steps[1].type", "name", "steps[2]", "steps[3].text")))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a whole number, not 'high'"))
                    .andExpect(jsonPath("$.errors[3].message").value("A program named 'First " + run + "' already exists"))
                    .andExpect(jsonPath("$.errors[5].message").value("is required, at most 2000 characters"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                            "The body has 3 values that cannot be read and 3 that break a rule: priority must be")));
        }
        api.get("/api/v1/programs/" + second).andExpect(jsonPath("$.name").value("Second " + run));
    }

    @Test
    void aTakenNameComesInTheSameAnswerAsTheProgramsOtherMistakesAndAloneIsAConflict() throws Exception {
        callTaskProgram("Welcome " + run);
        long other = callTaskProgram("Other " + run);
        // Every value reads: the name another program has and a blank task come in one answer, not the name after.
        String twoMistakes = """
                {"name": "welcome %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": ""}]}""".formatted(run);
        for (var request : List.of(MockMvcRequestBuilders.post("/api/v1/programs"),
                MockMvcRequestBuilders.put("/api/v1/programs/" + other))) {
            api.as(Role.ADMIN, request.contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(twoMistakes))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("name", "steps[0].text")))
                    .andExpect(jsonPath("$.errors[0].message").value("A program named 'welcome " + run + "' already exists"));
        }
        // The name alone: a conflict with what exists, as before.
        String nameAlone = """
                {"name": "welcome %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call"}]}""".formatted(run);
        api.post("/api/v1/programs", nameAlone).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("A program named 'welcome " + run + "' already exists"));
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/programs/" + other)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(nameAlone))
                .andExpect(status().isConflict());
        api.get("/api/v1/programs/" + other).andExpect(jsonPath("$.name").value("Other " + run));
    }

    @Test
    void theTouchesOfAProgramOrContactThereIsNotAre404AndABadLimitOrCursorIsRefusedNotClamped() throws Exception {
        api.get("/api/v1/programs/999999998/touches").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Program 999999998 does not exist"));
        api.get("/api/v1/contacts/999999998/touches").andExpect(status().isNotFound());
        long program = json(api.post("/api/v1/programs", """
                {"name": "touched %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call"}]}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
        api.get("/api/v1/programs/" + program + "/touches").andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(0))
                .andExpect(jsonPath("$.nextCursor").value(org.hamcrest.Matchers.nullValue()));
        api.get("/api/v1/programs/" + program + "/touches?limit=0").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
        api.get("/api/v1/programs/" + program + "/touches?limit=501").andExpect(status().isBadRequest());
        api.get("/api/v1/programs/" + program + "/touches?cursor=nonsense").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("untouched")));
        api.get("/api/v1/contacts/" + contact + "/touches").andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(0));
        api.get("/api/v1/contacts/" + contact + "/touches?limit=0").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
    }

    private String stream(String name, long segment) throws Exception {
        return """
                {"name": "%s", "kind": "STREAM", "audienceSegmentId": %d, "priority": 10,
                 "goal": {"or": [{"activity": "replied"}, {"field": "stage", "op": "=", "value": "MQL"}]},
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d, %d, %d]}"""
                .formatted(name, segment, piece(0), piece(1), piece(2));
    }

    private String sequence(String name, String reenrollment) throws Exception {
        return """
                {"name": "%s", "kind": "SEQUENCE", "reenrollment": "%s", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL", "staleAfter": "P3D"},
                  {"type": "wait", "duration": "P7D"},
                  {"type": "addTag", "tag": "nurtured"}]}""".formatted(name, reenrollment, piece(0));
    }

    /** The pieces this test's programs send, each made at its first need. */
    private long piece(int i) throws Exception {
        if (pieces[i] == 0) {
            pieces[i] = api.liveArticle("Program API " + i + " " + run);
        }
        return pieces[i];
    }

    private long create(String json) throws Exception {
        return json(api.post("/api/v1/programs", json).andExpect(status().isCreated())).get("id").asLong();
    }

    /** A draft sequence of one task step, "Call". */
    private long callTaskProgram(String name) throws Exception {
        return create("{\"name\": \"%s\", \"kind\": \"SEQUENCE\", \"steps\": [{\"type\": \"task\", \"text\": \"Call\"}]}"
                .formatted(name));
    }

    private long segment(String text) throws Exception {
        return json(api.post("/api/v1/segments", tools.jackson.databind.json.JsonMapper.shared().createObjectNode()
                .put("name", "audience " + text + " " + UUID.randomUUID()).put("text", text).toString())).get("id").asLong();
    }

    private List<Long> enrolled(long program) throws Exception {
        List<Long> ids = new ArrayList<>();
        json(api.get("/api/v1/programs/" + program + "/enrollments?status=ACTIVE")).get("items")
                .forEach(e -> ids.add(e.get("contactId").asLong()));
        return ids;
    }
}
