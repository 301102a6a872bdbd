package io.keepwarm.tracking;

import static io.keepwarm.tracking.PublicPages.BASE;
import static io.keepwarm.tracking.PublicPages.page;
import static io.keepwarm.tracking.PublicPages.path;
import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Validity;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.Touch;
import io.keepwarm.platform.Days;
import io.keepwarm.platform.Zones;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.SignedLinks;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A prospect who answers twice (opens the unsubscribe link again, presses an offer's button again) is told what the
 * first answer did and when, instead of being asked again or thanked for nothing.
 */
@KeepwarmTest
class AlreadyAnsweredTest {


    @Autowired Api api;
    @Autowired SignedLinks links;
    @Autowired Consents consents;
    @Autowired ContentLibrary library;
    @Autowired Delivery delivery;
    @Autowired TestClock clock;
    @Autowired Zones zones;
    @Autowired Contacts contacts;
    @Autowired Engine engine;

    private static final String CALL_INSTEAD = " We can call you instead: press \"Have someone call me\".";

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theUnsubscribeLinkOpenedAgainSaysSinceWhenWithAWayBackAndThePreferenceCentreSaysSoToo() throws Exception {
        long ken = contact("Ken");
        String unsubscribe = path(links.unsubscribeUrl(ken));
        String today = today();

        Document first = page(call(post(unsubscribe).param("from", "page")));
        assertThat(first.getElementById("unsubscribed").text()).isEqualTo("You are unsubscribed.");

        Document again = page(call(get(unsubscribe)));
        assertThat(again.getElementById("already").text())
                .isEqualTo("You're already unsubscribed, Ken (since " + today + ").");
        assertThat(again.getElementById("unsubscribe")).as("not asked again").isNull();
        assertThat(again.select("main").text()).doesNotContain("Unsubscribe, Ken?");
        String back = again.getElementById("resubscribe").attr("href");
        assertThat(back).startsWith("/t/p/");

        Document preferences = page(call(get(back)));
        assertThat(preferences.getElementById("unsubscribed").text())
                .startsWith("You are unsubscribed (since " + today + "): we send you no emails.");

        // A mail client's one-click after that: still 200 with a page, no redirect, and nothing recorded twice.
        MockHttpServletResponse oneClick = call(post(unsubscribe).param("List-Unsubscribe", "One-Click"));
        assertThat(oneClick.getStatus()).isEqualTo(200);
        assertThat(oneClick.getRedirectedUrl()).isNull();
        assertThat(Jsoup.parse(oneClick.getContentAsString()).getElementById("already")).isNotNull();
        assertThat(consents.ledger(ken)).filteredOn(e -> e.state() == ConsentState.WITHDRAWN).hasSize(1);

        // The way back is the person's own statement in the preference centre, as before.
        call(post(back).param("email", "true").param("rhythm", "AS_IT_COMES"));
        assertThat(consents.current(ken).get(Channel.EMAIL).state()).isEqualTo(ConsentState.GRANTED);
        assertThat(page(call(get(back))).getElementById("unsubscribed")).isNull();
        Document askedAgain = page(call(get(unsubscribe)));
        assertThat(askedAgain.getElementById("unsubscribe")).as("subscribed again: the button is back").isNotNull();
        assertThat(askedAgain.getElementById("already")).isNull();
    }

    @Test
    void anOfferPressedAgainSaysWhatTheFirstPressDidAndOnWhichDay() throws Exception {
        String today = today();
        long paper = api.liveArticle("The white paper " + run);
        long offering = piece("Offering " + run, paper);
        long willing = contact("Ada");
        String landing = landing(offering, willing);

        call(post(landing + "/accept").param("offer", "white-paper"));
        Document sentAgain = page(call(post(landing + "/accept").param("offer", "white-paper")));

        assertThat(sentAgain.getElementById("accepted-before").text())
                .isEqualTo("We already sent it on " + today + ": look in your inbox (and your spam folder).");
        assertThat(delivery.outbox(willing, null, null, 10).items()).hasSize(1);

        call(post(landing + "/accept").param("offer", "call-me"));
        assertThat(page(call(post(landing + "/accept").param("offer", "call-me"))).getElementById("accepted-before")
                .text()).isEqualTo("You asked on " + today + "; someone will call you.");

        long unsubscribed = contact("Ben");
        consents.record(unsubscribed, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe link",
                null));
        String theirs = landing(offering, unsubscribed);
        call(post(theirs + "/accept").param("offer", "white-paper"));
        assertThat(page(call(post(theirs + "/accept").param("offer", "white-paper"))).getElementById("accepted-before")
                .text()).startsWith("You asked on " + today + ", but you unsubscribed from our emails.");

        long recordedOnly = piece("Recorded only " + run, null);
        String plain = landing(recordedOnly, willing);
        call(post(plain + "/accept").param("offer", "white-paper"));
        assertThat(page(call(post(plain + "/accept").param("offer", "white-paper"))).getElementById("accepted-before")
                .text()).isEqualTo("You asked on " + today + "; we will be in touch. Meanwhile you can read it here.");
    }

    @Test
    void theLandingPageOpenedAgainSaysWhatWasAskedForAndOffersOnlyAPieceThatCouldNotGoThen() throws Exception {
        String today = today();
        long paper = api.liveArticle("The white paper " + run);
        long offering = piece("Offering " + run, paper);
        long ada = contact("Ada");
        String landing = landing(offering, ada);

        Document fresh = page(call(get(landing)));
        assertThat(fresh.getElementById("accept").text()).isEqualTo("Send me the white paper");
        assertThat(fresh.getElementById("call-me")).isNotNull();
        assertThat(fresh.getElementById("offer-before")).isNull();

        Document answer = page(call(post(landing + "/accept").param("offer", "white-paper")));
        assertThat(answer.getElementById("call-me")).as("right after the press, a call is theirs to ask for too")
                .isNotNull();
        assertThat(answer.getElementById("accept")).isNull();
        Document sent = page(call(get(landing)));
        assertThat(sent.getElementById("offer-before").text())
                .isEqualTo("We already sent it on " + today + ": look in your inbox (and your spam folder).");
        assertThat(sent.getElementById("accept")).as("sent: not offered again the same day").isNull();
        assertThat(sent.getElementById("call-me")).as("a call is still theirs to ask for").isNotNull();
        assertThat(sent.select("main").text()).contains("Ada").doesNotContain("@example.com");

        call(post(landing + "/accept").param("offer", "call-me"));
        Document called = page(call(get(landing)));
        assertThat(called.getElementById("call-me-before").text())
                .isEqualTo("You asked on " + today + "; someone will call you.");
        assertThat(called.getElementById("call-me")).isNull();
        assertThat(delivery.outbox(ada, null, null, 10).items()).as("opening the page sends nothing").hasSize(1);

        // Withheld (they had withdrawn consent): the page says how to give it again, no button...
        long ben = contact("Ben");
        consents.record(ben, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe link", null));
        String theirs = landing(offering, ben);
        assertThat(page(call(post(theirs + "/accept").param("offer", "white-paper"))).getElementById("accepted").text())
                .isEqualTo("Thank you, but you unsubscribed from our emails. To get it, say yes to email in your email"
                        + " preferences, then come back to this page." + CALL_INSTEAD);
        Document withheld = page(call(get(theirs)));
        assertThat(withheld.getElementById("offer-before").text()).isEqualTo("You asked on " + today + ", but you"
                + " unsubscribed from our emails. To get it, say yes to email in your email preferences, then come back"
                + " to this page." + CALL_INSTEAD);
        assertThat(withheld.getElementById("accept")).isNull();
        assertThat(withheld.getElementById("call-me")).isNotNull();

        // ...until they subscribe again there: then the page offers to send it again, and the press sends it.
        call(post(withheld.select("#offer-before a").attr("href")).param("email", "true").param("rhythm", "AS_IT_COMES"));
        Document resubscribed = page(call(get(theirs)));
        assertThat(resubscribed.getElementById("offer-before").text())
                .isEqualTo("You asked on " + today + ", but we could not email you then.");
        assertThat(resubscribed.getElementById("accept").text()).isEqualTo("Send it again");
        assertThat(delivery.outbox(ben, null, null, 10).items()).isEmpty();
        assertThat(page(call(post(theirs + "/accept").param("offer", "white-paper"))).getElementById("accepted")
                .text()).isEqualTo("Thank you, it is on its way to your inbox.");
        assertThat(delivery.outbox(ben, null, null, 10).items()).hasSize(1);
        assertThat(page(call(get(theirs))).getElementById("offer-before").text()).startsWith("We already sent it on");

        // A day on, the page is as new: asking again sends it again.
        clock.advance(Duration.ofDays(2));
        Document later = page(call(get(landing)));
        assertThat(later.getElementById("offer-before")).isNull();
        assertThat(later.getElementById("accept").text()).isEqualTo("Send me the white paper");
        assertThat(later.getElementById("call-me")).isNotNull();
    }

    @Test
    void aPieceThatWouldStillBeWithheldFromTheAddressIsNotOfferedAgainAndThePageOffersACallInstead() throws Exception {
        String today = today();
        long paper = api.liveArticle("The white paper " + run);
        long offering = piece("Offering " + run, paper);
        String cannot = "we cannot send email to the address we have for you.";
        // Not unsubscribed, so "Send it again" was offered, and pressed for nothing.
        long bounced = contact("Cy");
        contacts.markValidity(bounced, Validity.BOUNCED, "550 5.1.1 no such mailbox");
        long suppressed = contact("Di");
        contacts.suppress(suppressed, "COMPLAINT");

        for (long contact : List.of(bounced, suppressed)) {
            String landing = landing(offering, contact);
            Document answer = page(call(post(landing + "/accept").param("offer", "white-paper")));
            assertThat(answer.getElementById("accepted").text()).isEqualTo("Thank you, but " + cannot + CALL_INSTEAD);
            assertThat(answer.getElementById("call-me")).as("the call is still theirs to ask for").isNotNull();

            Document again = page(call(get(landing)));
            assertThat(again.getElementById("offer-before").text())
                    .isEqualTo("You asked on " + today + ", but " + cannot + CALL_INSTEAD);
            assertThat(again.getElementById("accept")).as("nothing would come: not offered").isNull();
            assertThat(again.select("main").text()).doesNotContain("@example.com", "bounce", "suppress", "complain");

            // A page left open from before, or a forged form: checked again, answered in words, nothing sent or added.
            int touches = engine.touchesOf(contact).size();
            Document forged = page(call(post(landing + "/accept").param("offer", "white-paper")));
            assertThat(forged.getElementById("accepted-before").text()).isEqualTo(again.getElementById("offer-before")
                    .text());
            assertThat(delivery.outbox(contact, null, null, 10).items()).isEmpty();
            assertThat(engine.touchesOf(contact)).as("no further withheld touch per press").hasSize(touches);

            call(post(landing + "/accept").param("offer", "call-me"));
            Document called = page(call(get(landing)));
            assertThat(called.getElementById("offer-before").text())
                    .isEqualTo("You asked on " + today + ", but " + cannot);
            assertThat(called.getElementById("call-me-before").text())
                    .isEqualTo("You asked on " + today + "; someone will call you.");
            assertThat(called.getElementById("call-me")).isNull();
        }
    }

    @Test
    void aPieceWithheldForDoNotContactIsOfferedAgainOnlyOnceTheMarkIsLiftedAndThenSent() throws Exception {
        String today = today();
        long paper = api.liveArticle("The white paper " + run);
        long offering = piece("Offering " + run, paper);
        long ed = contact("Ed");
        api.patch("/api/v1/contacts/" + ed, "{\"doNotContact\": [\"EMAIL\"]}").andExpect(status().isOk());
        String landing = landing(offering, ed);

        assertThat(page(call(post(landing + "/accept").param("offer", "white-paper"))).getElementById("accepted").text())
                .isEqualTo("Thank you, but we have a note not to email you, so we cannot send it." + CALL_INSTEAD);
        Document marked = page(call(get(landing)));
        assertThat(marked.getElementById("offer-before").text()).isEqualTo("You asked on " + today
                + ", but we have a note not to email you, so we cannot send it." + CALL_INSTEAD);
        assertThat(marked.getElementById("accept")).isNull();

        api.patch("/api/v1/contacts/" + ed, "{\"doNotContact\": []}").andExpect(status().isOk());
        Document lifted = page(call(get(landing)));
        assertThat(lifted.getElementById("offer-before").text())
                .isEqualTo("You asked on " + today + ", but we could not email you then.");
        assertThat(lifted.getElementById("accept").text()).isEqualTo("Send it again");
        assertThat(page(call(post(landing + "/accept").param("offer", "white-paper"))).getElementById("accepted")
                .text()).isEqualTo("Thank you, it is on its way to your inbox.");
        assertThat(delivery.outbox(ed, null, null, 10).items()).hasSize(1);
    }

    @Test
    void aPieceThatCouldNotBeFilledInForTheProspectIsNotCalledWithheldNorOfferedAgainAndThePageOffersACall()
            throws Exception {
        String today = today();
        // A subject that grows past a thousand characters with this contact's long first name: it cannot go to them.
        long paper = json(api.post("/api/v1/content", """
                {"name": "Long subject %s", "type": "ARTICLE", "status": "LIVE",
                 "fallbacks": {"contact.first_name": "there"},
                 "variants": {"email": {"subject": "%s {{ contact.first_name }}", "html": "<p>Hello</p>"}}}"""
                .formatted(run, "x".repeat(960))).andExpect(status().isCreated())).get("id").asLong();
        long offering = piece("Offering " + run, paper);
        long bart = contact("Bartholomew-".repeat(8));
        String landing = landing(offering, bart);
        String failed = "we could not send it: something went wrong on our side, not yours.";

        Document answer = page(call(post(landing + "/accept").param("offer", "white-paper")));
        assertThat(answer.getElementById("accepted").text()).isEqualTo("Thank you, but " + failed + CALL_INSTEAD);
        assertThat(answer.getElementById("call-me")).as("the call is theirs to ask for").isNotNull();
        assertThat(engine.touchesOf(bart)).singleElement().satisfies(touch -> {
            assertThat(touch.state()).isEqualTo(Touch.State.FAILED);
            assertThat(touch.reason()).isEqualTo("UNRENDERABLE");
        });

        Document again = page(call(get(landing)));
        assertThat(again.getElementById("offer-before").text())
                .isEqualTo("You asked on " + today + ", but " + failed + CALL_INSTEAD);
        assertThat(again.getElementById("accept")).as("it would fail the same way: not offered again").isNull();
        assertThat(again.getElementById("call-me")).isNotNull();

        // A page left open from before, or a forged form: answered in the same words, nothing tried or recorded again.
        Document pressed = page(call(post(landing + "/accept").param("offer", "white-paper")));
        assertThat(pressed.getElementById("accepted-before").text()).isEqualTo(again.getElementById("offer-before")
                .text());
        assertThat(engine.touchesOf(bart)).hasSize(1);
        assertThat(delivery.outbox(bart, null, null, 10).items()).isEmpty();

        call(post(landing + "/accept").param("offer", "call-me"));
        Document called = page(call(get(landing)));
        assertThat(called.getElementById("offer-before").text()).isEqualTo("You asked on " + today + ", but " + failed);
        assertThat(called.getElementById("call-me-before").text())
                .isEqualTo("You asked on " + today + "; someone will call you.");
        assertThat(called.getElementById("call-me")).isNull();
    }

    private long contact(String firstName) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "%s", "phone": "+49 30 1234567"}""".formatted(uniqueEmail("again"),
                        firstName));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        return id;
    }

    /** A live piece with a landing page whose offer sends {@code sends} at once (null: recorded only). */
    private long piece(String name, Long sends) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "ARTICLE")
                .put("status", "LIVE").put("landingUrl", "https://example.com/" + run);
        ObjectNode offer = piece.putObject("offer").put("key", "white-paper").put("label", "Send me the white paper");
        if (sends != null) {
            offer.put("sends", sends);
        }
        piece.putObject("variants").putObject("email").put("subject", name)
                .put("html", "<p><a href=\"{{ content.landing_url }}\">Read it</a></p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private String landing(long piece, long contact) {
        return path(links.linksFor(library.get(piece), contact).landingUrl());
    }

    private String today() {
        return Days.said(LocalDate.ofInstant(clock.instant(), zones.accountZone()));
    }

    private MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request).andReturn().getResponse();
    }
}
