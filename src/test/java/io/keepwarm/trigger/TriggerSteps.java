package io.keepwarm.trigger;

import static io.keepwarm.support.Api.json;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Test steps for triggers, in the words of the API. */
final class TriggerSteps {

    private final Api api;
    private final Triggers triggers;

    TriggerSteps(Api api, Triggers triggers) {
        this.api = api;
        this.triggers = triggers;
    }

    /** Creates a trigger from its JSON and returns its id. */
    long create(String json) throws Exception {
        return json(api.post("/api/v1/triggers", json).andExpect(status().isCreated())).get("id").asLong();
    }

    /** A custom DATE attribute with this key. */
    void dateAttribute(String key) throws Exception {
        api.post("/api/v1/attributes", "{\"key\": \"%s\", \"label\": \"%s\", \"type\": \"DATE\"}".formatted(key, key))
                .andExpect(status().is2xxSuccessful());
    }

    /** The contact's firings, newest first. */
    List<JsonNode> firingsOf(long contactId) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        json(api.get("/api/v1/contacts/" + contactId + "/trigger-firings?limit=500").andExpect(status().isOk()))
                .get("items").forEach(all::add);
        return all;
    }

    /** The contact's firings of one trigger, newest first. */
    List<JsonNode> firingsOf(long contactId, long triggerId) throws Exception {
        return firingsOf(contactId).stream().filter(f -> f.get("triggerId").asLong() == triggerId).toList();
    }

    List<String> tagsOf(long contactId) throws Exception {
        List<String> tags = new ArrayList<>();
        json(api.get("/api/v1/contacts/" + contactId)).get("tags").forEach(t -> tags.add(t.asString()));
        return tags;
    }

    /** Pauses every active trigger, so the next test's cues meet only its own. */
    void pauseAll() {
        for (Trigger t : triggers.list(Trigger.Status.ACTIVE, null, 500).items()) {
            triggers.update(t.id(), new Trigger.Draft(t.name(), t.description(), Trigger.Status.PAUSED, t.when(),
                    t.condition() == null ? null : conditionText(t), t.actions()));
        }
    }

    private String conditionText(Trigger t) {
        return io.keepwarm.segment.internal.RuleText.print(t.condition());
    }
}
