package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.SignedLinks;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A contact's language decides which pieces programs send them and the language of the pages they reach from an
 * email: a German reader gets the German article and a German landing page, an English reader never the German one,
 * and a contact of no language of their own reads the account's default.
 */
@KeepwarmTest
class ContactLanguageTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Forecasts forecasts;
    @Autowired Consents consents;
    @Autowired SignedLinks links;
    @Autowired ContentLibrary library;
    @Autowired TestClock clock;
    @Autowired io.keepwarm.delivery.Delivery delivery;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Long> programs = new ArrayList<>();

    @BeforeEach
    void weekdayMorning() {
        clock.advanceToNext(DayOfWeek.MONDAY, LocalTime.of(9, 0));
    }

    @AfterEach
    void archive() throws Exception {
        // Other tests tick the shared engine: leave them no touch of ours to send.
        for (long program : programs) {
            api.post("/api/v1/programs/" + program + "/archive", "");
        }
    }

    @Test
    void aGermanContactGetsTheGermanPieceOfAStreamAndAGermanLandingPage() throws Exception {
        long zoe = contact("zoe", "Zoë", "DE", "de");
        long english = piece("Cooling guide", "en");
        long german = piece("Kühlungsratgeber", "de");
        long stream = stream(List.of(english, german), zoe);

        assertThat(forecasts.forecast(stream, zoe).touches()).extracting(Forecast.Entry::contentId)
                .containsExactly(german);
        tickAtNextMoment(stream);

        assertThat(engine.touchesOf(zoe)).extracting(Touch::contentId, Touch::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(german, Touch.State.SENT));
        var mail = delivery.messageForTouch(engine.touchesOf(zoe).getFirst().id()).orElseThrow();
        assertThat(mail.html()).as("the footer the sender adds speaks the piece's language")
                .contains(">Abmelden</a>").contains(">Wählen Sie, was Sie erhalten</a>").doesNotContain("Unsubscribe");
        assertThat(mail.text()).contains("Abmelden: http");
        assertThat(Jsoup.parse(mail.html()).selectFirst("div[lang]").attr("lang")).as("a screen reader reads it in German")
                .isEqualTo("de");
        assertThat(Jsoup.parse(mail.html()).select("div[lang=de] a").eachText()).contains("Abmelden");
        var page = Jsoup.parse(page(links.linksFor(library.get(german), zoe).landingUrl()));
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(page.text()).contains("Hallo Zoë,").contains("Ein Whitepaper").doesNotContain("Hello");
        assertThat(page.getElementById("read").text()).isEqualTo("Jetzt lesen");
        assertThat(page.getElementById("call-me").text()).isEqualTo("Bitte rufen Sie mich an");
    }

    @Test
    void theLanguageOfAProspectsPageIsTheContactsNotTheBrowsers() throws Exception {
        long zoe = contact("browser", "Zoë", "DE", "de");
        long ann = contact("browser-en", "Ann", "GB", "en");
        long german = piece("Ratgeber", "de");

        String toZoe = page(links.linksFor(library.get(german), zoe).landingUrl(), "en-GB");
        String unsubscribe = page(links.unsubscribeUrl(zoe), "en-GB");
        String preferences = page(links.preferencesUrl(zoe), "en-GB");
        String toAnn = page(links.linksFor(library.get(german), ann).landingUrl(), "de-DE");

        assertThat(Jsoup.parse(toZoe).text()).contains("Hallo Zoë,");
        assertThat(Jsoup.parse(unsubscribe).text()).contains("Abmelden, Zoë?").contains("Ein Klick");
        assertThat(Jsoup.parse(preferences).text()).contains("Ja, schicken Sie mir ab und zu E-Mails").contains("Speichern");
        assertThat(Jsoup.parse(toAnn).text()).contains("Hello Ann,").contains("Have someone call me");
    }

    @Test
    void anEnglishContactNeverGetsTheGermanPieceAndASequencesGermanStepIsWithheldWithTheReasonInTheStats()
            throws Exception {
        long ann = contact("ann", "Ann", "GB", "en");
        long german = piece("Artikel", "de");
        long english = piece("Article", "en");
        long stream = stream(List.of(german, english), ann);
        long sequence = api.activeProgram("""
                {"name": "language drip %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"}]}"""
                .formatted(run, german));
        programs.add(sequence);
        enroll(sequence, ann);

        assertThat(forecasts.forecast(stream, ann).touches()).extracting(Forecast.Entry::contentId)
                .containsExactly(english);
        assertThat(forecasts.forecast(sequence, ann).touches())
                .extracting(Forecast.Entry::contentId, Forecast.Entry::outcome, Forecast.Entry::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(german, Forecast.Outcome.SUPPRESSED, Reason.LANGUAGE));
        engine.tick();
        tickAtNextMoment(stream);

        assertThat(engine.touchesOf(ann)).filteredOn(t -> t.state() == Touch.State.SENT).extracting(Touch::contentId)
                .containsExactly(english);
        assertThat(engine.touchesOf(ann)).filteredOn(t -> t.contentId() == german)
                .extracting(Touch::state, Touch::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Touch.State.SUPPRESSED, "LANGUAGE"));
        assertThat(json(api.get("/api/v1/programs/" + sequence + "/stats")).at("/touches/SUPPRESSED/LANGUAGE").asLong())
                .isEqualTo(1);
    }

    @Test
    void aContactWithoutALanguageGetsThePiecesInTheAccountsDefaultLanguage() throws Exception {
        long lee = contact("lee", "Lee", "DE", null);
        long english = piece("Guide", "en");
        long german = piece("Leitfaden", "de");
        long stream = stream(List.of(german, english), lee);
        assertThat(forecasts.forecast(stream, lee).touches()).extracting(Forecast.Entry::contentId)
                .as("the account's default is English").containsExactly(english);

        accountLanguage("de");
        try {
            assertThat(forecasts.forecast(stream, lee).touches()).extracting(Forecast.Entry::contentId)
                    .containsExactly(german);
            tickAtNextMoment(stream);
            assertThat(engine.touchesOf(lee)).extracting(Touch::contentId).containsExactly(german);
            assertThat(Jsoup.parse(page(links.linksFor(library.get(german), lee).landingUrl())).text())
                    .contains("Hallo Lee,");
        } finally {
            accountLanguage("en");
        }
    }

    @Test
    void aPieceOfAnyLanguageGoesToEveryContactItsFooterAndMarkInTheLanguageEachReads() throws Exception {
        long zoe = contact("any-de", "Zoë", "DE", "de");
        long ann = contact("any-en", "Ann", "GB", "en");
        long lee = contact("any-none", "Lee", "DE", null);
        ObjectNode body = JsonMapper.shared().createObjectNode().put("name", "Webinar " + run)
                .put("type", "WHITE_PAPER").put("status", "LIVE").putNull("language");
        body.putObject("variants").putObject("email").put("subject", "Webinar " + run).put("html", "<p>Join us.</p>");
        long webinar = json(api.post("/api/v1/content", body.toString()).andExpect(status().isCreated())).get("id")
                .asLong();
        long sequence = api.activeProgram("""
                {"name": "any language %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, webinar));
        programs.add(sequence);
        for (long contact : List.of(zoe, ann, lee)) {
            assertThat(forecasts.forecast(sequence, contact).touches()).extracting(Forecast.Entry::outcome)
                    .doesNotContain(Forecast.Outcome.SUPPRESSED);
            enroll(sequence, contact);
        }
        engine.tick();

        for (long contact : List.of(zoe, ann, lee)) {
            assertThat(engine.touchesOf(contact)).extracting(Touch::contentId, Touch::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(webinar, Touch.State.SENT));
        }
        var toZoe = Jsoup.parse(delivery.messageForTouch(engine.touchesOf(zoe).getFirst().id()).orElseThrow().html());
        assertThat(toZoe.selectFirst("div[lang]").attr("lang")).as("the language she reads").isEqualTo("de");
        assertThat(toZoe.select("a").eachText()).contains("Abmelden");
        var toLee = Jsoup.parse(delivery.messageForTouch(engine.touchesOf(lee).getFirst().id()).orElseThrow().html());
        assertThat(toLee.selectFirst("div[lang]").attr("lang")).as("the account's default").isEqualTo("en");
        assertThat(toLee.select("a").eachText()).contains("Unsubscribe");
    }

    // --- the world around the contacts

    private void accountLanguage(String language) throws Exception {
        api.as(io.keepwarm.identity.Role.ADMIN, put("/api/v1/account/settings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"language\": \"" + language + "\"}")).andExpect(status().isOk());
    }

    private String page(String url) throws Exception {
        return page(url, null);
    }

    private String page(String url, String acceptLanguage) throws Exception {
        var request = get(url.substring(url.indexOf("/t/")));
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        var response = api.mvc().perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        response.setCharacterEncoding("UTF-8");
        return response.getContentAsString();
    }

    private void tickAtNextMoment(long stream) throws Exception {
        clock.set(Instant.parse(json(api.get("/api/v1/programs/" + stream + "/enrollments")).at("/items/0/nextDueAt")
                .asString()));
        engine.tick();
    }

    private long contact(String name, String firstName, String country, String language) throws Exception {
        ObjectNode body = JsonMapper.shared().createObjectNode().put("email", uniqueEmail(name))
                .put("firstName", firstName).put("country", country).put("timeZone", "Europe/Berlin");
        if (language != null) {
            body.put("language", language);
        }
        long id = api.createContact(body.toString());
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        return id;
    }

    private long piece(String name, String language) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name + " " + run)
                .put("type", "WHITE_PAPER").put("status", "LIVE").put("language", language)
                .put("landingUrl", "https://example.com/" + language);
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", name + " " + run);
        email.put("html", "<p>Something useful.</p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private long stream(List<Long> pool, long lead) throws Exception {
        long stream = api.activeProgram("""
                {"name": "language monthly %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": %s}"""
                .formatted(run, pool));
        programs.add(stream);
        enroll(stream, lead);
        return stream;
    }

    private void enroll(long program, long lead) throws Exception {
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + lead + "]}")
                .andExpect(status().isOk());
    }
}
