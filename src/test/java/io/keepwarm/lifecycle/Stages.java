package io.keepwarm.lifecycle;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import tools.jackson.databind.JsonNode;

/** Test steps for stages, in the words of the API: a contact, a move, where it stands. */
final class Stages {

    private final Api api;

    Stages(Api api) {
        this.api = api;
    }

    long aContact(String name) throws Exception {
        return api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail(name)));
    }

    /** A new contact moved along the given stages (each move must be allowed). */
    long aContactThrough(String name, Stage... stages) throws Exception {
        long id = aContact(name);
        for (Stage stage : stages) {
            move(id, stage);
        }
        return id;
    }

    void move(long id, Stage to) throws Exception {
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"%s\", \"reason\": \"test step\"}".formatted(to))
                .andExpect(status().isOk());
    }

    String stageOf(long id) throws Exception {
        return current(id).get("stage").asString();
    }

    JsonNode current(long id) throws Exception {
        return json(api.get("/api/v1/contacts/" + id + "/stage").andExpect(status().isOk()));
    }
}
