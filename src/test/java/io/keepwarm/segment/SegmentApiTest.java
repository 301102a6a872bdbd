package io.keepwarm.segment;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class SegmentApiTest {

    @Autowired Api api;
    @Autowired Activities activities;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired io.keepwarm.contact.Contacts contacts;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theIssueExampleFindsEngagedNurtureContactsInTheRightIndustries() throws Exception {
        long hpcReader = contact("hpc", "HPC", "Acme HPC " + run);
        long mfgReader = contact("mfg", "Manufacturing", "Mill " + run);
        long plumber = contact("plumber", "Plumbing", "Pipes " + run);
        long quietHpc = contact("quiet", "HPC", "Quiet HPC " + run);
        for (long id : List.of(hpcReader, mfgReader, plumber, quietHpc)) {
            api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
            api.post("/api/v1/contacts/" + id + "/tags", "{\"tags\": [\"t-" + run + "\"]}").andExpect(status().is2xxSuccessful());
        }
        opened(hpcReader, 2, Duration.ofDays(3));
        opened(mfgReader, 3, Duration.ofDays(10));
        opened(plumber, 5, Duration.ofDays(1));
        opened(quietHpc, 1, Duration.ofDays(2));
        opened(quietHpc, 1, Duration.ofDays(40));

        String text = "tag = \"t-" + run + "\" and stage = NURTURE and industry in (\"HPC\", \"Manufacturing\")"
                + " and opened(email) >= 2 within 30d";
        JsonNode preview = json(api.post("/api/v1/segments/preview", body("text", text)).andExpect(status().isOk()));

        assertThat(preview.get("count").asLong()).isEqualTo(2);
        assertThat(ids(preview.get("sample"))).containsExactly(hpcReader, mfgReader);
        assertThat(preview.get("text").asString()).as("a list all quoted, as typed").isEqualTo(text);
    }

    @Test
    void aClickInAnEmailCountsAsOpeningItAndAMessageOpenedAndClickedInCountsOnce() throws Exception {
        long imagesBlocked = contact("blocked", "HPC", "Blocked " + run);
        long openedAndClicked = contact("both", "HPC", "Both " + run);
        long twoMessages = contact("two", "HPC", "Two " + run);
        long scannerOnly = contact("scanned", "HPC", "Scanned " + run);
        for (long id : List.of(imagesBlocked, openedAndClicked, twoMessages, scannerOnly)) {
            api.post("/api/v1/contacts/" + id + "/tags", "{\"tags\": [\"c-" + run + "\"]}").andExpect(status().is2xxSuccessful());
        }
        // As the tracker records them: an open names its touch in the target, a click its link; both carry the touch.
        var at = clock.instant().minus(Duration.ofDays(2));
        activities.record(List.of(
                new Activity(imagesBlocked, ActivityType.EMAIL_CLICKED, at, Channel.EMAIL, "https://x.io/pricing", null, 11L),
                new Activity(openedAndClicked, ActivityType.EMAIL_OPENED, at, Channel.EMAIL, "touch:21", null, 21L),
                new Activity(openedAndClicked, ActivityType.EMAIL_OPENED, at.plusSeconds(60), Channel.EMAIL, "touch:21", null, 21L),
                new Activity(openedAndClicked, ActivityType.EMAIL_CLICKED, at.plusSeconds(90), Channel.EMAIL, "https://x.io/a", null, 21L),
                new Activity(twoMessages, ActivityType.EMAIL_OPENED, at, Channel.EMAIL, "touch:31", null, 31L),
                new Activity(twoMessages, ActivityType.EMAIL_CLICKED, at, Channel.EMAIL, "https://x.io/b", null, 32L),
                new Activity(scannerOnly, ActivityType.EMAIL_CLICKED, at, Channel.EMAIL, "https://x.io/c", "SCANNER", 41L)));
        String tagged = "tag = \"c-" + run + "\" and ";

        JsonNode once = json(api.post("/api/v1/segments/preview", body("text", tagged + "opened(email) >= 1 within 30d"))
                .andExpect(status().isOk()));
        JsonNode twice = json(api.post("/api/v1/segments/preview", body("text", tagged + "opened(email) >= 2 within 30d"))
                .andExpect(status().isOk()));

        assertThat(ids(once.get("sample"))).as("a click shows the email was opened; a scanner's click does not")
                .containsExactly(imagesBlocked, openedAndClicked, twoMessages);
        assertThat(ids(twice.get("sample"))).as("one message opened twice and clicked in is one message opened")
                .containsExactly(twoMessages);
    }

    @Test
    void aSegmentSavedAsTextReadsBackAsJsonAndCountsAndPagesItsMembers() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(contact("page" + i, "HPC", "Pager " + run));
        }
        JsonNode created = json(api.post("/api/v1/segments", """
                {"name": "pagers %s", "text": "company = \\"Pager %s\\""}""".formatted(run, run)).andExpect(status().isCreated()));
        long id = created.get("id").asLong();
        assertThat(created.at("/rule/field").asString()).isEqualTo("company");
        assertThat(created.at("/rule/value").asString()).isEqualTo("Pager " + run);

        api.get("/api/v1/segments/" + id + "/count").andExpect(jsonPath("$.count").value(5));
        JsonNode first = json(api.get("/api/v1/segments/" + id + "/members?limit=3"));
        JsonNode second = json(api.get("/api/v1/segments/" + id + "/members?limit=3&cursor=" + first.get("nextCursor").asString()));
        assertThat(ids(first.get("items"))).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(ids(second.get("items"))).containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(second.get("nextCursor").isNull()).isTrue();

        api.post("/api/v1/segments", """
                {"name": "same json %s", "rule": %s}""".formatted(run, created.get("rule"))).andExpect(status().isCreated())
                .andExpect(jsonPath("$.text").value(created.get("text").asString()));
    }

    @Test
    void aJsonRuleWithSpacesAroundItsFieldIsSavedAsTheTextFormWritesItAndTheListStillLoads() throws Exception {
        long id = json(api.post("/api/v1/segments", "{\"name\": \"padded " + run + "\", \"rule\": {\"field\": \" industry \","
                + " \"op\": \"=\", \"value\": \"HPC\"}}").andExpect(status().isCreated())).get("id").asLong();

        api.get("/api/v1/segments/" + id).andExpect(status().isOk()).andExpect(jsonPath("$.text").value("industry = HPC"));
        api.get("/api/v1/segments?limit=500").andExpect(status().isOk());
        api.post("/api/v1/segments/preview", "{\"rule\": {\"field\": \"industry = 1 or\", \"op\": \"=\", \"value\": \"x\"}}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("rule.field"));
    }

    @Test
    void aTakenNameComesInTheSameAnswerAsTheRulesMistakesAndAloneIsAConflict() throws Exception {
        String name = "Taken " + run;
        long first = json(api.post("/api/v1/segments", "{\"name\": \"%s\", \"text\": \"stage = NURTURE\"}"
                .formatted(name)).andExpect(status().isCreated())).get("id").asLong();

        api.post("/api/v1/segments", "{\"name\": \"%s\", \"text\": \"industy = \\\"HPC\\\"\"}".formatted(name))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("name", "rule.field")))
                .andExpect(jsonPath("$.errors[0].message").value("A segment named '" + name + "' already exists"));
        long second = json(api.post("/api/v1/segments", "{\"name\": \"Other %s\", \"text\": \"stage = NURTURE\"}"
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .put("/api/v1/segments/" + second).contentType("application/json")
                        .content("{\"name\": \"%s\", \"description\": \"%s\", \"text\": \"stage = NURTURE\"}"
                                .formatted(name, "x".repeat(2001))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("name", "description")));
        api.post("/api/v1/segments", "{\"name\": \"%s\", \"text\": \"stage = NURTURE\"}".formatted(name))
                .andExpect(status().isConflict());
        api.delete("/api/v1/segments/" + second);
        api.delete("/api/v1/segments/" + first);
    }

    @Test
    void aSegmentWithAnUnknownFieldAValueThatIsNotTextATakenNameAndARuleMistakeHearsOfAllInOneAnswer() throws Exception {
        String name = "Whole " + run;
        long first = json(api.post("/api/v1/segments", "{\"name\": \"%s\", \"text\": \"stage = NURTURE\"}"
                .formatted(name)).andExpect(status().isCreated())).get("id").asLong();
        String wrong = "{\"name\": \"%s\", \"description\": [\"hot\"], \"colour\": \"red\", \"text\": \"scroe >= 10\"}"
                .formatted(name);

        api.post("/api/v1/segments", wrong)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "description", "colour", "name", "rule.field")))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].message")
                        .value("A segment named '" + name + "' already exists"))
                .andExpect(jsonPath("$.errors[?(@.field == 'rule.field')].message").value(org.hamcrest.Matchers
                        .contains(org.hamcrest.Matchers.startsWith("line 1, column 1: 'scroe' is not a field"))));
        long second = json(api.post("/api/v1/segments", "{\"name\": \"Other %s\", \"text\": \"stage = NURTURE\"}"
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .put("/api/v1/segments/" + second).contentType("application/json").content(wrong))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "description", "colour", "name", "rule.field")));
        // a taken name beside a rule that does not parse
        api.post("/api/v1/segments", "{\"name\": \"%s\", \"text\": \"stage = = NURTURE\"}".formatted(name))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("name", "rule")));
        api.delete("/api/v1/segments/" + second);
        api.delete("/api/v1/segments/" + first);
    }

    @Test
    void aTakenListNameComesInTheSameAnswerAsTheListsOtherMistakesAndAloneIsAConflict() throws Exception {
        String name = "Fair " + run;
        long first = json(api.post("/api/v1/lists", "{\"name\": \"%s\"}".formatted(name))
                .andExpect(status().isCreated())).get("id").asLong();
        String said = "A list named 'fair " + run + "' already exists";

        api.post("/api/v1/lists", "{\"name\": \"fair %s\", \"description\": \"%s\"}".formatted(run, "x".repeat(2001)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("name", "description")))
                .andExpect(jsonPath("$.errors[0].message").value(said));
        api.post("/api/v1/lists", "{\"name\": \"fair %s\", \"descripton\": \"typo\"}".formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("descripton", "name")))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].message").value(said));
        api.post("/api/v1/lists", "{\"name\": \"fair %s\"}".formatted(run))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(said));
        api.delete("/api/v1/lists/" + first);
    }

    @Test
    void mistakesInARuleAreNamedWhereTheyAre() throws Exception {
        api.post("/api/v1/segments/preview", "{\"rule\": {\"and\": [{\"field\": \"stage\", \"op\": \"=\", \"value\": \"NURTURE\"},"
                        + " {\"field\": \"industy\", \"op\": \"=\", \"value\": \"HPC\"}]}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule.and[1].field"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith("'industy' is not a field")));
        api.post("/api/v1/segments/preview", "{\"rule\": {\"field\": \"score\", \"op\": \"contains\", \"value\": \"9\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule.op"));
        // Values Java reads but a rule could not be written back with (every list of segments would fail after).
        api.post("/api/v1/segments/preview", "{\"rule\": {\"activity\": \"replied\", \"since\": \"+10000-01-01\"}}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("rule.since"));
        api.post("/api/v1/segments/preview", "{\"rule\": {\"field\": \"score\", \"op\": \">=\", \"value\": 1e400}}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("rule.value"));
        api.post("/api/v1/segments/preview", "{\"rule\": {\"field\": \"created_at\", \"op\": \">=\","
                        + " \"value\": {\"today\": -9223372036854775808}}}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("rule.value.today"));
        api.post("/api/v1/segments/preview", "{\"rule\": {\"inList\": 99999999999999999999999}}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("rule.inList"));
        api.post("/api/v1/segments/preview", body("text", "stage = NURTURE and\n  score contains \"9\""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule.and[1].op"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.endsWith("(in: score contains \"9\")")));
        api.post("/api/v1/segments/preview", "{\"rule\": {\"field\": \"score\", \"op\": \">=\", \"value\": \"1 OR 1=1\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("is a number")));
        api.post("/api/v1/segments/preview", body("text", "opened(email) >= 2 within 0d"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("column")));
        api.post("/api/v1/segments/preview", body("text", "email = 1; DROP TABLE contacts"))
                .andExpect(status().isBadRequest());
        api.post("/api/v1/segments/preview", "{\"rule\": {\"field\": \"c.id = c.id OR 1\", \"op\": \"=\", \"value\": \"x\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule.field"));
    }

    @Test
    void aMistakeOfMeaningInARuleGivenAsTextSaysItsLineAndColumnAsASyntaxErrorDoes() throws Exception {
        api.post("/api/v1/segments", "{\"name\": \"typo " + run + "\", \"text\": \"stage = NURTURE and\\n  scroe >= 10\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.line").value(2))
                .andExpect(jsonPath("$.column").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("rule.and[1].field"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith(
                        "line 2, column 3: 'scroe' is not a field")));
        api.post("/api/v1/segments/preview", body("text", "score between 50 and 10"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.column").value(15))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith(
                        "line 1, column 15: 50 is above 10, so no contact is between them: write between 10 and 50")));
        api.post("/api/v1/segments/preview", body("text", "owner = 999999999"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.column").value(9))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("there is no user 999999999")));
        // The JSON form has no lines: its mistakes are named by their path alone.
        api.post("/api/v1/segments/preview", "{\"rule\": {\"field\": \"scroe\", \"op\": \">=\", \"value\": 10}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.line").doesNotExist())
                .andExpect(jsonPath("$.errors[0].field").value("rule.field"));
    }

    @Test
    void anInjectionInAValueIsJustTextThatMatchesNobody() throws Exception {
        long before = jdbc.sql("SELECT COUNT(*) FROM contacts").query(Long.class).single();
        api.post("/api/v1/segments/preview", body("text", "title = \"x' OR '1'='1\" or last_name contains \"'; DROP TABLE contacts; --\""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.count").value(0));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contacts").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void aSegmentThatReachesItselfThroughAnotherIsRefused() throws Exception {
        long a = json(api.post("/api/v1/segments", "{\"name\": \"a " + run + "\", \"text\": \"score >= 10\"}")).get("id").asLong();
        long b = json(api.post("/api/v1/segments", "{\"name\": \"b " + run + "\", \"text\": \"in_segment(" + a + ")\"}")).get("id").asLong();

        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .put("/api/v1/segments/" + a).contentType("application/json")
                        .content("{\"name\": \"a " + run + "\", \"text\": \"score >= 10 or in_segment(" + b + ")\"}"))
                .andExpect(status().isBadRequest())
                // at the in_segment that leads back, where the loop starts in the text
                .andExpect(jsonPath("$.errors[0].message").value("line 1, column 16: segment " + a
                        + " refers to itself through " + a + " -> " + b + " -> " + a));
        api.delete("/api/v1/segments/" + a).andExpect(status().isConflict());
    }

    @Test
    void aListOrSegmentThatAFitRuleProgramTriggerOrPieceNamesIsNotDeletedAndTheRefusalNamesThem() throws Exception {
        long list = json(api.post("/api/v1/lists", "{\"name\": \"fair " + run + "\"}").andExpect(status().isCreated()))
                .get("id").asLong();
        long fitRule = json(api.post("/api/v1/scoring/fit-rules", """
                {"name": "Met at the fair %s", "rule": "in_list(%d)", "points": 20}""".formatted(run, list))
                .andExpect(status().isCreated())).get("id").asLong();
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"fair goers " + run + "\", \"text\": \"in_list("
                + list + ")\"}")).get("id").asLong();
        long program = json(api.post("/api/v1/programs", """
                {"name": "after the fair %s", "kind": "SEQUENCE", "audienceSegmentId": %d,
                 "steps": [{"type": "addTag", "tag": "fair"}]}""".formatted(run, segment))
                .andExpect(status().isCreated())).get("id").asLong();
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "fair trigger %s", "when": {"type": "segmentEntered", "segmentId": %d},
                 "actions": [{"type": "addTag", "tag": "fair-goer"}]}""".formatted(run, segment))
                .andExpect(status().isCreated())).get("id").asLong();

        api.delete("/api/v1/lists/" + list).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("fit rule 'Met at the fair " + run + "'"),
                        org.hamcrest.Matchers.containsString("segment 'fair goers " + run + "'"))));
        api.delete("/api/v1/segments/" + segment).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("program 'after the fair " + run + "'"),
                        org.hamcrest.Matchers.containsString("trigger 'fair trigger " + run + "'"))));
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("fair") + "\"}");
        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"still-writable\"]}").andExpect(status().is2xxSuccessful());

        api.delete("/api/v1/triggers/" + trigger).andExpect(status().isNoContent());
        api.delete("/api/v1/scoring/fit-rules/" + fitRule).andExpect(status().isNoContent());
        api.delete("/api/v1/segments/" + segment).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("program 'after the fair " + run + "'"),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("trigger")))));
        api.delete("/api/v1/lists/" + list).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("fit rule"))));
    }

    @Test
    void staticListsTakeMembersByIdAndByFileAndReportLinesTheyCouldNotUse() throws Exception {
        long list = json(api.post("/api/v1/lists", "{\"name\": \"booth " + run + "\"}").andExpect(status().isCreated())).get("id").asLong();
        String known = uniqueEmail("booth");
        long id = api.createContact("{\"email\": \"" + known + "\"}");
        long other = api.createContact("{\"email\": \"" + uniqueEmail("booth2") + "\"}");
        api.post("/api/v1/lists/" + list + "/members", "{\"contactIds\": [" + other + "]}").andExpect(jsonPath("$.added").value(1));
        api.post("/api/v1/lists/" + list + "/members", "{\"contactIds\": [" + other + ", 999999999]}")
                .andExpect(status().isBadRequest());

        var file = new org.springframework.mock.web.MockMultipartFile("file", "booth.csv", "text/csv",
                ("name,email\nAda," + known + "\nBob,nobody-" + run + "@example.com\nCy,not-an-address\n").getBytes());
        api.as(io.keepwarm.identity.Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart("/api/v1/lists/" + list + "/members/import").file(file))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.added").value(1))
                .andExpect(jsonPath("$.rejected[0].line").value(3))
                .andExpect(jsonPath("$.rejected[1].line").value(4))
                .andExpect(jsonPath("$.rejected[1].reason").value("'not-an-address' is not an email address"));
        // A plain list of addresses as Excel saves it (a byte-order mark first), with a blank line in it.
        String third = uniqueEmail("booth3");
        api.createContact("{\"email\": \"" + third + "\"}");
        var plain = new org.springframework.mock.web.MockMultipartFile("file", "plain.csv", "text/csv",
                ("\uFEFF" + third + "\n\nnot-an-address\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        api.as(io.keepwarm.identity.Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart("/api/v1/lists/" + list + "/members/import").file(plain))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.added").value(1))
                .andExpect(jsonPath("$.rejected[0].line").value(3));
        api.post("/api/v1/lists/" + list + "/members/remove", "{\"contactIds\": [" + contacts.findIdByEmail(third).orElseThrow() + "]}")
                .andExpect(jsonPath("$.removed").value(1));

        JsonNode preview = json(api.post("/api/v1/segments/preview", body("text", "in_list(" + list + ")")));
        assertThat(ids(preview.get("sample"))).containsExactly(id, other);
        api.post("/api/v1/lists/" + list + "/members/remove", "{\"contactIds\": [" + id + "]}").andExpect(jsonPath("$.removed").value(1));
        api.get("/api/v1/lists/" + list).andExpect(jsonPath("$.size").value(1));
    }

    @Test
    void aMembersFileNamingAnAddressMergedAwayAddsTheContactItWasMergedInto() throws Exception {
        long list = json(api.post("/api/v1/lists", "{\"name\": \"merged " + run + "\"}").andExpect(status().isCreated()))
                .get("id").asLong();
        long kept = api.createContact("{\"email\": \"" + uniqueEmail("kept") + "\"}");
        String mergedAway = uniqueEmail("dupe");
        long dupe = api.createContact("{\"email\": \"" + mergedAway + "\"}");
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(kept, dupe))
                .andExpect(status().isOk());

        var file = new org.springframework.mock.web.MockMultipartFile("file", "members.csv", "text/csv",
                ("email\n" + mergedAway + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        api.as(io.keepwarm.identity.Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart("/api/v1/lists/" + list + "/members/import").file(file))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.added").value(1))
                .andExpect(jsonPath("$.rejected.length()").value(0));
        api.get("/api/v1/lists/" + list + "/members").andExpect(jsonPath("$.items[0].contactId").value(kept));
    }

    /**
     * Java and PostgreSQL lower-case some letters differently (PostgreSQL makes 'İ' 'i' where Java and H2 make it
     * 'i̇'), so a rule naming a contact's title or a page exactly as written found nobody on PostgreSQL.
     */
    @Test
    void aRuleNamingATitleOrPageAsWrittenFindsItWhateverItsLettersBecomeInLowerCase() throws Exception {
        for (String title : List.of("İstanbul Tekstil " + run, "Direktör İK " + run)) {
            long id = api.createContact("{\"email\": \"" + uniqueEmail("title") + "\", \"title\": \"" + title + "\"}");
            activities.record(List.of(new Activity(id, ActivityType.PAGE_VIEW, clock.instant(), null,
                    "https://example.com/" + title.replace(' ', '-'), null)));
            String prefix = title.substring(0, title.indexOf(' '));
            for (String rule : List.of("title = \"" + title + "\"", "title in (\"" + title + "\", \"x\")",
                    "title = \"" + title.toUpperCase(java.util.Locale.ROOT) + "\"",
                    "title starts with \"" + prefix + "\" and title contains \"" + run + "\"",
                    "visited(\"*/" + prefix + "-*\") and title contains \"" + run + "\"")) {
                JsonNode preview = json(api.post("/api/v1/segments/preview", body("text", rule)).andExpect(status().isOk()));
                assertThat(ids(preview.get("sample"))).as(rule).containsExactly(id);
            }
        }
    }

    /**
     * Each condition on today sent the list of zones a day ahead again, some three hundred names late in the UTC day,
     * so a rule of a few hundred such conditions went past PostgreSQL's 65,535 values and answered 500 there.
     */
    @Test
    void aRuleOfManyConditionsOnTodayIsAnsweredLateInTheUtcDay() throws Exception {
        String key = "renewal_" + run;
        api.post("/api/v1/attributes", "{\"key\": \"" + key + "\", \"label\": \"Renewal " + key + "\", \"type\": \"DATE\"}")
                .andExpect(status().is2xxSuccessful());
        var now = clock.instant();
        var lateEvening = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(23));
        clock.advance(Duration.between(now, lateEvening.isAfter(now) ? lateEvening : lateEvening.plus(Duration.ofDays(1))));
        long id = api.createContact("{\"email\": \"" + uniqueEmail("renewal") + "\", \"attributes\": {\"" + key
                + "\": \"" + java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).plusDays(300) + "\"}}");
        String rule = String.join(" or ", java.util.stream.IntStream.rangeClosed(1, 300)
                .mapToObj(days -> key + " = today+" + days + "d").toList());

        JsonNode preview = json(api.post("/api/v1/segments/preview", body("text", rule)).andExpect(status().isOk()));

        assertThat(ids(preview.get("sample"))).contains(id);
    }

    /** A rule naming a large segment many times cannot be sent in one query: a 400 that says so, not a 500. */
    @Test
    void aRuleTooLargeToSendIsRefusedWithAProblemThatSaysSo() throws Exception {
        String tags = String.join(", ", java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> "\\\"t-" + run + "-" + i + "\\\"").toList());
        long large = json(api.post("/api/v1/segments", "{\"name\": \"large " + run + "\", \"text\": \"tag in (" + tags
                + ")\"}").andExpect(status().isCreated())).get("id").asLong();
        String rule = String.join(" or ", java.util.Collections.nCopies(40, "in_segment(" + large + ")"));

        api.post("/api/v1/segments/preview", body("text", rule)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("too large")));
        api.post("/api/v1/segments", "{\"name\": \"larger " + run + "\", \"text\": \"" + rule + "\"}")
                .andExpect(status().isBadRequest());
    }

    private long contact(String name, String industry, String company) throws Exception {
        return api.createContact("""
                {"email": "%s", "company": {"name": "%s", "industry": "%s"}}""".formatted(uniqueEmail(name), company, industry));
    }

    private void opened(long contactId, int times, Duration ago) {
        List<Activity> opens = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            opens.add(new Activity(contactId, ActivityType.EMAIL_OPENED, clock.instant().minus(ago), Channel.EMAIL, null));
        }
        activities.record(opens);
    }

    private static String body(String key, String value) {
        return tools.jackson.databind.json.JsonMapper.shared().createObjectNode().put(key, value).toString();
    }

    private static List<Long> ids(JsonNode members) {
        List<Long> ids = new ArrayList<>();
        members.forEach(m -> ids.add(m.get("contactId").asLong()));
        return ids;
    }
}
