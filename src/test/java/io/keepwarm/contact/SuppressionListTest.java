package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.engine.Reason;
import io.keepwarm.engine.RequestedSends;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The suppression list an admin reads and keeps: what is on it is never mailed, and an erased person stays a hash. */
@KeepwarmTest
class SuppressionListTest {

    @Autowired Api api;
    @Autowired Consents consents;
    @Autowired Contacts contacts;
    @Autowired RequestedSends requestedSends;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAddressAnAdminAddsByHandIsNotMailedAndLiftingTheEntryLetsTheNextEmailGo() throws Exception {
        String email = uniqueEmail("by-hand");
        long contact = api.createContact("{\"email\": \"" + email + "\", \"firstName\": \"Ada\"}");
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        long piece = api.liveArticle("Guide " + run);

        JsonNode added = json(api.post("/api/v1/suppressions",
                "{\"email\": \" " + email.toUpperCase() + " \", \"note\": \"Legal asked us to stop\"}")
                .andExpect(status().isCreated()));
        assertThat(added.get("email").asString()).isEqualTo(email);
        assertThat(added.get("reason").asString()).isEqualTo("MANUAL");
        assertThat(added.get("note").asString()).isEqualTo("Legal asked us to stop");
        assertThat(added.get("contactId").asLong()).isEqualTo(contact);
        assertThat(added.get("addedBy").asString()).isNotBlank();
        assertThat(added.get("liftable").asBoolean()).isTrue();
        long id = added.get("id").asLong();

        RequestedSends.Outcome withheld = requestedSends.send(contact, piece).orElseThrow();
        assertThat(withheld.result()).isEqualTo(RequestedSends.Result.WITHHELD);
        assertThat(withheld.withheld()).isEqualTo(Reason.SUPPRESSED);

        api.delete("/api/v1/suppressions/" + id).andExpect(status().isNoContent());
        api.get("/api/v1/suppressions/" + id).andExpect(status().isNotFound());

        assertThat(requestedSends.send(contact, piece).orElseThrow().result()).isEqualTo(RequestedSends.Result.SENT);
        assertThat(json(api.get("/api/v1/audit?entityType=suppression&entityId=" + id)).get("items").valueStream()
                .map(e -> e.get("action").asString() + " " + e.get("details").asString()).toList())
                .containsExactly("SUPPRESSION_LIFTED {\"address\":\"" + email + "\",\"reason\":\"added by hand\"}",
                        "SUPPRESSION_ADDED {\"address\":\"" + email + "\",\"note\":\"Legal asked us to stop\"}");
    }

    @Test
    void anAddressOnTheListByHandCannotBecomeAContactLater() throws Exception {
        String email = uniqueEmail("competitor");
        long id = json(api.post("/api/v1/suppressions", "{\"email\": \"" + email + "\"}")
                .andExpect(status().isCreated())).get("id").asLong();

        assertThat(json(api.get("/api/v1/suppressions/" + id)).get("contactId").isNull()).isTrue();
        api.post("/api/v1/contacts", "{\"email\": \"" + email + "\"}").andExpect(status().isConflict());
    }

    @Test
    void aBadAddressIsRefusedAndASecondEntryForAnAddressNamesTheFirst() throws Exception {
        JsonNode bad = json(api.post("/api/v1/suppressions", "{\"email\": \"not-an-address\"}")
                .andExpect(status().isBadRequest()));
        assertThat(bad.get("detail").asString()).contains("'not-an-address' is not an email address");
        api.post("/api/v1/suppressions", "{\"note\": \"no address\"}").andExpect(status().isBadRequest());

        String email = uniqueEmail("twice");
        long first = json(api.post("/api/v1/suppressions", "{\"email\": \"" + email + "\"}")).get("id").asLong();
        JsonNode again = json(api.post("/api/v1/suppressions", "{\"email\": \"" + email + "\"}")
                .andExpect(status().isConflict()));
        assertThat(again.get("detail").asString()).contains(email + " is already on the suppression list (entry "
                + first + ", added by hand on ");
        assertThat(again.get("existingId").asLong()).isEqualTo(first);
    }

    @Test
    void anErasedPersonsEntryShowsNothingOfThemAndCannotBeLifted() throws Exception {
        String email = uniqueEmail("erased");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        contacts.suppress(contact, SuppressionList.COMPLAINT);
        JsonNode complaint = entryFor(email);
        assertThat(complaint.get("reason").asString()).isEqualTo("COMPLAINT");
        assertThat(complaint.get("contactId").asLong()).isEqualTo(contact);
        long id = complaint.get("id").asLong();

        api.delete("/api/v1/contacts/" + contact).andExpect(status().is2xxSuccessful());

        String readBack = api.get("/api/v1/suppressions/" + id).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        JsonNode entry = tools.jackson.databind.json.JsonMapper.shared().readTree(readBack);
        assertThat(entry.get("reason").asString()).isEqualTo("ERASED");
        assertThat(entry.get("liftable").asBoolean()).isFalse();
        assertThat(entry.get("email").isNull()).isTrue();
        assertThat(entry.get("contactId").isNull()).isTrue();
        assertThat(readBack).doesNotContain(email);
        assertThat(api.get("/api/v1/audit?entityType=suppression&entityId=" + id)
                .andReturn().getResponse().getContentAsString()).doesNotContain(email);

        JsonNode refused = json(api.delete("/api/v1/suppressions/" + id).andExpect(status().isConflict()));
        assertThat(refused.get("detail").asString()).contains("an erased person's address")
                .contains("nobody can take it off");
        api.get("/api/v1/suppressions/" + id).andExpect(status().isOk());

        JsonNode again = json(api.post("/api/v1/suppressions", "{\"email\": \"" + email + "\"}")
                .andExpect(status().isConflict()));
        assertThat(again.has("existingId")).as("the erased person's entry is not named").isFalse();
    }

    @Test
    void anAddressAddedByHandAndThenErasedForgetsItsNote() throws Exception {
        String email = uniqueEmail("noted");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        long id = json(api.post("/api/v1/suppressions",
                "{\"email\": \"" + email + "\", \"note\": \"Asked by phone, Dr " + run + "\"}")).get("id").asLong();

        api.delete("/api/v1/contacts/" + contact).andExpect(status().is2xxSuccessful());

        assertThat(api.get("/api/v1/suppressions/" + id).andReturn().getResponse().getContentAsString())
                .doesNotContain(run).doesNotContain(email).contains("\"reason\":\"ERASED\"");
        assertThat(api.get("/api/v1/audit?entityType=suppression&entityId=" + id)
                .andReturn().getResponse().getContentAsString()).doesNotContain(run).doesNotContain(email);
    }

    private JsonNode entryFor(String email) throws Exception {
        String cursor = null;
        do {
            JsonNode page = json(api.get("/api/v1/suppressions?limit=100" + (cursor == null ? "" : "&cursor=" + cursor)));
            for (JsonNode entry : page.get("items")) {
                if (email.equals(entry.get("email").asString(null))) {
                    return entry;
                }
            }
            cursor = page.get("nextCursor") == null || page.get("nextCursor").isNull() ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        throw new AssertionError(email + " is not on the list");
    }
}
