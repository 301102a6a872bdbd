package io.keepwarm.activity;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A contact's timeline through the API: what they did, newest first, page by page, of the types asked for. */
@KeepwarmTest
class TimelineApiTest {

    @Autowired Api api;

    @Test
    void aContactsTimelineComesNewestFirstByWhenThingsHappenedPageAfterPageWithoutGapsOrRepeats() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("timeline") + "\"}");
        long other = api.createContact("{\"email\": \"" + uniqueEmail("someone-else") + "\"}");
        String run = UUID.randomUUID().toString();
        // Logged out of order (a late sync), two at the same moment, and one of someone else's.
        api.post("/api/v1/events", """
                {"events": [
                  {"id": "%1$s-3", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/pricing", "occurredAt": "2020-03-03T10:00:00Z"},
                  {"id": "%1$s-1", "contactId": %2$d, "type": "FORM_SUBMITTED", "target": "webinar", "occurredAt": "2020-01-01T10:00:00Z"},
                  {"id": "%1$s-4", "contactId": %2$d, "type": "REPLIED", "target": "Re: your guide", "occurredAt": "2020-04-04T10:00:00Z"},
                  {"id": "%1$s-2a", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/a", "occurredAt": "2020-02-02T10:00:00Z"},
                  {"id": "%1$s-2b", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/b", "occurredAt": "2020-02-02T10:00:00Z"},
                  {"id": "%1$s-x", "contactId": %3$d, "type": "REPLIED", "occurredAt": "2020-03-03T10:00:00Z"}
                ]}""".formatted(run, contact, other)).andExpect(status().isOk());

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(api.as(Role.SALES, get("/api/v1/contacts/" + contact + "/activities").param("limit", "2")
                    .param("cursor", cursor == null ? "" : cursor)).andExpect(status().isOk()));
            page.get("items").forEach(a -> walked.add(a.get("target").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(walked).containsExactly("Re: your guide", "/pricing", "/b", "/a", "webinar");
        assertThat(pages).isEqualTo(3);

        JsonNode views = json(api.get("/api/v1/contacts/" + contact + "/activities?type=page_view&type=REPLIED"));
        assertThat(views.get("items")).extracting(a -> a.get("type").asString())
                .containsExactly("REPLIED", "PAGE_VIEW", "PAGE_VIEW", "PAGE_VIEW");
        assertThat(views.get("items").get(0).get("clientEventId").asString()).isEqualTo(run + "-4");
        assertThat(views.get("items").get(0).get("occurredAt").asString()).isEqualTo("2020-04-04T10:00:00Z");
    }

    @Test
    void aCallOutcomeSentThroughTheEventsApiNamesWhoSentItAsItsActorNotAmongWhatTheSenderTold() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("timeline-call") + "\", \"phone\": \"+49 30 1234567\"}");
        String run = UUID.randomUUID().toString();
        api.post("/api/v1/events", """
                {"events": [
                  {"id": "%1$s-call", "contactId": %2$d, "type": "CALL_OUTCOME", "target": "WRONG_NUMBER",
                   "properties": {"note": "A bakery answered"}},
                  {"id": "%1$s-form", "contactId": %2$d, "type": "FORM_SUBMITTED", "properties": {"form": "demo"}}
                ]}""".formatted(run, contact)).andExpect(status().isOk());

        JsonNode items = json(api.get("/api/v1/contacts/" + contact + "/activities")).get("items");

        JsonNode call = items.valueStream().filter(a -> a.get("type").asString().equals("CALL_OUTCOME")).findFirst()
                .orElseThrow();
        assertThat(call.get("actor").asString()).as("the API key that sent it, as it acts").startsWith("api-key:test-admin");
        assertThat(call.get("properties").propertyNames()).containsExactly("note");
        JsonNode form = items.valueStream().filter(a -> a.get("type").asString().equals("FORM_SUBMITTED")).findFirst()
                .orElseThrow();
        assertThat(form.get("actor").isNull()).as("what the contact did has no sender to name").isTrue();
        assertThat(form.get("properties").get("form").asString()).isEqualTo("demo");
    }

    @Test
    void eventsOfOneMomentSplitAcrossPagesComeLastLoggedFirstEachOnce() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("timeline-tied") + "\"}");
        String run = UUID.randomUUID().toString();
        // Three visits a system that knows only the minute logged with one time, in the order they happened.
        api.post("/api/v1/events", """
                {"events": [
                  {"id": "%1$s-1", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/first", "occurredAt": "2020-05-05T10:00:00Z"},
                  {"id": "%1$s-2", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/second", "occurredAt": "2020-05-05T10:00:00Z"},
                  {"id": "%1$s-3", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/third", "occurredAt": "2020-05-05T10:00:00Z"}
                ]}""".formatted(run, contact)).andExpect(status().isOk());

        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(api.get("/api/v1/contacts/" + contact + "/activities?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("items").forEach(a -> walked.add(a.get("target").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(walked).containsExactly("/third", "/second", "/first");
    }

    @Test
    void theTimelineShowsStaffWhichOfOurPagesWasOpenedButNotItsSignedTokenWhichWouldLetThemActAsTheContact()
            throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("token-cut") + "\"}");
        String token = "local1.Ddwwq7fJ0x4pQm2Vb9ZsKe8yLrT3";
        api.post("/api/v1/events", """
                {"events": [{"id": "%s", "contactId": %d, "type": "EMAIL_CLICKED", "channel": "EMAIL",
                  "target": "http://localhost:8080/t/l/%s?x=1", "properties": {"referrer": "http://localhost:8080/t/p/%s"}}]}"""
                .formatted(UUID.randomUUID(), contact, token, token)).andExpect(status().isOk());

        JsonNode click = json(api.as(Role.SALES, get("/api/v1/contacts/" + contact + "/activities"))).get("items").get(0);
        assertThat(click.get("target").asString()).isEqualTo("http://localhost:8080/t/l/…?x=1");
        assertThat(click.get("properties").get("referrer").asString()).isEqualTo("http://localhost:8080/t/p/…");
        String page = api.mvc().perform(get("/ui/contacts/" + contact)
                .with(user(api.sessionUser(Role.ADMIN)).roles("ADMIN"))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/t/l/…").doesNotContain(token);
    }

    @Test
    void anUnknownTypeOrCursorOrContactIsAClearErrorNotAnEmptyTimeline() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("timeline-bad") + "\"}");

        assertThat(json(api.get("/api/v1/contacts/" + contact + "/activities?type=replied&type=TELEPATHY")
                .andExpect(status().isBadRequest()))
                .get("detail").asString()).contains("Parameter 'type' must be one of [", "REPLIED", "not 'TELEPATHY'");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/activities?cursor=bm9wZQ").andExpect(status().isBadRequest()))
                .get("detail").asString()).contains("use nextCursor from the previous page");
        assertThat(json(api.get("/api/v1/contacts/999999999/activities").andExpect(status().isNotFound()))
                .get("detail").asString()).contains("999999999");
    }
}
