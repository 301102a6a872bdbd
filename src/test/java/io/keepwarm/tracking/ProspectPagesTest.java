package io.keepwarm.tracking;

import static io.keepwarm.tracking.PublicPages.BASE;
import static io.keepwarm.tracking.PublicPages.page;
import static io.keepwarm.tracking.PublicPages.path;
import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.internal.MailSettings;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.SignedLinks;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** How the prospect's pages look and whom they name, and a landing page as a signed-in person previews it. */
@KeepwarmTest
class ProspectPagesTest {


    @Autowired Api api;
    @Autowired SignedLinks links;
    @Autowired Consents consents;
    @Autowired Delivery delivery;
    @Autowired ContentLibrary library;
    @Autowired Activities activities;
    @Autowired Tracking tracking;
    @Autowired TestClock clock;
    @Autowired MailSettings mail;
    @Autowired io.keepwarm.lifecycle.Readiness readiness;
    @Autowired io.keepwarm.platform.Zones zones;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void everyProspectPageWearsTheAppsStylesheetWithoutScriptsOrNavigationAndNamesTheSender() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada", "lastName": "Lovelace"}""".formatted(uniqueEmail("looks")));
        long optIn = api.createContact("""
                {"email": "%s", "firstName": "Olive", "lastName": "Oyl"}""".formatted(uniqueEmail("looks-optin")));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        long piece = piece();
        String sender = mail.fromName();

        Document unsubscribe = page(call(get(path(links.unsubscribeUrl(contact)))));
        Document preferences = page(call(get(path(links.preferencesUrl(contact)))));
        Document landing = page(call(get(path(links.linksFor(library.get(piece), contact).landingUrl()))));
        String confirmLinkPath = confirmLink(optIn);
        Document confirm = page(call(get(confirmLinkPath)));
        Document unsubscribed = page(call(post(path(links.unsubscribeUrl(contact))).param("from", "page")));

        for (Document page : List.of(unsubscribe, preferences, landing, confirm, unsubscribed)) {
            assertThat(page.select("link[rel=stylesheet]").eachAttr("href")).as(page.title())
                    .containsExactly("/webjars/picocss__pico/css/pico.red.min.css", "/css/keepwarm.css");
            assertThat(page.select("script")).as(page.title()).isEmpty();
            assertThat(page.select("nav")).as(page.title()).isEmpty();
            assertThat(page.title()).contains(sender);
            assertThat(page.getElementById("sender").text()).isEqualTo(sender);
            assertThat(page.text()).as(page.title()).doesNotContain("Lovelace", "Oyl", "@example.com");
        }
        assertThat(unsubscribe.select("main").text()).contains("Unsubscribe, Ada?",
                "One click and you get no more emails from " + sender + ".");
        assertThat(unsubscribed.getElementById("unsubscribed")).isNotNull();
        assertThat(unsubscribed.select("main").text()).contains("You will get no more emails from " + sender + ".");
        assertThat(preferences.selectFirst("h1").text()).isEqualTo("What you hear from " + sender + ", Ada");
        assertThat(confirm.selectFirst("h1").text()).isEqualTo("Please confirm: emails from " + sender);
        Document confirmed = page(call(post(confirmLinkPath)));
        assertThat(confirmed.select("h1").eachText()).containsExactly("Confirmed: emails from " + sender);
        assertThat(delivery.outbox(optIn, null, null, 10).items().getFirst().subject())
                .as("the confirmation email names who asks").isEqualTo("Please confirm: emails from " + sender);
        assertThat(landing.select("main").text()).contains("Hello Ada,", "A white paper", "from " + sender);
    }

    @Test
    void theLandingLinkOfAPreviewShowsASignedInPersonThePageAsTheContactWouldSeeItAndRecordsNothing() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada", "lastName": "Lovelace"}""".formatted(uniqueEmail("peek")));
        long piece = piece();
        String html = json(api.as(Role.MARKETER, post("/api/v1/content/" + piece + "/preview")
                .param("contact", String.valueOf(contact)))).get("html").asString();
        Matcher link = Pattern.compile("href=\"" + BASE + "([^\"]+)\"").matcher(html);
        assertThat(link.find()).as(html).isTrue();
        String landing = link.group(1);
        Instant before = clock.instant().minusSeconds(1);

        MockHttpServletResponse response = call(get(landing).with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")));

        assertThat(response.getStatus()).isEqualTo(200);
        Document page = page(response);
        assertThat(page.getElementById("title").text()).isEqualTo("Half the power " + run);
        assertThat(page.select("main").text()).contains("Hello Ada,").doesNotContain("Lovelace");
        assertThat(page.getElementById("preview").text()).startsWith("Preview");
        assertThat(page.getElementById("accept").text()).isEqualTo("Send me the white paper");
        assertThat(page.getElementById("accept").hasAttr("disabled")).isTrue();
        assertThat(page.getElementById("call-me").hasAttr("disabled")).isTrue();
        assertThat(page.select("form")).as("nothing to take from a preview").isEmpty();
        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.PAGE_VIEW, before)).isEmpty();

        MockHttpServletResponse stranger = call(get(landing));
        assertThat(stranger.getStatus()).isEqualTo(302);
        assertThat(stranger.getRedirectedUrl()).endsWith("/login");
        assertThat(stranger.getContentAsString()).doesNotContain("Ada");
    }

    @Test
    void aLinkThatIsNotKnownShowsTheProspectAPageInWordsFromTheSenderNotRawProblemDetails() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada", "lastName": "Lovelace"}""".formatted(uniqueEmail("cut")));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        String unsubscribe = path(links.unsubscribeUrl(contact));
        String cut = unsubscribe.substring(0, unsubscribe.length() - 3);

        for (String link : List.of(cut, "/t/c/k1.cut-short", "/t/l/k1.cut-short", "/t/p/k1.cut-short")) {
            MockHttpServletResponse response = call(get(link).accept(MediaType.TEXT_HTML));
            assertThat(response.getStatus()).as(link).isEqualTo(404);
            assertThat(response.getContentType()).as(link).startsWith(MediaType.TEXT_HTML_VALUE);
            Document page = Jsoup.parse(response.getContentAsString());
            assertThat(page.getElementById("sender").text()).isEqualTo(mail.fromName());
            assertThat(page.getElementById("unknown").text()).as(link)
                    .isEqualTo("This link is not known; it may have been mistyped or cut short");
            assertThat(page.select("main").text()).contains("copy the whole link");
        }
        MockHttpServletResponse oneClick = call(post(cut).param("List-Unsubscribe", "One-Click"));
        assertThat(oneClick.getStatus()).isEqualTo(404);
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.GRANTED);

        MockHttpServletResponse preview = call(get("/ui/content/999999999/landing").param("contact", String.valueOf(contact))
                .accept(MediaType.TEXT_HTML).with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")));
        assertThat(preview.getStatus()).isEqualTo(404);
        Document page = Jsoup.parse(preview.getContentAsString());
        assertThat(page.getElementById("unknown").text()).contains("999999999");
        assertThat(page.select("main").text()).doesNotContain("copy the whole link");
    }

    @Test
    void theLandingPageAndThePreferenceCentreNameTopicsAsTheAuthorWroteThemNotAsKeptInLowerCase() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada"}""".formatted(uniqueEmail("topics")));
        String topic = "HPC " + run.toUpperCase(java.util.Locale.ROOT);
        String key = topic.toLowerCase(java.util.Locale.ROOT);
        ObjectNode draft = JsonMapper.shared().createObjectNode().put("name", "Topical " + run).put("type", "WHITE_PAPER")
                .put("status", "LIVE").put("landingUrl", "https://example.com/topical");
        draft.putArray("topics").add(topic).add("data centre cooling");
        draft.putObject("variants").putObject("email").put("subject", "Topical").put("html", "<p>Useful.</p>");
        long piece = json(api.post("/api/v1/content", draft.toString())).get("id").asLong();
        var read = json(api.get("/api/v1/content/" + piece));
        assertThat(read.get("topics").toString()).as("the keys stay lower case").contains("\"" + key + "\"");
        // An integrator's read-change-write sends the keys back: the name the author wrote stays.
        assertThat(api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/content/" + piece).contentType(MediaType.APPLICATION_JSON).content(read.toString()))
                .andReturn().getResponse().getStatus()).isEqualTo(200);

        Document landing = page(call(get(path(links.linksFor(library.get(piece), contact).landingUrl()))));
        assertThat(landing.getElementById("topics").text()).isEqualTo("data centre cooling, " + topic);

        Document preferences = page(call(get(path(links.preferencesUrl(contact)))));
        var box = preferences.selectFirst("input[name=topics][value=" + key + "]");
        assertThat(box).isNotNull();
        assertThat(box.parent().text()).isEqualTo(topic);
    }

    @Test
    void rightAfterThePressTheAnswerSaysWhatWillHappenInTheWordsThePageOpenedAgainSays() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada", "phone": "+49 30 1234567"}""".formatted(uniqueEmail("answers")));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        String landing = path(links.linksFor(library.get(piece()), contact).landingUrl());

        Document called = page(call(post(landing + "/accept").param("offer", "call-me")));
        // The piece's offer sends nothing by itself: a person follows it up, and the piece can be read meanwhile.
        Document asked = page(call(post(landing + "/accept").param("offer", "white-paper")));
        Document again = page(call(get(landing)));

        assertThat(called.getElementById("accepted").text()).isEqualTo("Thank you, someone will call you.");
        assertThat(asked.getElementById("accepted").text())
                .isEqualTo("Thank you, we will be in touch. Meanwhile you can read it here.");
        assertThat(asked.getElementById("accepted").selectFirst("a").attr("href")).isEqualTo("https://example.com/cooling");
        assertThat(again.getElementById("call-me-before").text()).endsWith("; someone will call you.");
        assertThat(again.getElementById("offer-before").text())
                .endsWith("; we will be in touch. Meanwhile you can read it here.");
    }

    @Test
    void aWebinarsLandingPageOffersItsDetailsNotSomethingToRead() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada"}""".formatted(uniqueEmail("webinar")));
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Live cooling " + run)
                .put("type", "WEBINAR_INVITE").put("status", "LIVE").put("landingUrl", "https://example.com/live");
        piece.putObject("offer").put("key", "register").put("label", "Register me for the webinar");
        piece.putObject("variants").putObject("email").put("subject", "Join us")
                .put("html", "<p><a href=\"{{ content.landing_url }}\">Register</a></p>");
        long webinar = json(api.post("/api/v1/content", piece.toString())).get("id").asLong();
        String landing = path(links.linksFor(library.get(webinar), contact).landingUrl());

        Document page = page(call(get(landing)));
        Document registered = page(call(post(landing + "/accept").param("offer", "register")));

        assertThat(page.getElementById("read").text()).isEqualTo("See the details");
        assertThat(registered.getElementById("accepted").text())
                .isEqualTo("Thank you, we will be in touch. Meanwhile you can see the details here.");
    }

    @Test
    void aCallAskedForByAProspectWeHaveNoNumberForPromisesNoCallButSaysHowTheyWillHearFromUs() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada"}""".formatted(uniqueEmail("no-number")));
        String landing = path(links.linksFor(library.get(piece()), contact).landingUrl());

        Document called = page(call(post(landing + "/accept").param("offer", "call-me")));
        Document again = page(call(get(landing)));

        String instead = "we have told our team, but we have no number we may call you on, so they will get in touch"
                + " by email.";
        assertThat(called.getElementById("accepted").text()).isEqualTo("Thank you, " + instead);
        assertThat(again.getElementById("call-me-before").text()).endsWith("; " + instead);
        assertThat(called.text()).doesNotContain("someone will call you");
    }

    @Test
    void theOffersAnswerAddressOpenedAgainLeadsToTheLandingPageThatSaysWhatThePressDid() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada"}""".formatted(uniqueEmail("reopen")));
        String landing = path(links.linksFor(library.get(piece()), contact).landingUrl());
        page(call(post(landing + "/accept").param("offer", "white-paper")));

        MockHttpServletResponse reopened = call(get(landing + "/accept").accept(MediaType.TEXT_HTML));

        assertThat(reopened.getStatus()).isEqualTo(302);
        assertThat(reopened.getRedirectedUrl()).isEqualTo(landing);
        assertThat(page(call(get(reopened.getRedirectedUrl()))).getElementById("offer-before").text())
                .endsWith("; we will be in touch. Meanwhile you can read it here.");
        MockHttpServletResponse tampered = call(get(landing.substring(0, landing.length() - 1) + "/accept")
                .accept(MediaType.TEXT_HTML));
        assertThat(tampered.getStatus()).isEqualTo(404);
        assertThat(Jsoup.parse(tampered.getContentAsString()).getElementById("unknown")).isNotNull();
    }

    @Test
    void aProspectPageTellsTheBrowserToKeepItsTokenFromOtherSitesAndToRunNoScript() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada"}""".formatted(uniqueEmail("headers")));

        MockHttpServletResponse page = call(get(path(links.preferencesUrl(contact))));

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'none'", "form-action 'self'",
                "frame-ancestors 'none'").doesNotContain("script-src");
    }

    @Test
    void aCheckInsLandingPageTakesNotNowWithOneClickAndSetsTheDayWeMayAskAgain() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada"}""".formatted(uniqueEmail("not-now")));
        ObjectNode checkIn = JsonMapper.shared().createObjectNode().put("name", "Good time? " + run)
                .put("type", "CHECK_IN").put("status", "LIVE");
        checkIn.putObject("landing").put("title", "Is now a good time?").put("html", "<p>Tell us in one click.</p>");
        checkIn.putObject("variants").putObject("email").put("subject", "Is now a good time?")
                .put("html", "<p>Is now a good time to talk?</p>");
        long question = json(api.post("/api/v1/content", checkIn.toString())).get("id").asLong();
        String landing = path(links.linksFor(library.get(question), contact).landingUrl());
        String otherLanding = path(links.linksFor(library.get(piece()), contact).landingUrl());

        Document page = page(call(get(landing)));
        assertThat(page.getElementById("not-now-3").text()).isEqualTo("Not now: ask me again in 3 months");
        assertThat(page(call(get(otherLanding))).getElementById("not-now")).as("only a check-in asks").isNull();
        assertThat(call(post(landing + "/not-now").param("months", "5")).getStatus()).isEqualTo(404);
        assertThat(call(post(otherLanding + "/not-now").param("months", "6")).getStatus()).isEqualTo(404);

        Document answered = page(call(post(landing + "/not-now").param("months", "6")));

        var ready = readiness.of(contact).orElseThrow();
        assertThat(ready.readyOn()).isEqualTo(clock.instant().atZone(zones.accountZone()).toLocalDate().plusMonths(6));
        assertThat(ready.reason()).contains("not now, ask me again in 6 months", "Good time? " + run);
        assertThat(answered.getElementById("not-now-saved").text()).as("nobody may call her: no number")
                .isEqualTo("We will not ask before " + io.keepwarm.platform.Days.said(ready.readyOn()) + ".");
        assertThat(answered.getElementById("not-now")).as("answered, not asked again").isNull();
        assertThat(answered.getElementById("not-now-saved").attr("role")).isEqualTo("status");
        assertThat(answered.getElementById("not-now-saved").hasAttr("autofocus")).as("read first, without a script")
                .isTrue();
    }

    @Test
    void anAustralianOfUnknownZoneSayingNotNowIsAskedAgainMonthsFromTheirDayOnTheMiddleClockOfAustralia()
            throws Exception {
        long aussie = api.createContact("""
                {"email": "%s", "firstName": "Bruce", "country": "AU"}""".formatted(uniqueEmail("aussie-not-now")));
        ObjectNode checkIn = JsonMapper.shared().createObjectNode().put("name", "Good time down under? " + run)
                .put("type", "CHECK_IN").put("status", "LIVE");
        checkIn.putObject("landing").put("title", "Is now a good time?").put("html", "<p>Tell us in one click.</p>");
        checkIn.putObject("variants").putObject("email").put("subject", "Is now a good time?")
                .put("html", "<p>Is now a good time to talk?</p>");
        long question = json(api.post("/api/v1/content", checkIn.toString())).get("id").asLong();
        String landing = path(links.linksFor(library.get(question), aussie).landingUrl());
        // 20:00 UTC (the account's zone in tests) is 05:30 the next day in Darwin.
        java.time.LocalDate accounts = clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1);
        clock.set(accounts.atTime(20, 0).toInstant(java.time.ZoneOffset.UTC));

        page(call(post(landing + "/not-now").param("months", "3")));

        assertThat(readiness.of(aussie).orElseThrow().readyOn()).isEqualTo(accounts.plusDays(1).plusMonths(3));
    }

    private long piece() throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Cooling guide " + run)
                .put("type", "WHITE_PAPER").put("status", "LIVE").put("landingUrl", "https://example.com/cooling");
        piece.putObject("landing").put("title", "Half the power " + run).put("html", "<p>Why it works</p>");
        piece.putObject("offer").put("key", "white-paper").put("label", "Send me the white paper");
        piece.putObject("fallbacks").put("contact.first_name", "there");
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", "A cooling guide");
        email.put("html", "<p>Dear {{ contact.first_name }},</p><p><a href=\"{{ content.landing_url }}\">Read it</a></p>");
        return json(api.post("/api/v1/content", piece.toString())).get("id").asLong();
    }

    /** Asks the contact to confirm email consent, and answers the path of the link their confirmation email carries. */
    private String confirmLink(long contact) throws Exception {
        api.as(Role.SALES, post("/api/v1/contacts/" + contact + "/opt-in").contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\": \"Yes, send me the monthly cooling notes.\"}"));
        Matcher link = Pattern.compile(BASE + "(/t/confirm/[A-Za-z0-9._-]+)")
                .matcher(delivery.outbox(contact, null, null, 10).items().getFirst().text());
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    private MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request).andReturn().getResponse();
    }
}
