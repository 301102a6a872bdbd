package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.Touch;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.SignedLinks;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a contact says in the preference centre, or by unsubscribing, is kept with the email whose link took them there.
 */
@KeepwarmTest
class PreferenceCentreEvidencePagesTest {

    private static final Pattern PREFERENCES = Pattern.compile("/t/p/[A-Za-z0-9._-]+");
    private static final Pattern UNSUBSCRIBE = Pattern.compile("/t/u/[A-Za-z0-9._-]+");
    private static final Pattern CLICK = Pattern.compile("/t/c/[A-Za-z0-9._-]+");

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Delivery delivery;
    @Autowired SignedLinks links;
    @Autowired TestClock clock;
    @Autowired When when;
    @Autowired Consents consents;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void noMoreEmailSaidInThePreferenceCentreFromAnEmailNamesThatEmailAndItsDayOnTheContactsConsentLine()
            throws Exception {
        clock.advanceToNext(DayOfWeek.TUESDAY, LocalTime.of(10, 0));
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
    void aChangeOfMindInThePreferenceCentreReachedFromAnEmailsUnsubscribePageNamesThatEmail() throws Exception {
        Sent sent = sentTo(api.liveArticle("Cooling guide " + run));
        Matcher unsubscribe = UNSUBSCRIBE.matcher(delivery.messageForTouch(sent.touch().id()).orElseThrow().text());
        assertThat(unsubscribe.find()).as("the email's unsubscribe link").isTrue();
        Document unsubscribed = Jsoup.parse(api.mvc().perform(post(unsubscribe.group()).param("from", "page"))
                .andReturn().getResponse().getContentAsString());
        String back = unsubscribed.select("a[href^=/t/p/]").attr("href");
        assertThat(back).as("the unsubscribe page's way back").isNotEmpty();

        api.mvc().perform(post(back).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "true"))
                .andExpect(status().isOk());

        assertThat(view(sent.contact()).select("#consent tr[data-channel=EMAIL]").text()).contains("granted",
                "preference centre, via the email 'Cooling guide " + run + "' of " + when.saidDay(sent.touch().sentAt()));
        api.post("/api/v1/programs/" + sent.program() + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void unsubscribingInOneClickFromTheMailClientNamesTheEmailOnTheContactsConsentLedger() throws Exception {
        Sent sent = sentTo(api.liveArticle("Cooling guide " + run));
        Matcher unsubscribe = UNSUBSCRIBE.matcher(delivery.messageForTouch(sent.touch().id()).orElseThrow().text());
        assertThat(unsubscribe.find()).as("the email's unsubscribe link").isTrue();

        api.mvc().perform(post(unsubscribe.group()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("List-Unsubscribe", "One-Click")).andExpect(status().isOk());

        String via = "unsubscribe link, via the email 'Cooling guide " + run + "' of "
                + when.saidDay(sent.touch().sentAt());
        Document page = view(sent.contact());
        assertThat(page.select("#consent tr[data-channel=EMAIL]").text()).contains("withdrawn", via);
        assertThat(page.select("#timeline li[data-kind=CONSENT]").first().text()).contains(via);
        JsonNode ledger = json(api.get("/api/v1/contacts/" + sent.contact() + "/consents")).get("ledger");
        assertThat(ledger.get(ledger.size() - 1).at("/evidence/touchId").asLong()).isEqualTo(sent.touch().id());
        api.post("/api/v1/programs/" + sent.program() + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void unsubscribingWithTheUnsubscribePagesButtonNamesTheEmailOnTheContactsConsentLine() throws Exception {
        Sent sent = sentTo(api.liveArticle("Cooling guide " + run));
        Matcher unsubscribe = UNSUBSCRIBE.matcher(delivery.messageForTouch(sent.touch().id()).orElseThrow().text());
        assertThat(unsubscribe.find()).as("the email's unsubscribe link").isTrue();

        api.mvc().perform(post(unsubscribe.group()).param("from", "page")).andExpect(status().isOk());

        assertThat(view(sent.contact()).select("#consent tr[data-channel=EMAIL]").text()).contains("withdrawn",
                "unsubscribe link, via the email 'Cooling guide " + run + "' of " + when.saidDay(sent.touch().sentAt()));
        api.post("/api/v1/programs/" + sent.program() + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void anUnsubscribeLinkFromBeforeLinksNamedTheirPieceStillUnsubscribesAndNamesNoEmail() throws Exception {
        Sent sent = sentTo(api.liveArticle("Cooling guide " + run));
        String old = links.unsubscribeUrl(sent.contact());

        api.mvc().perform(post(old.substring(old.indexOf("/t/"))).param("from", "page")).andExpect(status().isOk());

        assertThat(view(sent.contact()).select("#consent tr[data-channel=EMAIL]").text()).contains("withdrawn",
                "unsubscribe link").doesNotContain("via the email");
        api.post("/api/v1/programs/" + sent.program() + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void yesToEmailInThePreferenceCentreReachedFromAnEmailsLandingPageNamesThatEmail() throws Exception {
        String name = "Offering " + run;
        long paper = api.liveArticle("The white paper " + run);
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "ARTICLE")
                .put("status", "LIVE").put("landingUrl", "https://example.com/" + run);
        piece.putObject("offer").put("key", "white-paper").put("label", "Send me the white paper").put("sends", paper);
        piece.putObject("variants").putObject("email").put("subject", name)
                .put("html", "<p><a href=\"{{ content.landing_url }}\">Read it</a></p>");
        Sent sent = sentTo(json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()))
                .get("id").asLong());
        consents.record(sent.contact(), new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN,
                "unsubscribe link", null));
        Matcher click = CLICK.matcher(delivery.messageForTouch(sent.touch().id()).orElseThrow().html());
        assertThat(click.find()).as("the email's link to its landing page").isTrue();
        String landing = api.mvc().perform(get(click.group())).andReturn().getResponse().getRedirectedUrl();
        assertThat(landing).contains("/t/l/");
        String page = landing.substring(landing.indexOf("/t/l/")).split("[?#]")[0];
        // The offer is withheld from someone unsubscribed: the answer points to the preference centre to say yes.
        Document withheld = Jsoup.parse(api.mvc().perform(post(page + "/accept").param("offer", "white-paper"))
                .andReturn().getResponse().getContentAsString());
        String preferences = withheld.select("a[href^=/t/p/]").attr("href");
        assertThat(preferences).as("the withheld offer's way to the preference centre").isNotEmpty();

        api.mvc().perform(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "true"))
                .andExpect(status().isOk());

        assertThat(view(sent.contact()).select("#consent tr[data-channel=EMAIL]").text()).contains("granted",
                "preference centre, via the email '" + name + "' of " + when.saidDay(sent.touch().sentAt()));
        api.post("/api/v1/programs/" + sent.program() + "/archive", "").andExpect(status().isOk());
    }

    private record Sent(long program, long contact, Touch touch) {}

    /** The piece sent by email, by a program, to a new contact who said yes to email: the email's touch. */
    private Sent sentTo(long piece) throws Exception {
        clock.advanceToNext(DayOfWeek.TUESDAY, LocalTime.of(10, 0));
        long sequence = api.activeProgram("""
                {"name": "Evidence %s %d", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, piece, piece));
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Cy", "timeZone": "UTC",
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}""".formatted(uniqueEmail("cy")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(contact))
                .andExpect(status().isOk());
        engine.tick();
        Touch email = engine.touchesOf(contact).stream().filter(t -> t.state() == Touch.State.SENT).findFirst()
                .orElseThrow();
        return new Sent(sequence, contact, email);
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
