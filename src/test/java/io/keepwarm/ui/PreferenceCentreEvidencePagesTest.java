package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.Delivery;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.Touch;
import io.keepwarm.identity.Role;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.tracking.internal.SignedLinks;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** What a contact says in the preference centre is kept with the email whose link took them there. */
@KeepwarmTest
class PreferenceCentreEvidencePagesTest {

    private static final Pattern PREFERENCES = Pattern.compile("/t/p/[A-Za-z0-9._-]+");

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Delivery delivery;
    @Autowired SignedLinks links;
    @Autowired SimulatedClock clock;
    @Autowired When when;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void noMoreEmailSaidInThePreferenceCentreFromAnEmailNamesThatEmailAndItsDayOnTheContactsConsentLine()
            throws Exception {
        clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.next(DayOfWeek.TUESDAY))
                .atTime(10, 0).toInstant(ZoneOffset.UTC));
        long sequence = api.activeProgram("""
                {"name": "Evidence %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, api.liveArticle("Cooling guide " + run)));
        long ada = api.createContact("""
                {"email": "%s", "firstName": "Ada", "timeZone": "UTC",
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}""".formatted(uniqueEmail("ada")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());
        engine.tick();
        Touch email = engine.touchesOf(ada).stream().filter(t -> t.state() == Touch.State.SENT).findFirst().orElseThrow();
        Matcher link = PREFERENCES.matcher(delivery.messageForTouch(email.id()).orElseThrow().text());
        assertThat(link.find()).as("the email's own preference link").isTrue();

        api.mvc().perform(post(link.group()).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "false"))
                .andExpect(status().isOk());

        String via = "preference centre, via the email 'Cooling guide " + run + "' of " + when.saidDay(email.sentAt());
        Document page = view(ada);
        assertThat(page.select("#consent tr[data-channel=EMAIL]").text()).contains("withdrawn", via);
        assertThat(page.select("#timeline li[data-kind=CONSENT]").first().text()).contains(via, "No more email");
        JsonNode ledger = json(api.get("/api/v1/contacts/" + ada + "/consents")).get("ledger");
        assertThat(ledger.get(ledger.size() - 1).at("/evidence/touchId").asLong()).isEqualTo(email.id());
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void thePreferenceCentreReachedFromAPageRatherThanAnEmailNamesNoEmail() throws Exception {
        long bo = api.createContact("""
                {"email": "%s", "firstName": "Bo", "timeZone": "UTC"}""".formatted(uniqueEmail("bo")));
        String url = links.preferencesUrl(bo);

        api.mvc().perform(post(url.substring(url.indexOf("/t/"))).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("email", "true")).andExpect(status().isOk());

        assertThat(view(bo).select("#consent tr[data-channel=EMAIL]").text()).contains("granted", "preference centre")
                .doesNotContain("via the email");
    }

    private Document view(long contact) throws Exception {
        return Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + contact)
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name()))).andReturn().getResponse()
                .getContentAsString());
    }
}
