package io.keepwarm.tracking;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.tracking.internal.SignedLinks;
import io.keepwarm.tracking.internal.Token;
import io.keepwarm.tracking.internal.Tokens;
import io.keepwarm.tracking.internal.TrackingProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A prospect reads their own language on every page a link leads to, the page of a link that no longer works too,
 * and the consent they state there is recorded in the words they read.
 */
@KeepwarmTest
class ProspectLanguageTest {

    @Autowired Api api;
    @Autowired Consents consents;
    @Autowired SignedLinks links;
    @Autowired Tokens tokens;
    @Autowired TrackingProperties properties;
    @Autowired JdbcClient jdbc;
    @Autowired Clock clock;

    @Test
    void theConsentAProspectStatesOnTheirPreferencePageIsRecordedInTheWordsThePageShowedThem() throws Exception {
        long german = contact("prefs-de", "de");
        long french = contact("prefs-fr", "fr", false);
        long english = contact("prefs-en", null);

        for (long contact : List.of(german, french, english)) {
            String page = path(links.preferencesUrl(contact));
            Document shown = page(call(get(page)));
            String shownIn = shown.select("input[name=shownIn]").attr("value");
            call(post(page).param("email", contact == french ? "true" : "false").param("shownIn", shownIn));
        }

        assertThat(lastEvidence(german)).isEqualTo("Keine E-Mails mehr");
        assertThat(lastEvidence(french)).isEqualTo("Oui, écrivez-moi de temps en temps");
        assertThat(lastEvidence(english)).isEqualTo("No more email");
        assertThat(consents.current(german).get(Channel.EMAIL).state()).isEqualTo(ConsentState.WITHDRAWN);
        assertThat(List.of(german, french, english)).extracting(this::lastLanguage).as("the ledger says which language")
                .containsExactly("de", "fr", "en");
    }

    @Test
    void theUnsubscribePagesButtonIsRecordedInTheWordsAndLanguageThePageShowed() throws Exception {
        long german = contact("unsub-de", "de");
        long french = contact("unsub-fr", "fr");
        String page = path(links.unsubscribeUrl(german));
        Document shown = page(call(get(page)));
        String sentence = shown.select("main p").first().text();

        call(post(page).param("List-Unsubscribe", "One-Click").param("from", "page")
                .param("shownIn", shown.select("input[name=shownIn]").attr("value")));
        call(post(path(links.unsubscribeUrl(french))).param("List-Unsubscribe", "One-Click"));

        assertThat(lastEvidence(german)).as("the button they pressed and the sentence above it")
                .isEqualTo("Abmelden (" + sentence + ")").startsWith("Abmelden (Ein Klick, und Sie erhalten keine");
        assertThat(lastLanguage(german)).isEqualTo("de");
        assertThat(lastEvidence(french)).as("a mail client's one-click showed no page of ours")
                .isEqualTo("Unsubscribe from all emails");
        assertThat(lastLanguage(french)).isNull();
        assertThat(consents.current(french).get(Channel.EMAIL).state()).isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    void theDoubleOptInConfirmationIsRecordedWithTheLanguageOfItsPage() throws Exception {
        long spanish = contact("optin-es", "es", false);
        api.post("/api/v1/contacts/" + spanish + "/opt-in", "{\"text\": \"Sí, escríbanme.\"}")
                .andExpect(status().isAccepted());
        String link = confirmLink(spanish);

        Document page = page(call(get(link)));
        call(post(link).param("shownIn", page.select("input[name=shownIn]").attr("value")));

        assertThat(lastEvidence(spanish)).isEqualTo("Sí, escríbanme.");
        assertThat(lastLanguage(spanish)).isEqualTo("es");
    }

    @Test
    void theDoubleOptInsDefaultQuestionIsAskedAndRecordedInTheLanguageOfItsPage() throws Exception {
        long german = contact("optin-default-de", "de", false);
        long english = contact("optin-default-en", null, false);
        long french = contact("optin-default-fr", "fr", false);

        for (long contact : List.of(german, english, french)) {
            api.post("/api/v1/contacts/" + contact + "/opt-in", "{}").andExpect(status().isAccepted());
        }
        Document germanPage = page(call(get(confirmLink(german))));
        assertThat(germanPage.getElementById("text").text()).isEqualTo("Ja, schicken Sie mir ab und zu nützliche"
                + " Inhalte per E-Mail. Ich kann mich jederzeit mit einem Klick abmelden.");
        call(post(confirmLink(german)).param("shownIn", germanPage.select("input[name=shownIn]").attr("value")));
        Document englishPage = page(call(get(confirmLink(english))));
        call(post(confirmLink(english)).param("shownIn", englishPage.select("input[name=shownIn]").attr("value")));
        // Read in French; by the press of the button the contact reads German: the words they read count.
        Document frenchPage = page(call(get(confirmLink(french))));
        api.patch("/api/v1/contacts/" + french, "{\"language\": \"de\"}").andExpect(status().isOk());
        call(post(confirmLink(french)).param("shownIn", frenchPage.select("input[name=shownIn]").attr("value")));

        assertThat(lastEvidence(german)).isEqualTo(germanPage.getElementById("text").text());
        assertThat(lastLanguage(german)).isEqualTo("de");
        assertThat(lastEvidence(english)).isEqualTo("Yes, send me useful content by email now and then. I can"
                + " unsubscribe with one click at any time.").isEqualTo(englishPage.getElementById("text").text());
        assertThat(lastLanguage(english)).isEqualTo("en");
        assertThat(lastEvidence(french)).startsWith("Oui, envoyez-moi")
                .isEqualTo(frenchPage.getElementById("text").text());
        assertThat(lastLanguage(french)).isEqualTo("fr");
        assertThat(consents.current(german).get(Channel.EMAIL).state()).isEqualTo(ConsentState.GRANTED);
    }

    /** The confirmation link of the contact's opt-in request, as its email carries it. */
    private String confirmLink(long contact) {
        long request = jdbc.sql("SELECT id FROM opt_in_requests WHERE contact_id = ?").param(contact).query(Long.class)
                .single();
        return "/t/confirm/" + tokens.sign(new Token(Token.Purpose.OPT_IN, contact, request));
    }

    @Test
    void aFormThatDoesNotSayItsLanguageStatesTheConsentInTheContactsLanguage() throws Exception {
        long spanish = contact("prefs-es", "es");

        call(post(path(links.preferencesUrl(spanish))).param("email", "false"));

        assertThat(lastEvidence(spanish)).isEqualTo("No más correos");
    }

    @Test
    void aLapsedLinkSaysSoInTheLanguageOfTheContactItWasFor() throws Exception {
        long german = contact("lapsed-de", "de");
        String lapsed = "/t/p/" + oldTokens().sign(Token.preferences(german, 0));

        Document page = page(call(get(lapsed).accept(MediaType.TEXT_HTML)), 404);

        assertThat(page.select("html").attr("lang")).isEqualTo("de");
        assertThat(page.select("h1").text()).isEqualTo("Dieser Link funktioniert nicht");
        assertThat(page.getElementById("unknown").text()).isEqualTo("Dieser Link ist abgelaufen: Die Links in unseren"
                + " E-Mails funktionieren " + tokens.lifetimeDays() + " Tage lang, und dieser ist älter. Die Links in"
                + " einer neueren E-Mail von uns funktionieren, auch ihr Abmeldelink.");
    }

    @Test
    void aLinkThatNamesNobodySpeaksTheAccountsDefaultLanguage() throws Exception {
        accountLanguage("fr");
        try {
            for (String link : List.of("/t/u/k1.cut-short", "/t/p/k1.cut-short", "/t/l/k1.cut-short")) {
                Document page = page(call(get(link).accept(MediaType.TEXT_HTML)), 404);

                assertThat(page.select("h1").text()).as(link).isEqualTo("Ce lien ne fonctionne pas");
                assertThat(page.getElementById("unknown").text()).as(link)
                        .isEqualTo("Ce lien nous est inconnu ; il a peut-être été mal recopié ou coupé");
                assertThat(page.select("main").text()).contains("copiez le lien en entier");
            }
        } finally {
            accountLanguage("en");
        }
    }

    @Test
    void theLinkOfSomeoneErasedSpeaksTheAccountsDefaultLanguage() throws Exception {
        long gone = contact("erased-de", "de");
        String preferences = path(links.preferencesUrl(gone));
        api.delete("/api/v1/contacts/" + gone).andExpect(status().isNoContent());
        accountLanguage("es");
        try {
            Document page = page(call(get(preferences).accept(MediaType.TEXT_HTML)), 404);

            assertThat(page.getElementById("unknown").text()).startsWith("Este enlace era para alguien cuyos datos");
        } finally {
            accountLanguage("en");
        }
    }

    /** Links signed as this Keepwarm signs them, but longer ago than links live. */
    private Tokens oldTokens() {
        List<TrackingProperties.Key> keys = new ArrayList<>(properties.configuredKeys());
        keys.addAll(jdbc.sql("SELECT key_id, secret FROM tracking_keys ORDER BY created_at, key_id")
                .query((rs, n) -> new TrackingProperties.Key(rs.getString(1), rs.getString(2))).list());
        Duration lifetime = Duration.ofDays(tokens.lifetimeDays());
        return new Tokens(keys, Clock.fixed(clock.instant().minus(lifetime).minus(Duration.ofDays(3)), ZoneOffset.UTC),
                lifetime);
    }

    private String lastEvidence(long contact) {
        return consents.ledger(contact).stream().filter(e -> e.channel() == Channel.EMAIL).reduce((a, b) -> b)
                .orElseThrow().evidence().text();
    }

    private String lastLanguage(long contact) {
        return consents.ledger(contact).stream().filter(e -> e.channel() == Channel.EMAIL).reduce((a, b) -> b)
                .orElseThrow().evidence().language();
    }

    private long contact(String name, String language) throws Exception {
        return contact(name, language, true);
    }

    private long contact(String name, String language, boolean granted) throws Exception {
        ObjectNode body = JsonMapper.shared().createObjectNode().put("email", uniqueEmail(name)).put("firstName", "Zoë");
        if (language != null) {
            body.put("language", language);
        }
        long id = api.createContact(body.toString());
        if (granted) {
            consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        }
        return id;
    }

    private void accountLanguage(String language) throws Exception {
        api.as(io.keepwarm.identity.Role.ADMIN, put("/api/v1/account/settings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"language\": \"" + language + "\"}")).andExpect(status().isOk());
    }

    private MockHttpServletResponse call(RequestBuilder request) throws Exception {
        MockHttpServletResponse response = api.mvc().perform(request).andReturn().getResponse();
        response.setCharacterEncoding("UTF-8");
        return response;
    }

    private static Document page(MockHttpServletResponse response) throws Exception {
        return page(response, 200);
    }

    private static Document page(MockHttpServletResponse response, int status) throws Exception {
        assertThat(response.getStatus()).isEqualTo(status);
        return Jsoup.parse(response.getContentAsString());
    }

    private static String path(String url) {
        return url.substring(url.indexOf("/t/"));
    }
}
