package io.keepwarm.trigger;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class TriggerApiTest {

    @Autowired Api api;
    @Autowired ActivityFeed feed;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aTriggerWithValuesThatCannotBeReadHearsOfItsOtherMistakesAndItsTakenNameInTheSameAnswer() throws Exception {
        api.post("/api/v1/triggers", """
                {"name": "Taken %s", "when": {"type": "tagAdded", "tag": "t-%s"}, "actions": [{"type": "addTag", "tag": "x"}]}"""
                .formatted(run, run)).andExpect(status().isCreated());
        // Unreadable: the status, the points and the second action's kind; a stand-in's zero points and the unread
        // action are not also called wrong.
        api.post("/api/v1/triggers", """
                {"name": "taken %s", "status": "SLEEPING", "when": {"type": "tagAdded", "tag": ""},
                 "actions": [{"type": "adjustScore", "points": "lots"}, {"type": "sendd"}, {"type": "changeStage"}]}"""
                        .formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("status",
                        "actions[0].points", "actions[1].type", "name", "when.tag", "actions[2].to")))
                .andExpect(jsonPath("$.errors[3].message").value("A trigger named 'taken " + run + "' already exists"))
                .andExpect(jsonPath("$.errors[4].message").value("is required: a tag of 1 to 60 characters"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM triggers WHERE LOWER(name) = LOWER(?)").param("Taken " + run)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aTakenNameComesInTheSameAnswerAsTheTriggersOtherMistakesAndAloneIsAConflict() throws Exception {
        api.post("/api/v1/triggers", """
                {"name": "Greet %s", "when": {"type": "tagAdded", "tag": "g-%s"}, "actions": [{"type": "addTag", "tag": "x"}]}"""
                .formatted(run, run)).andExpect(status().isCreated());
        long other = json(api.post("/api/v1/triggers", """
                {"name": "Other %s", "when": {"type": "tagAdded", "tag": "o-%s"}, "actions": [{"type": "addTag", "tag": "x"}]}"""
                .formatted(run, run)).andExpect(status().isCreated())).get("id").asLong();
        // Every value reads: the name another trigger has and a blank tag come in one answer, not the name after.
        String twoMistakes = """
                {"name": "greet %s", "when": {"type": "tagAdded", "tag": ""}, "actions": [{"type": "addTag", "tag": "x"}]}"""
                .formatted(run);
        for (var request : java.util.List.of(MockMvcRequestBuilders.post("/api/v1/triggers"),
                MockMvcRequestBuilders.put("/api/v1/triggers/" + other))) {
            api.as(Role.ADMIN, request.contentType(MediaType.APPLICATION_JSON).content(twoMistakes))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("name", "when.tag")))
                    .andExpect(jsonPath("$.errors[0].message").value("A trigger named 'greet " + run + "' already exists"));
        }
        // The name alone: a conflict with what exists, as before.
        String nameAlone = """
                {"name": "greet %s", "when": {"type": "tagAdded", "tag": "g2-%s"}, "actions": [{"type": "addTag", "tag": "x"}]}"""
                .formatted(run, run);
        api.post("/api/v1/triggers", nameAlone).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("A trigger named 'greet " + run + "' already exists"));
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/triggers/" + other).contentType(MediaType.APPLICATION_JSON)
                .content(nameAlone)).andExpect(status().isConflict());
        api.get("/api/v1/triggers/" + other).andExpect(jsonPath("$.name").value("Other " + run));
    }

    @Test
    void aTriggerReadsBackAsWrittenWithItsKindAndConditionInTextForm() throws Exception {
        JsonNode created = json(api.post("/api/v1/triggers", """
                {"name": "Replied %s", "when": {"type": "activity", "activity": "REPLIED"},
                 "condition": "stage = NURTURE and tag = \\"vip\\"",
                 "actions": [{"type": "addTag", "tag": "Replied-%s"}, {"type": "changeStage", "to": "MQL"}]}""".formatted(run, run))
                .andExpect(status().isCreated()));
        long id = created.get("id").asLong();

        JsonNode read = json(api.get("/api/v1/triggers/" + id).andExpect(status().isOk()));
        assertThat(read.get("kind").asString()).isEqualTo("CUSTOMER");
        assertThat(read.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(read.at("/when/type").asString()).isEqualTo("activity");
        assertThat(read.at("/when/activity").asString()).isEqualTo("REPLIED");
        assertThat(read.get("condition").asString()).isEqualTo("stage = NURTURE and tag = \"vip\"");
        assertThat(read.at("/actions/0/type").asString()).isEqualTo("addTag");
        assertThat(read.at("/actions/0/tag").asString()).as("tags are kept in lower case").isEqualTo("replied-" + run);
        assertThat(read.at("/actions/1/to").asString()).isEqualTo("MQL");
        assertThat(read.get("webhookSecret").isNull()).as("no webhook, no secret").isTrue();
        assertThat(json(api.get("/api/v1/triggers?status=ACTIVE&limit=500")).get("items").findValuesAsString("name"))
                .contains("Replied " + run);

        // What GET answers goes back through PUT unchanged: the forms are one.
        var again = tools.jackson.databind.json.JsonMapper.shared().createObjectNode();
        for (String field : java.util.List.of("name", "status", "when", "condition", "actions")) {
            again.set(field, read.get(field));
        }
        JsonNode put = json(api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/triggers/" + id)
                .contentType(MediaType.APPLICATION_JSON).content(again.toString())).andExpect(status().isOk()));
        assertThat(put.get("when")).isEqualTo(read.get("when"));
        assertThat(put.get("actions")).isEqualTo(read.get("actions"));
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/triggers/" + id).contentType(MediaType.APPLICATION_JSON)
                .content(again.put("status", "PAUSED").toString())).andExpect(status().isOk());
    }

    @Test
    void mistakesAnswer400NamingEachField() throws Exception {
        api.post("/api/v1/triggers", """
                {"name": "", "when": {"type": "daysBefore", "attribute": "no_such_%s", "days": -1},
                 "condition": "stage = NOWHERE",
                 "actions": [{"type": "enroll", "programId": 999999}, {"type": "webhook", "url": "http://10.1.2.3/hook"},
                             {"type": "addTag", "tag": ""}, {"type": "alertOwner", "subject": " "},
                             {"type": "createTask", "title": "Call", "dueInHours": -1}]}""".formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'when.attribute')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'when.days')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'condition.values[0]')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'actions[0].programId')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'actions[1].url')].message").value(
                        org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("10.0.0.0/8"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'actions[2].tag')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'actions[3].subject')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'actions[4].dueInHours')]").exists());
        api.post("/api/v1/triggers", "{\"name\": \"x " + run + "\", \"when\": {\"type\": \"sometime\"}, \"actions\": []}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("when")));
        api.post("/api/v1/triggers", "{\"name\": \"x " + run + "\", \"when\": {\"type\": \"dealLost\"}, \"actions\": []}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("actions"));
    }

    @Test
    void pointsBeyondAThousandEitherWayAreRefusedEvenTheSmallestWholeNumber() throws Exception {
        for (long points : new long[] {Integer.MIN_VALUE, -1001, 1001, Integer.MAX_VALUE}) {
            api.post("/api/v1/triggers", """
                    {"name": "Points %s %d", "when": {"type": "tagAdded", "tag": "vip"},
                     "actions": [{"type": "adjustScore", "points": %d}]}""".formatted(run, points, points))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("actions[0].points"));
        }
    }

    @Test
    void aTriggerThatFiredIsPausedNotDeletedSoItsHistoryStays() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"tags\": [\"d-%s\"]}".formatted(uniqueEmail("deleted"), run));
        long unused = json(api.post("/api/v1/triggers", trigger("unused " + run).replace("d-" + run, "nobody-" + run)))
                .get("id").asLong();
        long used = json(api.post("/api/v1/triggers", trigger("used " + run))).get("id").asLong();
        api.post("/api/v1/events", """
                {"events": [{"id": "del-%s", "contactId": %d, "type": "REPLIED"}]}""".formatted(run, contact));
        feed.followAll();

        api.delete("/api/v1/triggers/" + unused).andExpect(status().isNoContent());
        api.delete("/api/v1/triggers/" + used).andExpect(status().isConflict());
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/triggers/" + used).contentType(MediaType.APPLICATION_JSON)
                        .content(trigger("used " + run).replace("{\"name\"", "{\"status\": \"PAUSED\", \"name\"")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("PAUSED"));
        assertThat(json(api.get("/api/v1/triggers/" + used + "/firings")).get("items")).hasSize(1);
    }

    @Test
    void aNewWebhookSecretIsGivenThroughTheApiAndAuditedWithoutItAndATriggerWithoutAWebhookHasNoneToRenew()
            throws Exception {
        long hook = json(api.post("/api/v1/triggers", """
                {"name": "Hook %1$s", "status": "PAUSED", "when": {"type": "tagAdded", "tag": "h-%1$s"},
                 "actions": [{"type": "webhook", "url": "http://localhost:9/hook"}]}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
        String old = json(api.get("/api/v1/triggers/" + hook)).get("webhookSecret").asString();

        String renewed = json(api.post("/api/v1/triggers/" + hook + "/webhook-secret", "").andExpect(status().isOk()))
                .get("webhookSecret").asString();

        assertThat(renewed).startsWith("whsec_").isNotEqualTo(old)
                .isEqualTo(json(api.get("/api/v1/triggers/" + hook)).get("webhookSecret").asString());
        JsonNode entry = json(api.as(Role.ADMIN, MockMvcRequestBuilders.get("/api/v1/audit?entityType=trigger&entityId="
                + hook + "&action=TRIGGER_SECRET_RENEWED"))).at("/items/0");
        assertThat(entry.get("details").toString()).contains("Hook " + run).doesNotContain(renewed, old);

        long plain = json(api.post("/api/v1/triggers", trigger("no hook " + run))).get("id").asLong();
        api.post("/api/v1/triggers/" + plain + "/webhook-secret", "").andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Trigger 'no hook " + run + "' calls no webhook, so it has no"
                        + " secret to renew: one is made when a webhook action is saved"));
        api.post("/api/v1/triggers/999999999/webhook-secret", "").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Trigger 999999999 does not exist"));
    }

    @Test
    void aTriggerWhoseSegmentWasDeletedCanStillBePausedButNotResumed() throws Exception {
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"Watched %1$s\", \"text\": \"tag = \\\"w-%1$s\\\"\"}"
                .formatted(run))).get("id").asLong();
        long id = json(api.post("/api/v1/triggers", """
                {"name": "Entered %s", "when": {"type": "segmentEntered", "segmentId": %d},
                 "actions": [{"type": "addTag", "tag": "entered"}]}""".formatted(run, segment))).get("id").asLong();
        // Deleting a segment a trigger watches is refused now; a database from before could hold one.
        jdbc.sql("DELETE FROM segments WHERE id = ?").param(segment).update();

        api.post("/api/v1/triggers/" + id + "/pause", "").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PAUSED"));
        api.post("/api/v1/triggers/" + id + "/resume", "").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("when.segmentId"));
        assertThat(json(api.get("/api/v1/triggers/" + id)).get("status").asString()).isEqualTo("PAUSED");
    }

    @Test
    void aConditionThatCanNoLongerBeCheckedIsRecordedAsSkippedAndHoldsUpNothing() throws Exception {
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"Gone %1$s\", \"text\": \"tag = \\\"g-%1$s\\\"\"}"
                .formatted(run))).get("id").asLong();
        long broken = json(api.post("/api/v1/triggers", """
                {"name": "Broken %s", "when": {"type": "activity", "activity": "REPLIED"}, "condition": "in_segment(%d)",
                 "actions": [{"type": "addTag", "tag": "never"}]}""".formatted(run, segment))).get("id").asLong();
        long working = json(api.post("/api/v1/triggers", trigger("working " + run))).get("id").asLong();
        // Deleting a segment a trigger's condition names is refused now; a database from before could hold one.
        jdbc.sql("DELETE FROM segments WHERE id = ?").param(segment).update();
        long contact = api.createContact("{\"email\": \"%s\", \"tags\": [\"d-%s\"]}".formatted(uniqueEmail("broken"), run));

        api.post("/api/v1/events", """
                {"events": [{"id": "broken-%s", "contactId": %d, "type": "REPLIED"}]}""".formatted(run, contact));
        feed.followAll();

        JsonNode skipped = json(api.get("/api/v1/triggers/" + broken + "/firings")).at("/items/0");
        assertThat(skipped.get("outcome").asString()).isEqualTo("SKIPPED");
        assertThat(skipped.get("reason").asString()).startsWith("CONDITION");
        assertThat(json(api.get("/api/v1/triggers/" + working + "/firings")).at("/items/0/outcome").asString())
                .isEqualTo("FIRED");
        for (long id : java.util.List.of(broken, working)) {
            api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/triggers/" + id).contentType(MediaType.APPLICATION_JSON)
                    .content(trigger("paused " + id + " " + run).replace("{\"name\"", "{\"status\": \"PAUSED\", \"name\"")));
        }
    }

    @Test
    void aTaskForAContactWhoseOwnerHasLeftIsReportedUnassignedAsItWasMade() throws Exception {
        SalesTeam team = new SalesTeam(api);
        long leaver = team.rep("Leaver");
        long contact = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\", \"tags\": [\"t-%s\"]}"
                .formatted(uniqueEmail("orphan"), leaver, run));
        team.change(leaver, "{\"enabled\": false}");
        long id = json(api.post("/api/v1/triggers", """
                {"name": "Task %1$s", "when": {"type": "activity", "activity": "REPLIED"}, "condition": "tag = \\"t-%1$s\\"",
                 "actions": [{"type": "createTask", "title": "Answer the reply"}]}""".formatted(run))).get("id").asLong();

        api.post("/api/v1/events", """
                {"events": [{"id": "orphan-%s", "contactId": %d, "type": "REPLIED"}]}""".formatted(run, contact));
        feed.followAll();

        String detail = json(api.get("/api/v1/triggers/" + id + "/firings")).at("/items/0/actions/0/detail").asString();
        assertThat(detail).isEqualTo("a task in nobody's queue, for any rep to take: the contact's owner, Leaver, is disabled");
        api.post("/api/v1/triggers/" + id + "/pause", "").andExpect(status().isOk());
    }

    @Test
    void aTaskActionMayMakeACallLoggedWithHowItWentRatherThanAFollowUp() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"phone\": \"+4930123456\", \"tags\": [\"c-%s\"]}"
                .formatted(uniqueEmail("to-call"), run));
        long id = json(api.post("/api/v1/triggers", """
                {"name": "Call %1$s", "when": {"type": "activity", "activity": "REPLIED"}, "condition": "tag = \\"c-%1$s\\"",
                 "actions": [{"type": "createTask", "title": "Call about the reply", "call": true}]}""".formatted(run)))
                .get("id").asLong();
        assertThat(json(api.get("/api/v1/triggers/" + id)).at("/actions/0/call").asBoolean()).isTrue();

        api.post("/api/v1/events", """
                {"events": [{"id": "call-%s", "contactId": %d, "type": "REPLIED"}]}""".formatted(run, contact));
        feed.followAll();

        JsonNode made = null;
        for (JsonNode task : json(api.get("/api/v1/tasks/history?assignee=none&limit=500")).get("items")) {
            made = task.get("contactId").asLong() == contact ? task : made;
        }
        assertThat(made).as("nobody's, the contact having no owner").isNotNull();
        assertThat(made.get("kind").asString()).isEqualTo("CALL");
        api.post("/api/v1/triggers/" + id + "/pause", "").andExpect(status().isOk());
    }

    @Test
    void aTaskActionIsTitledWithTheContactsNameAndRefusesAVariableThatIsNone() throws Exception {
        api.post("/api/v1/triggers", """
                {"name": "Typo %1$s", "when": {"type": "activity", "activity": "REPLIED"},
                 "actions": [{"type": "createTask", "title": "Call {{ contact.frist_name }}",
                              "context": "About {{ content.name }}"}]}""".formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'actions[0].title')].message").value(org.hamcrest.Matchers
                        .hasItem(org.hamcrest.Matchers.containsString("'contact.frist_name' is not a variable"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'actions[0].context')].message").value(org.hamcrest.Matchers
                        .hasItem(org.hamcrest.Matchers.containsString("of a task"))));
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Nia", "tags": ["n-%s"], "attributes": {"contract_expiry": "2027-03-04"}}"""
                .formatted(uniqueEmail("nia"), run));
        long id = json(api.post("/api/v1/triggers", """
                {"name": "Named %1$s", "when": {"type": "activity", "activity": "REPLIED"}, "condition": "tag = \\"n-%1$s\\"",
                 "actions": [{"type": "createTask", "title": "Call {{ contact.first_name }} about the reply",
                              "context": "Contract ends {{ contact.contract_expiry }}"}]}""".formatted(run)))
                .get("id").asLong();

        api.post("/api/v1/events", """
                {"events": [{"id": "named-%s", "contactId": %d, "type": "REPLIED"}]}""".formatted(run, contact));
        feed.followAll();

        JsonNode made = null;
        for (JsonNode task : json(api.get("/api/v1/tasks/history?assignee=none&limit=500")).get("items")) {
            made = task.get("contactId").asLong() == contact ? task : made;
        }
        assertThat(made.get("title").asString()).isEqualTo("Call Nia about the reply");
        assertThat(made.get("context").asString()).startsWith("Contract ends 4 March 2027\n\nTrigger 'Named " + run);
        api.post("/api/v1/triggers/" + id + "/pause", "").andExpect(status().isOk());
    }

    private String trigger(String name) {
        return """
                {"name": "%s", "when": {"type": "activity", "activity": "REPLIED"}, "condition": "tag = \\"d-%s\\"",
                 "actions": [{"type": "addTag", "tag": "answered"}]}""".formatted(name, run);
    }
}
