package io.keepwarm.platform;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.Set;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An integrator GETs a program, a piece of content, a segment, a trigger or a contact, changes one field and sends
 * the whole body back: the members only the server sets (id, status, timestamps, ...) are taken and ignored, everything else
 * stays as it was, and a member the resource does not have is still refused.
 */
@KeepwarmTest
class GetPutRoundTripTest {

    /** What a save itself moves on. */
    private static final Set<String> MOVED_BY_A_SAVE = Set.of("updatedAt", "updatedBy", "version", "refreshedAt");

    @Autowired
    Api api;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aProgramSentBackAsReadWithANewNameKeepsEverythingElse() throws Exception {
        long piece = api.liveArticle("Round trip " + run);
        long audience = segment("tag = \"round-trip-" + run + "\"");
        long program = created("/api/v1/programs", """
                {"name": "Round trip %s", "description": "as read", "kind": "SEQUENCE", "audienceSegmentId": %d,
                 "priority": 7, "reenrollment": "NEVER", "exitOnSegmentLeave": true, "sendAsOwner": true,
                 "goal": {"or": [{"activity": "replied"}, {"field": "stage", "op": "=", "value": "MQL"}]},
                 "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL", "staleAfter": "P3D"},
                           {"type": "wait", "duration": "P7D"},
                           {"type": "branch", "rule": {"field": "tag", "op": "=", "value": "vip"}, "elseStep": 4},
                           {"type": "task", "text": "Call about the guide"},
                           {"type": "addTag", "tag": "nurtured"}]}""".formatted(run, audience, piece));
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());

        roundTrip("/api/v1/programs/" + program);
    }

    @Test
    void aPieceOfContentSentBackAsReadWithANewNameKeepsEverythingElseAndDerivesItsTextAgain() throws Exception {
        long piece = created("/api/v1/content", """
                {"name": "Round trip %s", "type": "WHITE_PAPER", "status": "LIVE", "topics": ["hpc"],
                 "stages": ["NURTURE"], "language": "en", "landingUrl": "https://example.com/cooling",
                 "offer": {"key": "cooling-%s", "label": "Send me the guide"},
                 "landing": {"title": "Cooling", "html": "<p>The guide</p>"},
                 "fallbacks": {"contact.first_name": "there"},
                 "variants": {"email": {"subject": "A guide for {{ contact.first_name }}",
                                        "html": "<p>Dear {{ contact.first_name }},</p>"},
                              "phone": {"script": "Ask about cooling"}}}""".formatted(run, run));

        JsonNode read = roundTrip("/api/v1/content/" + piece);
        assertThat(read.at("/variants/email/textDerived").asBoolean()).isTrue();

        // The text the GET showed was read from the HTML, not written: sent back beside new HTML, it follows it.
        ObjectNode edited = (ObjectNode) read.deepCopy();
        ((ObjectNode) edited.at("/variants/email")).put("html", "<p>Hello {{ contact.first_name }}, again</p>");
        JsonNode saved = json(put("/api/v1/content/" + piece, edited).andExpect(status().isOk()));
        assertThat(saved.at("/variants/email/text").asString()).contains("again");
        assertThat(saved.at("/variants/email/textDerived").asBoolean()).isTrue();
    }

    @Test
    void aSegmentSentBackAsReadWithBothFormsOfItsRuleKeepsEverythingElse() throws Exception {
        long segment = segment("tag = \"round-trip-" + run + "\" and stage = NURTURE");
        JsonNode read = roundTrip("/api/v1/segments/" + segment);

        // Both forms given must say the same: a changed text beside the rule it no longer matches is ambiguous.
        ObjectNode edited = (ObjectNode) read.deepCopy();
        edited.put("text", "tag = \"elsewhere\"");
        put("/api/v1/segments/" + segment, edited).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("not both")));
    }

    @Test
    void aTriggerSentBackAsReadWithANewNameKeepsEverythingElse() throws Exception {
        long trigger = created("/api/v1/triggers", """
                {"name": "Round trip %s", "description": "as read", "when": {"type": "activity", "activity": "REPLIED"},
                 "condition": "stage = NURTURE",
                 "actions": [{"type": "addTag", "tag": "replied"}, {"type": "webhook", "url": "http://localhost:9/hook"}]}"""
                .formatted(run));
        roundTrip("/api/v1/triggers/" + trigger);
    }

    @Test
    void aContactSentBackAsReadByPatchOrUpsertChangesOnlyWhatWasEdited() throws Exception {
        long rep = new io.keepwarm.support.SalesTeam(api).rep("RoundTripRep");
        long other = new io.keepwarm.support.SalesTeam(api).rep("OtherRep");
        String email = Api.uniqueEmail("roundtrip");
        long id = json(api.post("/api/v1/contacts", """
                {"email": "%s", "firstName": "Ada", "lastName": "Byron", "phone": "+44 20 7946 0000", "title": "CTO",
                 "company": {"name": "Analytical %s", "domain": "analytical.example", "industry": "Engines", "size": "11-50"},
                 "country": "GB", "city": "London", "timeZone": "Europe/London", "owner": "%d", "tags": ["hpc", "vip"],
                 "attributes": {"birthday": "1815-12-10"},
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "web form"}]}"""
                .formatted(email, run, rep)).andExpect(status().isCreated())).get("id").asLong();
        api.patch("/api/v1/contacts/" + id, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());
        String path = "/api/v1/contacts/" + id;
        JsonNode read = json(api.get(path).andExpect(status().isOk()));
        assertThat(read.get("ownerId").asLong()).isEqualTo(rep);

        // Sent back as read, as a merge patch and as an upsert: taken, and nothing moves but the edited name.
        ObjectNode edited = (ObjectNode) read.deepCopy();
        edited.put("firstName", "Augusta");
        assertSameBut(read, json(api.patch(path, edited.toString()).andExpect(status().isOk())), "Augusta");
        edited.put("firstName", "Ada");
        assertSameBut(read, json(api.post("/api/v1/contacts", edited.toString()).andExpect(status().isOk())), "Ada");

        // The owner is written as it is read, by its id, or by "owner" beside the id as read.
        edited.put("ownerId", other);
        assertThat(json(api.patch(path, edited.toString()).andExpect(status().isOk())).get("ownerId").asLong())
                .isEqualTo(other);
        edited.put("ownerId", other).put("owner", String.valueOf(rep));
        assertThat(json(api.post("/api/v1/contacts", edited.toString()).andExpect(status().isOk())).get("ownerId")
                .asLong()).isEqualTo(rep);

        // What is changed at its own address is refused when it would change, naming where.
        ObjectNode tagged = (ObjectNode) json(api.get(path)).deepCopy();
        tagged.putArray("tags").add("other");
        api.patch(path, tagged.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tags"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("/api/v1/contacts/{id}/tags")));
        ObjectNode unknown = (ObjectNode) json(api.get(path)).deepCopy();
        unknown.put("favouriteColour", "blue");
        api.patch(path, unknown.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("favouriteColour"));
        api.post("/api/v1/contacts", unknown.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("favouriteColour")));
    }

    private void assertSameBut(JsonNode read, JsonNode saved, String firstName) {
        assertThat(saved.get("firstName").asString()).isEqualTo(firstName);
        for (String member : read.propertyNames()) {
            if (!member.equals("firstName") && !member.equals("updatedAt")) {
                assertThat(saved.get(member)).as("%s after the round trip", member).isEqualTo(read.get(member));
            }
        }
    }

    /**
     * GETs the resource, PUTs it back with a new name, and checks that only the name (and what a save moves on) changed
     * and that an unknown member is still refused. Answers what was read.
     */
    private JsonNode roundTrip(String path) throws Exception {
        JsonNode read = json(api.get(path).andExpect(status().isOk()));
        ObjectNode edited = (ObjectNode) read.deepCopy();
        edited.put("name", "Renamed " + run);

        JsonNode saved = json(put(path, edited).andExpect(status().isOk()));
        assertThat(saved.get("name").asString()).isEqualTo("Renamed " + run);
        for (String member : read.propertyNames()) {
            if (!member.equals("name") && !MOVED_BY_A_SAVE.contains(member)) {
                assertThat(saved.get(member)).as("%s after the round trip", member).isEqualTo(read.get(member));
            }
        }
        assertThat(json(api.get(path)).get("name").asString()).as("what is stored").isEqualTo("Renamed " + run);

        edited.put("favouriteColour", "blue");
        put(path, edited).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("favouriteColour")));
        return read;
    }

    private long created(String path, String body) throws Exception {
        return json(api.post(path, body).andExpect(status().isCreated())).get("id").asLong();
    }

    private long segment(String text) throws Exception {
        return json(api.post("/api/v1/segments", tools.jackson.databind.json.JsonMapper.shared().createObjectNode()
                .put("name", "Round trip " + text + " " + UUID.randomUUID()).put("text", text).toString())
                .andExpect(status().isCreated())).get("id").asLong();
    }

    private ResultActions put(String path, JsonNode body) throws Exception {
        return api.as(Role.ADMIN, MockMvcRequestBuilders.put(path).contentType(MediaType.APPLICATION_JSON)
                .content(body.toString()));
    }
}
