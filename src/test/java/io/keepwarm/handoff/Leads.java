package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import tools.jackson.databind.JsonNode;

/** Test steps for leads, in the words of the API: a contact, its move to MQL, its hand-off. */
final class Leads {

    private final Api api;

    Leads(Api api) {
        this.api = api;
    }

    /** A contact with a phone in UTC; extra is more JSON fields, e.g. {@code "owner": "12"}. */
    long contact(String name, String extra) throws Exception {
        return api.createContact("""
                {"email": "%s", "firstName": "%s", "lastName": "Lead", "phone": "+49 30 1234567", "timeZone": "UTC"%s}"""
                .formatted(uniqueEmail(name), name, extra.isEmpty() ? "" : ", " + extra));
    }

    long ownedBy(String name, long rep) throws Exception {
        return contact(name, "\"owner\": \"" + rep + "\"");
    }

    void move(long contactId, String to) throws Exception {
        api.post("/api/v1/contacts/" + contactId + "/stage", """
                {"to": "%s", "reasonCode": "SCORE", "reason": "downloaded two white papers, visited pricing twice"}"""
                .formatted(to)).andExpect(status().isOk());
    }

    /** Makes the contact MQL and answers its open hand-off. */
    JsonNode toMql(long contactId) throws Exception {
        move(contactId, "MQL");
        return handoffOf(contactId);
    }

    /** The contact's latest hand-off. */
    JsonNode handoffOf(long contactId) throws Exception {
        JsonNode items = json(api.get("/api/v1/handoffs?contact=" + contactId).andExpect(status().isOk())).get("items");
        return items.get(items.size() - 1);
    }

    JsonNode handoff(long id) throws Exception {
        return json(api.get("/api/v1/handoffs/" + id).andExpect(status().isOk()));
    }

    String stageOf(long contactId) throws Exception {
        return json(api.get("/api/v1/contacts/" + contactId + "/stage")).get("stage").asString();
    }

    long ownerOf(long contactId) throws Exception {
        return json(api.get("/api/v1/contacts/" + contactId)).get("ownerId").asLong();
    }
}
