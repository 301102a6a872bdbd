package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * What a rep (SALES) may change on a contact: not who owns it unless they manage its owner, not a do-not-contact
 * channel away, not a bounce the mail system recorded, not the address of a contact that is not theirs. Marketing and
 * admins may. Nor does a rep create a contact for another rep, or add or remove what the contact chooses in the
 * preference centre.
 */
@KeepwarmTest
class RepContactEditsTest {

    @Autowired Api api;
    @Autowired Contacts contacts;

    private SalesTeam team;
    private long first;
    private long second;

    @BeforeEach
    void twoReps() throws Exception {
        team = new SalesTeam(api);
        first = team.rep("First");
        second = team.rep("Second");
        team.onlyThese(first, second);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void aRepCannotTakeAColleaguesContactWithoutAnOpenHandoffSoTheNextLeadStillGoesToItsOwner() throws Exception {
        String email = uniqueEmail("coveted");
        long contact = contact(email, "\"owner\": \"" + first + "\", \"phone\": \"+49 30 1234567\", \"timeZone\": \"UTC\"");

        JsonNode refused = json(edit(second, contact, "{\"owner\": \"" + second + "\"}").andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString())
                .contains(email + " belongs to First, another rep")
                .contains("First, their manager, a marketer or an admin");
        team.as(second, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(email, second)))
                .andExpect(status().isForbidden());

        assertThat(ownerOf(contact)).isEqualTo(first);
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        JsonNode handoffs = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items");
        assertThat(handoffs.get(handoffs.size() - 1).get("repId").asLong()).isEqualTo(first);
    }

    @Test
    void aRepGivesNoUnownedContactAnOwnerNorPassesTheirOwnOnButTheirManagerOrAMarketerMay() throws Exception {
        long manager = team.rep("Manager");
        team.manages(manager, first);
        long unowned = contact(uniqueEmail("unowned"), "");
        long own = contact(uniqueEmail("own"), "\"owner\": \"" + first + "\"");

        assertThat(json(edit(first, unowned, "{\"owner\": \"" + first + "\"}").andExpect(status().isForbidden()))
                .get("detail").asString()).contains("has no owner").contains("ask a marketer or an admin");
        assertThat(json(edit(first, own, "{\"owner\": \"" + second + "\"}").andExpect(status().isForbidden()))
                .get("detail").asString()).contains("is yours; passing it to another rep is for your manager");
        api.as(Role.SALES, patch("/api/v1/contacts/" + own).contentType(MediaType.APPLICATION_JSON)
                .content("{\"owner\": \"" + second + "\"}")).andExpect(status().isForbidden());
        JsonNode stillUnowned = json(api.get("/api/v1/contacts/" + unowned)).path("ownerId");
        assertThat(stillUnowned.isNull() || stillUnowned.isMissingNode()).isTrue();
        assertThat(ownerOf(own)).isEqualTo(first);

        edit(manager, own, "{\"owner\": \"" + second + "\"}").andExpect(status().isOk());
        assertThat(ownerOf(own)).isEqualTo(second);
        api.as(Role.MARKETER, patch("/api/v1/contacts/" + unowned).contentType(MediaType.APPLICATION_JSON)
                .content("{\"owner\": \"" + first + "\"}")).andExpect(status().isOk());
        assertThat(ownerOf(unowned)).isEqualTo(first);
        JsonNode created = json(team.as(second, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(uniqueEmail("met"), second)))
                .andExpect(status().isCreated()));
        assertThat(created.get("ownerId").asLong()).as("a rep still creates a contact they own").isEqualTo(second);
    }

    @Test
    void aRepCreatesNoContactForAnotherRepButTheirManagerMay() throws Exception {
        long manager = team.rep("Manager");
        team.manages(manager, first);
        String email = uniqueEmail("planted");

        JsonNode refused = json(create(second, email, first).andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).contains("User " + first + " is another rep")
                .contains("a rep makes contacts for themselves").contains("name yourself as the owner or leave it out");
        api.as(Role.SALES, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(email, first)))
                .andExpect(status().isForbidden());
        assertThat(json(api.get("/api/v1/contacts?q=" + email)).get("items")).as("nothing was created").isEmpty();

        assertThat(json(create(manager, email, first).andExpect(status().isCreated())).get("ownerId").asLong())
                .isEqualTo(first);
        JsonNode unowned = json(create(second, uniqueEmail("unowned-new"), null).andExpect(status().isCreated()));
        assertThat(unowned.path("ownerId").isNull() || unowned.path("ownerId").isMissingNode()).isTrue();
    }

    @Test
    void aRepAddsDoNotContactChannelsButOnlyMarketingClearsThem() throws Exception {
        long contact = contact(uniqueEmail("dnc"), "\"owner\": \"" + first + "\"");
        api.patch("/api/v1/contacts/" + contact, "{\"doNotContact\": [\"EMAIL\"]}").andExpect(status().isOk());

        edit(first, contact, "{\"doNotContact\": [\"EMAIL\", \"PHONE\"]}").andExpect(status().isOk());
        JsonNode refused = json(edit(first, contact, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).contains("is do-not-contact by EMAIL")
                .contains("compliance decision for a marketer or an admin").contains("keep EMAIL in doNotContact");
        edit(first, contact, "{\"doNotContact\": null}").andExpect(status().isForbidden());
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").toString())
                .contains("EMAIL").contains("PHONE");

        api.as(Role.MARKETER, patch("/api/v1/contacts/" + contact).contentType(MediaType.APPLICATION_JSON)
                .content("{\"doNotContact\": [\"PHONE\"]}")).andExpect(status().isOk());
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").toString()).doesNotContain("EMAIL");
    }

    @Test
    void aRepMarksAnAddressUnreachableButDoesNotClearABounceTheMailSystemRecorded() throws Exception {
        String email = uniqueEmail("bounced");
        long bounced = contact(email, "\"owner\": \"" + first + "\"");
        contacts.markValidity(bounced, Validity.BOUNCED, "hard bounce (smtp): 550 no such user");

        JsonNode refused = json(edit(first, bounced, "{\"validity\": \"VALID\"}").andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).contains("address " + email + " bounced")
                .contains("a rep does not clear what delivery recorded").contains("ask a marketer or an admin");
        edit(first, bounced, "{\"validity\": \"LEFT_COMPANY\"}").andExpect(status().isForbidden());
        team.as(first, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"validity\": \"VALID\"}".formatted(email)))
                .andExpect(status().isForbidden());
        assertThat(validityOf(bounced)).isEqualTo("BOUNCED");

        long moving = contact(uniqueEmail("moving-on"), "\"owner\": \"" + first + "\"");
        edit(first, moving, "{\"validity\": \"LEFT_COMPANY\"}").andExpect(status().isOk());
        assertThat(validityOf(moving)).isEqualTo("LEFT_COMPANY");
        edit(first, bounced, "{\"email\": \"" + uniqueEmail("new-address") + "\", \"validity\": \"VALID\"}")
                .andExpect(status().isOk());
        assertThat(validityOf(bounced)).as("the owner's new address is not the one that bounced").isEqualTo("VALID");

        long another = contact(uniqueEmail("bounced-too"), "\"owner\": \"" + first + "\"");
        contacts.markValidity(another, Validity.BOUNCED, "hard bounce (smtp): 550 no such user");
        api.as(Role.MARKETER, patch("/api/v1/contacts/" + another).contentType(MediaType.APPLICATION_JSON)
                .content("{\"validity\": \"VALID\"}")).andExpect(status().isOk());
        assertThat(validityOf(another)).isEqualTo("VALID");
    }

    @Test
    void aRepLeavesTheChoicesTheContactMadeInThePreferenceCentreButMarketingMayRemoveThem() throws Exception {
        long contact = contact(uniqueEmail("chooser"), "\"owner\": \"" + first + "\"");
        // The tags the preference centre keeps the contact's topics and "only webinars" as, beside one of the rep's.
        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"topic:cooling\", \"only-webinars\", \"met-at-fair\"]}")
                .andExpect(status().isOk());

        JsonNode refused = json(team.as(first, delete("/api/v1/contacts/" + contact + "/tags/topic:cooling"))
                .andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).contains("Tag 'topic:cooling' on contact " + contact)
                .contains("the contact's own choice in the preference centre").contains("ask a marketer or an admin");
        team.as(first, delete("/api/v1/contacts/" + contact + "/tags/Topic:Cooling")).andExpect(status().isForbidden());
        team.as(first, delete("/api/v1/contacts/" + contact + "/tags/only-webinars")).andExpect(status().isForbidden());
        team.as(first, delete("/api/v1/contacts/" + contact + "/tags/met-at-fair")).andExpect(status().isOk());
        assertThat(tagsOf(contact)).containsExactly("only-webinars", "topic:cooling");

        api.as(Role.MARKETER, delete("/api/v1/contacts/" + contact + "/tags/topic:cooling")).andExpect(status().isOk());
        assertThat(tagsOf(contact)).containsExactly("only-webinars");
    }

    @Test
    void aRepDoesNotAddAChoiceTheContactMakesInThePreferenceCentreSoNoneIsLeftTheyCannotRemove() throws Exception {
        String email = uniqueEmail("unchosen");
        long contact = contact(email, "\"owner\": \"" + first + "\"");

        JsonNode refused = json(team.as(first, post("/api/v1/contacts/" + contact + "/tags")
                .contentType(MediaType.APPLICATION_JSON).content("{\"tags\": [\"met-at-fair\", \"Topic:Cooling\"]}"))
                .andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).contains("Tag 'topic:cooling' records a choice contact " + contact
                + " makes in the preference centre").contains("interest-cooling").contains("Nothing was added");
        team.as(first, put("/api/v1/contacts/" + contact + "/tags/only-webinars")).andExpect(status().isForbidden());
        team.as(first, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"tags\": [\"topic:hpc\"]}".formatted(email)))
                .andExpect(status().isForbidden());
        team.as(first, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON).content(
                "{\"email\": \"%s\", \"tags\": [\"only-webinars\"]}".formatted(uniqueEmail("new-unchosen"))))
                .andExpect(status().isForbidden());
        assertThat(tagsOf(contact)).as("nothing was added").isEmpty();

        team.as(first, put("/api/v1/contacts/" + contact + "/tags/met-at-fair")).andExpect(status().isOk());
        api.as(Role.MARKETER, put("/api/v1/contacts/" + contact + "/tags/topic:cooling")).andExpect(status().isOk());
        // A sync that sends back the tags the contact has changes nothing, so a rep's is not refused.
        team.as(first, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"tags\": [\"topic:cooling\", \"called\"]}".formatted(email)))
                .andExpect(status().isOk());
        assertThat(tagsOf(contact)).containsExactly("called", "met-at-fair", "topic:cooling");
    }

    @Test
    void onlyTheOwnerAmongRepsChangesAContactsAddress() throws Exception {
        long contact = contact(uniqueEmail("moving"), "\"owner\": \"" + first + "\"");
        String corrected = uniqueEmail("corrected");

        assertThat(json(edit(second, contact, "{\"email\": \"" + uniqueEmail("elsewhere") + "\"}")
                .andExpect(status().isForbidden())).get("detail").asString())
                .contains("belongs to First, another rep");
        api.as(Role.SALES, patch("/api/v1/contacts/" + contact).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + uniqueEmail("bykey") + "\"}")).andExpect(status().isForbidden());
        edit(first, contact, "{\"email\": \"" + corrected + "\", \"title\": \"CTO\"}").andExpect(status().isOk());

        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("email").asString()).isEqualTo(corrected);
    }

    private long contact(String email, String extra) throws Exception {
        return api.createContact("{\"email\": \"%s\"%s}".formatted(email, extra.isEmpty() ? "" : ", " + extra));
    }

    private ResultActions create(long rep, String email, Long owner) throws Exception {
        return team.as(rep, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON).content(owner == null
                ? "{\"email\": \"%s\"}".formatted(email) : "{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(email, owner)));
    }

    private ResultActions edit(long rep, long contact, String json) throws Exception {
        return team.as(rep, patch("/api/v1/contacts/" + contact).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private java.util.List<String> tagsOf(long contact) throws Exception {
        return api.every("/api/v1/contacts/" + contact + "/tags").stream().map(JsonNode::asString).toList();
    }

    private String validityOf(long contact) throws Exception {
        return json(api.get("/api/v1/contacts/" + contact)).get("validity").asString();
    }

    private long ownerOf(long contact) throws Exception {
        return json(api.get("/api/v1/contacts/" + contact)).get("ownerId").asLong();
    }
}
