package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A call a dialer or a CRM reports through the events API reads on the contact page as a rep's logged call does. */
@KeepwarmTest
class ReportedCallPagesTest {

    @Autowired Api api;
    @Autowired ActivityFeed feed;

    @Test
    void aWrongNumberReportedThroughTheEventsApiIsShownAsReportedThroughItInWordsNotAsKeepwarmsOwnDoing()
            throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Wes", "phone": "+49 30 1234567", "timeZone": "UTC"}"""
                .formatted(uniqueEmail("reported-wrong")));

        api.post("/api/v1/events", """
                {"events": [{"id": "dialer-%1$d", "contactId": %1$d, "type": "CALL_OUTCOME", "channel": "PHONE",
                  "target": "WRONG_NUMBER", "properties": {"note": "A bakery answered"}}]}""".formatted(contact))
                .andExpect(status().isOk());
        feed.followAll();
        Document page = view(contact);

        assertThat(page.getElementById("phone").text()).startsWith("+49 30 1234567 — wrong number, reported ")
                .as("by the key that sent it").contains(" by API key 'test-admin");
        assertThat(page.select("#timeline li[data-kind=ACTIVITY] strong").eachText()).as("who sent it, as the API says")
                .anyMatch(t -> t.startsWith("Call reported through the events API by API key 'test-admin")
                        && t.endsWith(": wrong number"));
        assertThat(page.select("#timeline li[data-kind=ACTIVITY]").text()).contains("A bakery answered")
                .doesNotContain("WRONG_NUMBER").doesNotContain("sentBy");
    }

    @Test
    void doNotCallReportedThroughTheEventsApiGivesThePhoneConsentLineItsSourceInWords() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Dora", "phone": "+49 30 7654321", "timeZone": "UTC"}"""
                .formatted(uniqueEmail("reported-dnc")));

        api.post("/api/v1/events", """
                {"events": [{"id": "crm-%1$d", "contactId": %1$d, "type": "CALL_OUTCOME", "target": "DO_NOT_CALL"}]}"""
                .formatted(contact)).andExpect(status().isOk());
        feed.followAll();
        Document page = view(contact);

        assertThat(page.select("#consent tr[data-channel=PHONE]").text())
                .contains("call outcome reported through the events API by API key 'test-admin")
                .doesNotContain("Keepwarm itself");
    }

    private Document view(long contact) throws Exception {
        return Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + contact)
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name()))).andReturn().getResponse()
                .getContentAsString());
    }
}
