package io.keepwarm.activity;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Activity sent in from outside: kept once per client id, each bad event reported with its place and reason. */
@KeepwarmTest
class EventsApiTest {

    @Autowired Api api;
    @Autowired Activities activities;
    @Autowired TestClock clock;
    @Autowired ActivityFeed feed;
    @Autowired io.keepwarm.contact.Contacts contacts;

    @Test
    void aBatchKeepsItsGoodEventsOnceAndSaysWhyEachBadOneWasNotKept() throws Exception {
        String email = uniqueEmail("replier");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        String run = UUID.randomUUID().toString();
        String batch = """
                {"events": [
                  {"id": "%1$s-1", "email": "%2$s", "type": "REPLIED", "channel": "EMAIL", "target": "Re: cooling guide"},
                  {"id": "%1$s-2", "contactId": %3$d, "type": "page_view", "target": "https://example.com/pricing"},
                  {"id": "%1$s-3", "email": "nobody-%1$s@example.com", "type": "REPLIED"},
                  {"id": "%1$s-4", "contactId": %3$d, "type": "TELEPATHY"},
                  {"id": "%1$s-1", "contactId": %3$d, "type": "REPLIED"}
                ]}""".formatted(run, email.toUpperCase(), contact);

        var first = json(api.post("/api/v1/events", batch).andExpect(status().isOk()));
        assertThat(first.get("accepted").asInt()).isEqualTo(2);
        assertThat(first.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(2, 3, 4);
        assertThat(first.get("rejected").get(0).get("message").asString()).endsWith(", which no contact has");
        assertThat(first.get("rejected").get(1).get("message").asString()).contains("type must be one of");

        api.post("/api/v1/events", batch).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(0)).andExpect(jsonPath("$.duplicates").value(2));

        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.REPLIED, clock.instant().minusSeconds(1)))
                .singleElement().satisfies(a -> assertThat(a.target()).isEqualTo("Re: cooling guide"));
    }

    @Test
    void anEventsTypeAndChannelAreReadWithSpacesOrHyphensAsEveryValueOfASetIs() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("spaced") + "\"}");
        String run = UUID.randomUUID().toString();
        api.post("/api/v1/events", """
                {"events": [{"id": "%s-1", "contactId": %d, "type": "page view", "channel": "Email"},
                            {"id": "%s-2", "contactId": %d, "type": "webinar-registered"}]}"""
                        .formatted(run, contact, run, contact))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(2));
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.PAGE_VIEW, clock.instant().minusSeconds(1)))
                .hasSize(1);
    }

    @Test
    void anEventTheDatabaseCouldNotStoreIsRejectedAloneAndTheRestOfItsBatchIsKept() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("odd") + "\"}");
        String run = UUID.randomUUID().toString();
        String batch = """
                {"events": [
                  {"id": "%1$s-nul\\u0000", "contactId": %2$d, "type": "REPLIED"},
                  {"id": "%1$s-target", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/a\\u0000b"},
                  {"id": "%1$s-email", "email": "nul\\u0000@example.com", "type": "REPLIED"},
                  {"id": "%1$s-far", "contactId": %2$d, "type": "PURCHASE", "occurredAt": "+300000-01-01T00:00:00Z"},
                  {"id": "%1$s-future", "contactId": %2$d, "type": "PURCHASE", "occurredAt": "2099-01-01T00:00:00Z"},
                  {"id": "%1$s-kelvin", "contactId": %2$d, "type": "EMAIL_CLIC\u212AED"},
                  {"id": "%1$s-good", "contactId": %2$d, "type": "email_clicked", "channel": "email"}
                ]}""".formatted(run, contact);

        var result = json(api.post("/api/v1/events", batch).andExpect(status().isOk()));

        assertThat(result.get("accepted").asInt()).isEqualTo(2);
        assertThat(result.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(0, 1, 2, 3, 4);
        assertThat(result.get("rejected").get(0).get("message").asString()).contains("NUL");
        assertThat(result.get("rejected").get(2).get("message").asString()).contains("NUL");
        assertThat(result.get("rejected").get(3).get("message").asString()).contains("occurredAt must lie between");
        assertThat(result.get("rejected").get(4).get("message").asString()).contains("occurredAt must lie between");
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_CLICKED, clock.instant().minusSeconds(1)))
                .hasSize(2);
    }

    @Test
    void aNulCharacterInAnEventsPropertyNameOrValueRejectsThatEventAloneAtItsProperties() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("nul-properties") + "\"}");
        String run = UUID.randomUUID().toString();
        String batch = """
                {"events": [
                  {"id": "%1$s-name", "contactId": %2$d, "type": "FORM_SUBMITTED", "properties": {"fo\\u0000rm": "demo"}},
                  {"id": "%1$s-value", "contactId": %2$d, "type": "FORM_SUBMITTED", "properties": {"form": "de\\u0000mo"}},
                  {"id": "%1$s-good", "contactId": %2$d, "type": "FORM_SUBMITTED", "properties": {"form": "demo"}}
                ]}""".formatted(run, contact);

        var result = json(api.post("/api/v1/events", batch).andExpect(status().isOk()));

        assertThat(result.get("accepted").asInt()).isEqualTo(1);
        assertThat(result.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(0, 1);
        assertThat(result.get("rejected")).extracting(r -> r.at("/errors/0/field").asString())
                .containsExactly("properties", "properties");
        assertThat(result.get("rejected").get(0).get("message").asString()).contains("NUL");
    }

    @Test
    void anEventForAContactSinceMergedIntoAnotherGoesToTheSurvivorByOldIdOrOldAddress() throws Exception {
        String oldEmail = uniqueEmail("old");
        long survivor = api.createContact("{\"email\": \"" + uniqueEmail("kept") + "\"}");
        long merged = api.createContact("{\"email\": \"" + oldEmail + "\"}");
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, merged))
                .andExpect(status().isOk());
        String run = UUID.randomUUID().toString();

        api.post("/api/v1/events", """
                {"events": [
                  {"id": "%1$s-1", "contactId": %2$d, "type": "REPLIED"},
                  {"id": "%1$s-2", "email": "%3$s", "type": "REPLIED"}
                ]}""".formatted(run, merged, oldEmail.toUpperCase())).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(2));
        api.post("/api/v1/events", """
                {"createUnknown": true, "events": [{"id": "%1$s-3", "email": "%2$s", "type": "REPLIED"}]}"""
                .formatted(run, oldEmail))
                .andExpect(status().isOk()).andExpect(jsonPath("$.accepted").value(1));

        assertThat(activities.ofTypeAfter(List.of(survivor), ActivityType.REPLIED, clock.instant().minusSeconds(1)))
                .hasSize(3);
        assertThat(contacts.findIdByEmail(oldEmail)).as("no contact made again for the old address").isEmpty();
    }

    @Test
    void customEventsKeepTheirNameAndPropertiesAndReachTheFollowersOnce() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("trial") + "\"}");
        String run = UUID.randomUUID().toString();
        feed.followAll();
        api.post("/api/v1/events", """
                {"events": [
                  {"id": "%1$s-1", "contactId": %2$d, "type": "CUSTOM", "customType": "trial_started",
                   "properties": {"plan": "pro", "seats": 12}},
                  {"id": "%1$s-2", "contactId": %2$d, "type": "CUSTOM"},
                  {"id": "%1$s-3", "contactId": %2$d, "type": "REPLIED", "customType": "trial_started"},
                  {"id": "%1$s-4", "contactId": %2$d, "type": "FORM_SUBMITTED", "properties": {"nested": {"a": 1}}}
                ]}""".formatted(run, contact)).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejected[0].message").value(org.hamcrest.Matchers.containsString("customType is required")))
                .andExpect(jsonPath("$.rejected[1].message").value(org.hamcrest.Matchers.containsString("only with type CUSTOM")))
                .andExpect(jsonPath("$.rejected[2].message").value(org.hamcrest.Matchers.containsString("flat")));

        clock.advance(java.time.Duration.ofSeconds(3));
        assertThat(feed.lag()).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(feed.followAll()).isEqualTo(1);
        assertThat(feed.followAll()).isZero();
        assertThat(feed.lag()).isZero();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.CUSTOM, clock.instant().minusSeconds(60)))
                .singleElement().satisfies(a -> assertThat(a.contactId()).isEqualTo(contact));
    }

    @Test
    void anUnknownEmailBecomesAContactOnlyWhenAskedAndTheKeyMayCreateContacts() throws Exception {
        String run = UUID.randomUUID().toString();
        String email = "walk-in-" + run + "@example.com";
        String batch = """
                {"createUnknown": true, "events": [
                  {"id": "%1$s-1", "email": "%2$s", "type": "FORM_SUBMITTED", "target": "Contact us"},
                  {"id": "%1$s-2", "email": "not an address", "type": "FORM_SUBMITTED"}
                ]}""".formatted(run, email);

        api.as(io.keepwarm.identity.Role.SALES, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/api/v1/events").contentType("application/json").content(batch))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.detail").value(
                        org.hamcrest.Matchers.containsString("ADMIN or MARKETER")));
        api.post("/api/v1/events", batch).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejected[0].index").value(1));
        assertThat(contacts.findIdByEmail(email)).isPresent();
    }

    @Test
    void unknownVisitorsBecomeContactsInOnePassOnceEachButNeverAnErasedPerson() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String erased = uniqueEmail("erased");
        api.delete("/api/v1/contacts/" + api.createContact("{\"email\": \"" + erased + "\"}")).andExpect(status().isNoContent());
        String first = "visitor-a-" + run + "@example.com";
        String second = "visitor-b-" + run + "@example.com";
        String batch = """
                {"createUnknown": true, "events": [
                  {"id": "%1$s-1", "email": "%2$s", "type": "PAGE_VIEW", "target": "/pricing"},
                  {"id": "%1$s-2", "email": "%3$s", "type": "FORM_SUBMITTED", "target": "Contact us"},
                  {"id": "%1$s-3", "email": "%4$s", "type": "PAGE_VIEW", "target": "/pricing"},
                  {"id": "%1$s-4", "email": "%5$s", "type": "FORM_SUBMITTED", "target": "Contact us"}
                ]}""".formatted(run, first, second, first.toUpperCase(), erased);

        api.post("/api/v1/events", batch).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(3))
                .andExpect(jsonPath("$.rejected.length()").value(1))
                .andExpect(jsonPath("$.rejected[0].index").value(3))
                .andExpect(jsonPath("$.rejected[0].message").value(org.hamcrest.Matchers.containsString("suppression list")));

        long a = contacts.findIdByEmail(first).orElseThrow();
        assertThat(contacts.findIdByEmail(first.toUpperCase())).as("two spellings, one person").contains(a);
        assertThat(contacts.findIdByEmail(second)).isPresent();
        assertThat(contacts.findIdByEmail(erased)).isEmpty();
        assertThat(contacts.get(a).source()).isEqualTo(io.keepwarm.contact.ContactSource.API);
        assertThat(json(api.get("/api/v1/audit?entityType=contact&entityId=" + a)).get("items"))
                .extracting(e -> e.get("action").asString()).containsExactly("CONTACT_CREATED");

        api.post("/api/v1/events", batch.replace(run + "-", run + "-again-")).andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(3));
        assertThat(json(api.get("/api/v1/audit?entityType=contact&entityId=" + a)).get("items"))
                .as("the second time they are known").hasSize(1);
    }

    @Test
    void anEventWithAValueOfTheWrongKindIsRejectedAloneAndTheRestOfItsBatchIsKept() throws Exception {
        String email = uniqueEmail("typed");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        String run = UUID.randomUUID().toString();
        String batch = """
                {"events": [
                  {"id": "%1$s-1", "contactId": %2$d, "type": "REPLIED"},
                  {"id": "%1$s-2", "contactId": %2$d, "type": "REPLIED", "occurredAt": 5},
                  {"id": "%1$s-3", "contactId": %2$d, "type": "REPLIED", "properties": "x"},
                  {"id": "%1$s-4", "contactId": [], "type": "REPLIED"},
                  {"id": "%1$s-5", "contact": [], "type": "REPLIED"},
                  {"id": "%1$s-6", "contactId": %2$d, "type": "REPLIED", "occurredAt": "last Tuesday"},
                  "REPLIED",
                  {"id": "%1$s-8", "email": "%3$s", "type": "FORM_SUBMITTED", "target": "demo"}
                ]}""".formatted(run, contact, email);

        var result = json(api.post("/api/v1/events", batch).andExpect(status().isOk()));

        assertThat(result.get("accepted").asInt()).isEqualTo(2);
        assertThat(result.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(result.get("rejected")).extracting(r -> r.get("message").asString()).satisfiesExactly(
                m -> assertThat(m).startsWith("occurredAt must be a date and time"),
                m -> assertThat(m).startsWith("properties must be an object"),
                m -> assertThat(m).startsWith("contactId must be"),
                m -> assertThat(m).startsWith("contact is unknown (the fields are id, contactId, email"),
                m -> assertThat(m).startsWith("occurredAt must be a date and time"),
                m -> assertThat(m).contains("must be an object"));
        assertThat(result.get("rejected").get(0).get("id").asString()).isEqualTo(run + "-2");
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.FORM_SUBMITTED, clock.instant().minusSeconds(1)))
                .hasSize(1);
    }

    @Test
    void aBadEventIsToldEveryMistakeItHasAtOnceAndTheGoodOnesBesideItAreKept() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("mistaken") + "\"}");
        String run = UUID.randomUUID().toString();
        String batch = """
                {"events": [
                  {"id": "%1$s-1", "type": "TELEPATHY", "occurredAt": "last Tuesday", "colour": "blue"},
                  {"id": "%1$s-2", "contactId": %2$d, "type": "PURCHASE", "customType": "trial_started",
                   "occurredAt": "2099-01-01T00:00:00Z", "channel": "PIGEON"},
                  {"id": "%1$s-3", "contactId": %2$d, "type": "PURCHASE"}
                ]}""".formatted(run, contact);

        // Each event was told its first mistake only: a sender fixed it, sent it again and met the next.
        var result = json(api.post("/api/v1/events", batch).andExpect(status().isOk()));

        assertThat(result.get("accepted").asInt()).isEqualTo(1);
        assertThat(result.get("rejected")).extracting(r -> r.get("index").asInt()).containsExactly(0, 1);
        var unread = result.get("rejected").get(0);
        assertThat(unread.get("id").asString()).isEqualTo(run + "-1");
        assertThat(unread.get("errors")).extracting(e -> e.get("field").isNull() ? null : e.get("field").asString())
                .containsExactly("occurredAt", "colour", null, "type");
        assertThat(unread.get("message").asString()).isEqualTo("occurredAt must be a date and time as text, like"
                + " 2026-03-01T09:30:00Z; colour is unknown (the fields are id, contactId, email, type, customType,"
                + " occurredAt, channel, target, properties); give either contactId or email; type must be one of "
                + List.of(ActivityType.values()) + ", not 'TELEPATHY'");
        var broken = result.get("rejected").get(1);
        assertThat(broken.get("id").asString()).isEqualTo(run + "-2");
        assertThat(broken.get("errors")).extracting(e -> e.get("field").asString())
                .containsExactly("occurredAt", "customType", "channel");
        assertThat(broken.get("errors").get(1).get("message").asString()).isEqualTo("goes only with type CUSTOM");
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.PURCHASE, clock.instant().minusSeconds(1)))
                .as("the good event beside them").hasSize(1);
    }

    @Test
    void aBodyThatIsNotABatchOfEventsIsRefusedWhole() throws Exception {
        api.post("/api/v1/events", "[{\"id\": \"e1\", \"contactId\": 1, \"type\": \"REPLIED\"}]")
                .andExpect(status().isBadRequest());
        api.post("/api/v1/events", "{\"events\": {\"id\": \"e1\"}}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("events"));
        api.post("/api/v1/events", "{\"events\": [{\"id\": \"e1\", \"contactId\": 1, \"type\": \"REPLIED\"}], "
                + "\"createUnknown\": \"please\"}").andExpect(status().isBadRequest());
    }

    @Test
    void anEmptyOrOversizedBatchIsRefusedWhole() throws Exception {
        api.post("/api/v1/events", "{\"events\": []}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("events"));
        StringBuilder big = new StringBuilder("{\"events\": [");
        for (int i = 0; i <= Events.MAX_BATCH; i++) {
            big.append(i == 0 ? "" : ",").append("{\"id\": \"e").append(i).append("\", \"contactId\": 1, \"type\": \"REPLIED\"}");
        }
        api.post("/api/v1/events", big.append("]}").toString()).andExpect(status().isBadRequest());
    }
}
