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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Tags;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.delivery.internal.AtOnce;
import io.keepwarm.delivery.internal.MailSettings;
import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.engine.Candidate;
import io.keepwarm.engine.Decision;
import io.keepwarm.engine.FrequencyPreferences;
import io.keepwarm.engine.Pressure;
import io.keepwarm.engine.Reason;
import io.keepwarm.identity.Role;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.SignedLinks;
import io.keepwarm.tracking.internal.Token;
import io.keepwarm.tracking.internal.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The prospect's side of an email, through the real endpoints, recorder and database. */
@KeepwarmTest
class TrackingTest {

    private static final Pattern CLICK = Pattern.compile("href=\"" + BASE + "(/t/c/[^\"]+)\"");
    private static final Pattern PIXEL = Pattern.compile("src=\"" + BASE + "(/t/o/[^\"]+)\"");
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    @Autowired Api api;
    @Autowired Delivery delivery;
    @Autowired Consents consents;
    @Autowired Contacts contacts;
    @Autowired Activities activities;
    @Autowired Tracking tracking;
    @Autowired SignedLinks links;
    @Autowired Tokens tokens;
    @Autowired Tags tags;
    @Autowired FrequencyPreferences frequency;
    @Autowired Readiness readiness;
    @Autowired TestClock clock;
    @Autowired Pressure pressure;
    @Autowired MailSettings mail;
    @Autowired SmtpChannel smtp;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void thePixelAnswersAGifAndRecordsAnOpenOfTheTouchsContact() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        Instant before = clock.instant().minusSeconds(1);

        MockHttpServletResponse pixel = call(get(pixelOf(message)).header("User-Agent", FIREFOX));

        assertThat(pixel.getStatus()).isEqualTo(200);
        assertThat(pixel.getContentType()).isEqualTo("image/gif");
        assertThat(pixel.getContentAsByteArray()).startsWith("GIF89a".getBytes());
        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_OPENED, before))
                .singleElement().satisfies(open -> {
                    assertThat(open.target()).isEqualTo("touch:" + message.touchId());
                    assertThat(open.touchId()).isEqualTo(message.touchId());
                    assertThat(open.flag()).isNull();
                });
        assertThat(activities.engagedSince(List.of(contact), before)).containsExactly(contact);
    }

    @Test
    void anOpenThroughAMailPrivacyProxyIsRecordedFlaggedAndIsNoEngagement() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        Instant before = clock.instant().minusSeconds(1);

        call(get(pixelOf(message)).header("User-Agent", "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy"));
        call(get(pixelOf(message)).header("User-Agent", "Mozilla/5.0").with(r -> {
            r.setRemoteAddr("17.58.101.7");
            return r;
        }));

        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_OPENED, before))
                .hasSize(2).allSatisfy(open -> assertThat(open.flag()).isEqualTo("PRIVACY_PROXY"));
        assertThat(activities.engagedSince(List.of(contact), before)).isEmpty();
    }

    @Test
    void anOpenThroughGmailsImageProxyIsThePersonsOpenAndCountsAsEngagement() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        Instant before = clock.instant().minusSeconds(1);

        // Gmail fetches images through its proxy when the reader opens the message, never on delivery.
        call(get(pixelOf(message)).header("User-Agent",
                "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)").with(r -> {
                    r.setRemoteAddr("66.249.84.1");
                    return r;
                }));

        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_OPENED, before))
                .singleElement().satisfies(open -> assertThat(open.flag()).isNull());
        assertThat(activities.engagedSince(List.of(contact), before)).containsExactly(contact);
    }

    @Test
    void aLinkWithALineBreakFromAContactFieldKeepsEveryLaterClickGoingWhereItsLinkPoints() throws Exception {
        long contact = contact();
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, 1_000_000_000_000L);
        // What a template writes for {{ contact.company }} when the imported company holds a line break.
        delivery.send(new Outgoing.Email(touch, contact, "x@example.com", "Hello", """
                <p><a href="https://example.com/one?company=Acme&#13;&#10;Labs">one</a>
                <a href="https://example.com/two">two</a></p>""", null, null, links.unsubscribeUrl(contact),
                links.preferencesUrl(contact)));
        OutboxMessage message = delivery.messageForTouch(touch).orElseThrow();

        assertThat(call(get(clicksOf(message).get(1)).header("User-Agent", FIREFOX)).getHeader("Location"))
                .isEqualTo("https://example.com/two");
        assertThat(call(get(clicksOf(message).get(0)).header("User-Agent", FIREFOX)).getHeader("Location"))
                .as("the line break travels percent-encoded, as a valid address carries it")
                .isEqualTo("https://example.com/one?company=Acme%0D%0ALabs");
    }

    @Test
    void aClickGoesToTheStoredLinkAndNowhereElseAndIsRecorded() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        clock.advance(Duration.ofMinutes(5));
        Instant before = clock.instant().minusSeconds(1);
        String click = clicksOf(message).get(1);

        MockHttpServletResponse response = call(get(click).param("url", "https://evil.example/")
                .header("User-Agent", FIREFOX));

        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getHeader("Location")).isEqualTo(message.links().get(1)).isEqualTo("https://example.com/two?a=1&b=2");
        String beyond = "/t/c/" + tokens.sign(Token.click(message.touchId(), message.links().size()));
        assertThat(call(get(beyond)).getStatus()).isEqualTo(404);
        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_CLICKED, before))
                .singleElement().satisfies(c -> {
                    assertThat(c.target()).isEqualTo("https://example.com/two?a=1&b=2");
                    assertThat(c.touchId()).as("the message it was in, which a click shows was opened").isEqualTo(message.touchId());
                    assertThat(c.flag()).isNull();
                });
    }

    @Test
    void everyEmailsFooterLeadsToTheContactsOwnPreferencesUntrackedInBothBodies() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);

        Matcher html = Pattern.compile("<a href=\"" + BASE + "(/t/p/[^\"]+)\">Choose what you get</a>").matcher(message.html());
        assertThat(html.find()).as(message.html()).isTrue();
        assertThat(message.text()).contains("Choose what you get: " + BASE + html.group(1));
        assertThat(message.links()).as("not a tracked click").noneMatch(l -> l.contains("/t/p/"));
        assertThat(call(get(html.group(1))).getContentAsString()).contains("What you hear from", "Ada");
    }

    @Test
    void aClickWithinSecondsOfSendingIsFlaggedAsAScannersAndALaterOneIsNot() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        Instant before = clock.instant().minusSeconds(1);

        clock.advance(Duration.ofSeconds(2));
        call(get(clicksOf(message).getFirst()).header("User-Agent", FIREFOX));
        clock.advance(Duration.ofMinutes(10));
        call(get(clicksOf(message).getFirst()).header("User-Agent", FIREFOX));

        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_CLICKED, before))
                .extracting(Activity::flag).containsExactlyInAnyOrder("FAST_CLICK", null);
    }

    @Test
    void aLandingPageAScannersClickLeadsToIsFlaggedLikeTheClickAndDoesNotCountAsAVisit() throws Exception {
        long contact = contact();
        long piece = piece("scanned-" + run);
        String landing = links.linksFor(contentItem(piece), contact).landingUrl();
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, 1_000_000_000_000L);
        delivery.send(new Outgoing.Email(touch, contact, "x@example.com", "Hello",
                "<p><a href=\"" + landing + "\">Read it</a></p>", null, null, links.unsubscribeUrl(contact),
                links.preferencesUrl(contact)));
        String click = clicksOf(delivery.messageForTouch(touch).orElseThrow()).getFirst();
        Instant before = clock.instant().minusSeconds(1);

        // A gateway's scanner follows the link a second after delivery, as a browser would, with a browser's agent.
        clock.advance(Duration.ofSeconds(1));
        String scanned = call(get(click).header("User-Agent", FIREFOX)).getHeader("Location");
        assertThat(scanned).isEqualTo(landing + "?via=fast_click");
        call(get(path(scanned)).header("User-Agent", FIREFOX));

        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.PAGE_VIEW, before))
                .singleElement().satisfies(view -> assertThat(view.flag()).isEqualTo("FAST_CLICK"));
        assertThat(activities.engagedSince(List.of(contact), before)).as("neither the click nor the visit").isEmpty();

        clock.advance(Duration.ofMinutes(10));
        Instant later = clock.instant().minusSeconds(1);
        String read = call(get(click).header("User-Agent", FIREFOX)).getHeader("Location");
        assertThat(read).as("a person's click leads to the page as sent").isEqualTo(landing);
        call(get(path(read)).header("User-Agent", FIREFOX));
        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.PAGE_VIEW, later))
                .singleElement().satisfies(view -> assertThat(view.flag()).isNull());
    }

    @Test
    void aForgedOrAlteredTokenIsNotFoundAndDoesNothing() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        Instant before = clock.instant().minusSeconds(1);
        String click = clicksOf(message).getFirst();
        String unsubscribe = path(links.unsubscribeUrl(contact));

        for (String altered : List.of(alter(click), alter(pixelOf(message)), "/t/c/k1.forged", "/t/o/local1.AAAAAAAAAAAAAAAAAAAAAAAAAA")) {
            MockHttpServletResponse response = call(get(altered));
            assertThat(response.getStatus()).as(altered).isEqualTo(404);
            assertThat(response.getHeader("Location")).isNull();
        }
        assertThat(call(oneClick(alter(unsubscribe))).getStatus()).isEqualTo(404);
        // A valid token of one purpose opens nothing of another.
        assertThat(call(oneClick(unsubscribe.replace("/t/u/", "/t/c/"))).getStatus()).isEqualTo(404);
        assertThat(call(get(path(links.preferencesUrl(contact)).replace("/t/p/", "/t/u/"))).getStatus()).isEqualTo(404);

        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_CLICKED, before)).isEmpty();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_OPENED, before)).isEmpty();
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    void anRfc8058OneClickPostWithoutCookiesUnsubscribesAndAnswers200WithoutRedirect() throws Exception {
        long contact = contact();
        String unsubscribe = path(links.unsubscribeUrl(contact));

        MockHttpServletResponse response = call(oneClick(unsubscribe));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Location")).isNull();
        assertThat(response.getCookies()).isEmpty();
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.WITHDRAWN);
        Consents.Entry entry = consents.ledger(contact).getLast();
        assertThat(entry.source()).isEqualTo("unsubscribe link");
        assertThat(entry.recordedBy()).isEqualTo("prospect");
        assertThat(entry.evidence().form()).contains("RFC 8058");
        assertThat(entry.evidence().ip()).isEqualTo("127.0.0.1");

        assertThat(call(oneClick(unsubscribe)).getStatus()).as("a provider's retry").isEqualTo(200);
        assertThat(consents.ledger(contact)).hasSize(2);
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.UNSUBSCRIBED, Instant.EPOCH)).hasSize(1);
    }

    @Test
    void theLinksOfAnEmailSentBeforeTheContactWasMergedIntoAnotherWorkForTheSurvivor() throws Exception {
        long duplicate = contact();
        long survivor = contact();
        OutboxMessage message = sent(duplicate);
        String unsubscribe = path(links.unsubscribeUrl(duplicate));
        Instant before = clock.instant().minusSeconds(1);
        call(get(pixelOf(message)).header("User-Agent", FIREFOX));
        tracking.flush();

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());
        call(get(pixelOf(message)).header("User-Agent", FIREFOX));
        tracking.flush();

        assertThat(activities.ofTypeAfter(List.of(survivor), ActivityType.EMAIL_OPENED, before))
                .as("the open before the merge, moved, and the one after it").hasSize(2);
        assertThat(call(oneClick(unsubscribe)).getStatus()).isEqualTo(200);
        assertThat(emailConsent(survivor)).isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    void theLinksInAnEmailToSomeoneErasedSinceSayTheyAreUnsubscribedAndNameNoContactNumber() throws Exception {
        long contact = contact();
        String unsubscribe = path(links.unsubscribeUrl(contact));
        String preferences = path(links.preferencesUrl(contact));
        api.delete("/api/v1/contacts/" + contact).andExpect(status().isNoContent());

        MockHttpServletResponse oneClick = call(oneClick(unsubscribe));
        Document page = page(call(get(unsubscribe)));
        MockHttpServletResponse gone = call(get(preferences));

        assertThat(oneClick.getStatus()).as("a mail client's one-click is answered as done").isEqualTo(200);
        assertThat(page(oneClick).getElementById("erased").text()).isEqualTo("You are unsubscribed.");
        assertThat(page.getElementById("unsubscribe")).as("no button that could change nothing").isNull();
        assertThat(page.text()).contains("no more emails").doesNotContain("Contact " + contact);
        assertThat(gone.getStatus()).isEqualTo(404);
        assertThat(org.jsoup.Jsoup.parse(gone.getContentAsString()).getElementById("unknown").text()).contains("erased").doesNotContain("Contact " + contact);
        assertThat(org.jsoup.Jsoup.parse(gone.getContentAsString()).select("main").text())
                .as("no advice to copy a link that was copied whole").doesNotContain("copy the whole link");
    }

    @Test
    void aBlogLinkInAnEmailToSomeoneErasedSinceSaysTheirDetailsWereErasedAndLeadsNowhere() throws Exception {
        long contact = contact();
        String blog = clicksOf(sent(contact)).getFirst();
        api.delete("/api/v1/contacts/" + contact).andExpect(status().isNoContent());

        MockHttpServletResponse click = call(get(blog).header("User-Agent", FIREFOX));

        assertThat(click.getStatus()).isEqualTo(404);
        assertThat(click.getHeader("Location")).as("no redirect anywhere").isNull();
        var page = org.jsoup.Jsoup.parse(click.getContentAsString());
        assertThat(page.getElementById("unknown").text()).as("as the preference link says").contains("erased")
                .doesNotContain("mistyped");
        assertThat(page.select("main").text()).doesNotContain("copy the whole link", "Contact " + contact);
    }

    @Test
    void aLinkClickedBeforeThePersonWasErasedLeadsNowhereAfterwardsAndRecordsNothing() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        String blog = clicksOf(message).getFirst();
        assertThat(call(get(blog).header("User-Agent", FIREFOX)).getStatus()).as("followed once").isEqualTo(302);
        tracking.flush();
        api.delete("/api/v1/contacts/" + contact).andExpect(status().isNoContent());

        MockHttpServletResponse click = call(get(blog).header("User-Agent", FIREFOX));
        tracking.flush();

        assertThat(click.getStatus()).isEqualTo(404);
        assertThat(click.getHeader("Location")).as("no redirect anywhere").isNull();
        assertThat(org.jsoup.Jsoup.parse(click.getContentAsString()).getElementById("unknown").text()).contains("erased");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tracking_events WHERE touch_id = ?").param(message.touchId())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM activities WHERE contact_id = ?").param(contact)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aHeadOfAnEmailsLinksAnswersAsAGetWouldButRecordsNoOpenClickOrUnsubscribe() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        clock.advance(Duration.ofMinutes(5));
        Instant before = clock.instant().minusSeconds(1);

        MockHttpServletResponse click = call(MockMvcRequestBuilders.head(clicksOf(message).get(1))
                .header("User-Agent", FIREFOX));
        MockHttpServletResponse pixel = call(MockMvcRequestBuilders.head(pixelOf(message)).header("User-Agent", FIREFOX));
        MockHttpServletResponse unsubscribe = call(MockMvcRequestBuilders.head(path(links.unsubscribeUrl(contact))));
        MockHttpServletResponse preferences = call(MockMvcRequestBuilders.head(path(links.preferencesUrl(contact))));

        assertThat(click.getStatus()).isEqualTo(302);
        assertThat(click.getHeader("Location")).isEqualTo(message.links().get(1));
        assertThat(pixel.getStatus()).isEqualTo(200);
        assertThat(pixel.getContentType()).isEqualTo("image/gif");
        assertThat(unsubscribe.getStatus()).isEqualTo(200);
        assertThat(preferences.getStatus()).isEqualTo(200);
        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_OPENED, before)).isEmpty();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_CLICKED, before)).isEmpty();
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    void aGetOfTheUnsubscribeLinkOnlyShowsAButtonAndUnsubscribesNobody() throws Exception {
        long contact = contact();

        MockHttpServletResponse page = call(get(path(links.unsubscribeUrl(contact))).header("User-Agent", "LinkScanner bot"));

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("<button id=\"unsubscribe\">").contains("method=\"post\"");
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.GRANTED);
        assertThat(consents.ledger(contact)).hasSize(1);
    }

    @Test
    void aScriptInTheUserAgentOrReferrerIsNeverServedUnescaped() throws Exception {
        long contact = contact();
        OutboxMessage message = sent(contact);
        String script = "<script>alert('xss')</script>";
        clock.advance(Duration.ofMinutes(1));
        call(get(clicksOf(message).getFirst()).header("User-Agent", script).header("Referer", "javascript:" + script));
        call(get(pixelOf(message)).header("User-Agent", script));
        call(oneClick(path(links.unsubscribeUrl(contact))).header("User-Agent", script));
        tracking.flush();

        String page = api.mvc().perform(get("/ui/tracking").param("contact", String.valueOf(contact))
                        .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse().getContentAsString();
        // The page's own scripts are the layout's, each a file of ours; none came from a request.
        assertThat(org.jsoup.Jsoup.parse(page).select("script").eachAttr("src"))
                .containsExactly("/webjars/htmx.org/dist/htmx.min.js", "/js/keepwarm.js");
        assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;");

        var events = api.get("/api/v1/tracking/events?contact=" + contact).andReturn().getResponse();
        assertThat(events.getContentType()).startsWith("application/json");
        assertThat(json(api.get("/api/v1/tracking/events?contact=" + contact)).get("items")).hasSize(3)
                .allSatisfy(e -> assertThat(e.get("userAgent").asString()).isEqualTo(script));
        var newest = json(api.get("/api/v1/tracking/events?limit=2&contact=" + contact));
        var older = json(api.get("/api/v1/tracking/events?limit=2&contact=" + contact + "&cursor="
                + newest.get("nextCursor").asString()));
        assertThat(older.get("items")).as("the oldest of the three, on a page of its own").hasSize(1);
        assertThat(older.get("items").get(0).get("id").asLong()).isLessThan(newest.get("items").get(1).get("id").asLong());
        assertThat(older.get("nextCursor").isNull()).isTrue();
        // The contact's export carries the requests too, as JSON strings: data, never markup.
        var export = api.get("/api/v1/contacts/" + contact + "/export").andReturn().getResponse();
        assertThat(export.getContentType()).startsWith("application/json");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/export")).get("trackedRequests")).hasSize(3)
                .allSatisfy(e -> assertThat(e.get("userAgent").asString()).isEqualTo(script));
    }

    @Test
    void doubleOptInGrantsConsentOnlyWhenTheContactConfirms() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Grace", "source": "WEB_FORM"}""".formatted(uniqueEmail("optin")));

        var requested = json(api.post("/api/v1/contacts/" + contact + "/opt-in",
                "{\"text\": \"Yes, send me the monthly cooling notes.\"}"));
        assertThat(requested.get("contactId").asLong()).isEqualTo(contact);

        OutboxMessage confirmation = delivery.outbox(contact, null, null, 10).items().getFirst();
        assertThat(confirmation.touchId()).isNull();
        Matcher link = Pattern.compile(BASE + "(/t/confirm/[A-Za-z0-9._-]+)").matcher(confirmation.text());
        assertThat(link.find()).isTrue();
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.UNKNOWN);

        MockHttpServletResponse page = call(get(link.group(1)));
        assertThat(page.getContentAsString()).contains("Yes, send me the monthly cooling notes.").contains("id=\"confirm\"");
        assertThat(emailConsent(contact)).as("showing the page grants nothing").isEqualTo(ConsentState.UNKNOWN);
        assertThat(call(post(alter(link.group(1)))).getStatus()).isEqualTo(404);
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.UNKNOWN);

        assertThat(call(post(link.group(1))).getStatus()).isEqualTo(200);
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.GRANTED);
        Consents.Entry entry = consents.ledger(contact).getLast();
        assertThat(entry.source()).isEqualTo("double opt-in");
        assertThat(entry.evidence().text()).isEqualTo("Yes, send me the monthly cooling notes.");
        assertThat(entry.evidence().form()).isEqualTo("double opt-in confirmation page");
        assertThat(entry.evidence().ip()).isEqualTo("127.0.0.1");
        assertThat(entry.evidence().language()).as("the confirmation page spoke the account's default")
                .isEqualTo("en");

        call(post(link.group(1)));
        assertThat(consents.ledger(contact)).as("confirming twice records once").hasSize(1);
    }

    @Test
    void theDoubleOptInConfirmationCarriesTheSendersPostalAddressInBothBodies() throws Exception {
        long contact = optInContact("optin-postal", "");

        optIn(contact).andExpect(status().isAccepted());

        OutboxMessage confirmation = delivery.outbox(contact, null, null, 10).items().getFirst();
        assertThat(confirmation.text()).contains(mail.postalAddress()).doesNotContainIgnoringCase("unsubscribe");
        assertThat(confirmation.html()).contains(mail.postalAddress()).doesNotContainIgnoringCase("unsubscribe");
    }

    @Test
    void aRepCannotSendAnOptInRequestToAnAddressWeMayNotWriteToOrWhoseEmailConsentIsSettled() throws Exception {
        long suppressed = optInContact("suppressed", "");
        contacts.suppress(suppressed, "complaint");
        long dnc = optInContact("dnc", "");
        api.patch("/api/v1/contacts/" + dnc, "{\"doNotContact\": [\"EMAIL\"]}").andExpect(status().isOk());
        long bounced = optInContact("bounced", ", \"validity\": \"BOUNCED\"");
        long withdrawn = optInContact("withdrawn", "");
        consents.record(withdrawn, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe link", null));
        long granted = optInContact("granted", "");
        consents.record(granted, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));

        assertThat(refusedOptIn(suppressed)).contains("suppression list");
        assertThat(refusedOptIn(dnc)).contains("do-not-contact");
        assertThat(refusedOptIn(bounced)).contains("address bounced").doesNotContain("BOUNCED");
        assertThat(refusedOptIn(withdrawn)).contains("withdrew email consent", "preference centre");
        assertThat(refusedOptIn(granted)).contains("already granted");
        for (long contact : List.of(suppressed, dnc, bounced, withdrawn, granted)) {
            assertThat(delivery.outbox(contact, null, null, 10).items()).as("nothing sent to " + contact).isEmpty();
        }
    }

    @Test
    void aSecondOptInRequestWaitsUntilTheFirstLapsesAndALapsedLinkConfirmsNothing() throws Exception {
        long contact = optInContact("pending", "");
        var first = json(optIn(contact).andExpect(status().isAccepted()));
        Instant sentAt = clock.instant();

        var again = json(optIn(contact).andExpect(status().isConflict()));

        Instant validUntil = Instant.parse(again.get("validUntil").asString());
        assertThat(again.get("detail").asString()).contains("sent to", "stays valid until "
                + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(validUntil));
        assertThat(Duration.between(sentAt.plus(Duration.ofDays(7)), validUntil).abs()).isLessThan(Duration.ofSeconds(1));
        assertThat(Duration.between(Instant.parse(first.get("validUntil").asString()), validUntil).abs())
                .isLessThan(Duration.ofSeconds(1));
        assertThat(delivery.outbox(contact, null, null, 10).items()).hasSize(1);

        clock.advance(Duration.ofDays(7));
        String lapsed = confirmLink(delivery.outbox(contact, null, null, 10).items().getFirst());
        assertThat(call(get(lapsed)).getContentAsString()).contains("id=\"expired\"").doesNotContain("id=\"confirm\"");
        assertThat(org.jsoup.Jsoup.parse(call(get(lapsed)).getContentAsString()).select("h1").eachText())
                .as("no 'Please confirm' above no button").containsExactly("This link has lapsed");
        assertThat(delivery.outbox(contact, null, null, 10).items().getFirst().text())
                .as("the email said how long the link works").contains("The link works for 7 days.");
        call(post(lapsed));
        assertThat(emailConsent(contact)).as("a lapsed link grants nothing").isEqualTo(ConsentState.UNKNOWN);

        optIn(contact).andExpect(status().isAccepted());
        assertThat(delivery.outbox(contact, null, null, 10).items()).hasSize(2);
    }

    @Test
    void aRepAsksForDoubleOptInOnlyOnTheirOwnContactsNotWithTheirWordsOnAnotherRepsContact() throws Exception {
        io.keepwarm.support.SalesTeam team = new io.keepwarm.support.SalesTeam(api);
        long owner = team.rep("Owning Rep");
        long other = team.rep("Other Rep");
        long contact = optInContact("others-optin", ", \"owner\": \"" + owner + "\"");
        String phishing = "{\"text\": \"Your account is locked: verify at http://example.test/login\"}";

        team.post(other, "/api/v1/contacts/" + contact + "/opt-in", phishing).andExpect(status().isForbidden());
        assertThat(delivery.outbox(contact, null, null, 10).items()).as("nothing was sent").isEmpty();

        team.post(owner, "/api/v1/contacts/" + contact + "/opt-in", "{}").andExpect(status().isAccepted());
        assertThat(delivery.outbox(contact, null, null, 10).items()).hasSize(1);
    }

    private long optInContact(String name, String extra) throws Exception {
        return api.createContact("""
                {"email": "%s", "firstName": "Olive", "source": "WEB_FORM"%s}""".formatted(uniqueEmail(name), extra));
    }

    private org.springframework.test.web.servlet.ResultActions optIn(long contact) throws Exception {
        return api.as(Role.SALES, post("/api/v1/contacts/" + contact + "/opt-in").contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\": \"Yes, send me the monthly cooling notes.\"}"));
    }

    private String refusedOptIn(long contact) throws Exception {
        return json(optIn(contact).andExpect(status().isConflict())).get("detail").asString();
    }

    /** A day as a prospect's page writes it: "1 March 2027". */
    private static String spoken(LocalDate day) {
        return day.format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH));
    }

    private static String confirmLink(OutboxMessage confirmation) {
        Matcher link = Pattern.compile(BASE + "(/t/confirm/[A-Za-z0-9._-]+)").matcher(confirmation.text());
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    @Test
    void preferenceCentreChoicesTakeEffectAndWithdrawingIsAsEasyAsGiving() throws Exception {
        long contact = contact("+49 30 1234567");
        String topic = "cooling-" + run;
        piece(topic);
        String preferences = path(links.preferencesUrl(contact));
        assertThat(call(get(preferences)).getContentAsString()).contains(topic);

        call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "true")
                .param("topics", topic).param("rhythm", "MONTHLY").param("notNowMonths", "3"));

        assertThat(tags.list(contact)).contains("topic:" + topic);
        assertThat(frequency.get(contact)).satisfies(f -> {
            assertThat(f.maxTouches()).isEqualTo(1);
            assertThat(f.windowDays()).isEqualTo(30);
            assertThat(f.channel()).isEqualTo(Channel.EMAIL);
        });
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        assertThat(readiness.of(contact).orElseThrow().readyOn()).isEqualTo(today.plusMonths(3));
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.GRANTED);
        assertThat(call(get(preferences).header("Accept-Language", "de-DE")).getContentAsString())
                .as("the page says the day in its own language, as a person writes it")
                .contains("We will ask again on <span>" + spoken(today.plusMonths(3)) + "</span>");

        MockHttpServletResponse saved = call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("email", "false").param("rhythm", "PAUSE_3_MONTHS"));
        assertThat(saved.getContentAsString()).contains("id=\"saved\"");
        org.jsoup.nodes.Document savedPage = org.jsoup.Jsoup.parse(saved.getContentAsString());
        assertThat(savedPage.title()).as("the first thing read").startsWith(savedPage.getElementById("saved").text());
        assertThat(savedPage.getElementById("saved").attr("role")).isEqualTo("status");
        assertThat(emailConsent(contact)).isEqualTo(ConsentState.WITHDRAWN);
        assertThat(tags.list(contact)).doesNotContain("topic:" + topic);
        assertThat(frequency.get(contact).windowDays()).isEqualTo(90);

        call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "true")
                .param("rhythm", "AS_IT_COMES"));
        assertThat(emailConsent(contact)).as("and giving back is as easy").isEqualTo(ConsentState.GRANTED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> frequency.get(contact)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aProspectNobodyMayCallIsNotPromisedAQuestionOnTheDayTheyChoseForIt() throws Exception {
        long contact = contact();
        String preferences = path(links.preferencesUrl(contact));

        MockHttpServletResponse saved = call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("notNowMonths", "3"));

        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        assertThat(org.jsoup.Jsoup.parse(saved.getContentAsString()).getElementById("ready-on").text())
                .as("no phone number: the day brings no call").doesNotContain("will ask")
                .isEqualTo("We will not ask before " + spoken(today.plusMonths(3)) + ".");
    }

    @Test
    void aProspectWhoSaidNotNowCanTakeTheDateBackInThePreferenceCentre() throws Exception {
        long contact = contact();
        String preferences = path(links.preferencesUrl(contact));
        call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("notNowMonths", "12"));
        assertThat(readiness.of(contact)).isPresent();
        assertThat(org.jsoup.Jsoup.parse(call(get(preferences)).getContentAsString())
                .select("select[name=notNowMonths] option[value=-1]").text()).isEqualTo("Any time: take the date back");

        MockHttpServletResponse saved = call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("notNowMonths", "-1"));

        assertThat(readiness.of(contact)).as("the date is gone").isEmpty();
        var page = org.jsoup.Jsoup.parse(saved.getContentAsString());
        assertThat(page.getElementById("ready-on")).isNull();
        assertThat(page.select("select[name=notNowMonths] option[value=-1]")).as("nothing left to take back").isEmpty();
        assertThat(page.getElementById("not-now-means").text()).contains("the emails you chose above go on");
    }

    @Test
    void aPersonWhoComplainedAndThenSaysYesAgainInThePreferenceCentreIsEmailedAgain() throws Exception {
        long contact = contact();
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "complaint via mailgun",
                new Consents.Evidence("spam complaint", null, null)));
        contacts.suppress(contact, "COMPLAINT");
        Instant now = clock.instant();
        assertThat(pressure.decide(List.of(nurtureEmail(contact, null, now)), now).getFirst())
                .isInstanceOf(Decision.Suppress.class);

        call(post(path(links.preferencesUrl(contact))).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("email", "true").param("rhythm", "AS_IT_COMES"));

        assertThat(emailConsent(contact)).isEqualTo(ConsentState.GRANTED);
        assertThat(contacts.suppressed(List.of(contacts.get(contact).email()))).as("their own yes outranks the complaint")
                .isEmpty();
        assertThat(pressure.decide(List.of(nurtureEmail(contact, null, now)), now).getFirst())
                .isNotInstanceOf(Decision.Suppress.class);
        assertThat(api.get("/api/v1/audit?entityType=contact&entityId=" + contact).andReturn().getResponse()
                .getContentAsString()).contains("CONTACT_UNSUPPRESSED", "said yes to email again in the preference centre");
    }

    @Test
    void aProspectWhoseEmailConsentIsUnknownIsAskedNotToldAndTheirYesIsRecordedWithItsEvidenceSoNurtureEmailGoes()
            throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Una", "source": "WEB_FORM"}""".formatted(uniqueEmail("unknown")));
        String preferences = path(links.preferencesUrl(contact));
        String asked = "You have not told us yet whether you want email from us: choose below and save.";

        Document shown = page(call(get(preferences)));
        assertThat(shown.select("input[name=email][checked]")).as("neither yes nor no is chosen for them").isEmpty();
        assertThat(shown.getElementById("email-unknown").text()).isEqualTo(asked);

        // Saved as shown, choosing nothing: nothing is stated for them, and the page does not say they agreed.
        Document unchanged = page(call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("rhythm", "AS_IT_COMES")));
        assertThat(consents.ledger(contact)).isEmpty();
        assertThat(unchanged.select("input[name=email][checked]")).isEmpty();
        assertThat(unchanged.getElementById("email-unknown").text()).isEqualTo(asked);
        Instant now = clock.instant();
        assertThat(pressure.decide(List.of(nurtureEmail(contact, null, now)), now).getFirst())
                .isEqualTo(new Decision.Suppress(Reason.NO_CONSENT));

        // Yes: granted in the ledger as double opt-in grants it, by the prospect, with the words they chose.
        Document yes = page(call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("email", "true").param("rhythm", "AS_IT_COMES")));
        assertThat(consents.ledger(contact)).singleElement().satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(ConsentState.GRANTED);
            assertThat(entry.source()).isEqualTo("preference centre");
            assertThat(entry.recordedBy()).isEqualTo("prospect");
            assertThat(entry.evidence().form()).isEqualTo("preference centre");
            assertThat(entry.evidence().ip()).isEqualTo("127.0.0.1");
            assertThat(entry.evidence().text()).isEqualTo("Yes, email me now and then");
        });
        assertThat(yes.select("input[name=email][checked]").attr("value")).isEqualTo("true");
        assertThat(yes.getElementById("email-unknown")).isNull();
        assertThat(pressure.decide(List.of(nurtureEmail(contact, null, now)), now).getFirst())
                .as("a nurture email may go now").isNotInstanceOf(Decision.Suppress.class);
        call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "true")
                .param("rhythm", "AS_IT_COMES"));
        assertThat(consents.ledger(contact)).as("saved again as it stands: recorded once").hasSize(1);

        // No is one choice away, as yes was.
        Document no = page(call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("email", "false").param("rhythm", "AS_IT_COMES")));
        assertThat(consents.ledger(contact).getLast()).satisfies(entry -> {
            assertThat(entry.state()).isEqualTo(ConsentState.WITHDRAWN);
            assertThat(entry.evidence().text()).isEqualTo("No more email");
        });
        assertThat(no.select("input[name=email][checked]").attr("value")).isEqualTo("false");
        assertThat(no.getElementById("unsubscribed")).isNotNull();
    }

    @Test
    void pausingForThreeMonthsSendsNoNurtureEmailForThreeMonthsFromTheChoiceThenAtMostOneAQuarter() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Olive", "timeZone": "Pacific/Auckland"}""".formatted(uniqueEmail("pause")));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        Instant now = clock.instant();
        activities.record(List.of(new Activity(contact, ActivityType.TOUCH_SENT, now.minus(Duration.ofDays(80)),
                Channel.EMAIL, "touch:" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))));
        String preferences = path(links.preferencesUrl(contact));

        String page = call(post(preferences).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "true")
                .param("rhythm", "PAUSE_3_MONTHS")).getContentAsString();

        ZoneId auckland = ZoneId.of("Pacific/Auckland");
        LocalDate resumes = now.atZone(auckland).toLocalDate().plusMonths(3);
        Instant pauseEnds = resumes.atStartOfDay(auckland).toInstant();
        assertThat(page).contains("id=\"paused-until\"").contains(spoken(resumes));
        // The last email was 80 days ago: the quarterly cap alone let the next come in ten days.
        assertThat(pressure.decide(List.of(nurtureEmail(contact, null, now)), now).getFirst())
                .isInstanceOfSatisfying(Decision.Defer.class, defer -> {
                    assertThat(defer.reason()).isEqualTo(Reason.PAUSED);
                    assertThat(defer.until()).isAfterOrEqualTo(pauseEnds).isBefore(pauseEnds.plus(Duration.ofDays(4)));
                });
        assertThat(pressure.decide(List.of(nurtureEmail(contact, Duration.ofDays(7), now)), now).getFirst())
                .as("a step that would be stale by the pause's end is dropped, saying why")
                .isEqualTo(new Decision.Suppress(Reason.PAUSED));

        Instant firstAfter = pauseEnds.plus(Duration.ofDays(1));
        activities.record(List.of(new Activity(contact, ActivityType.TOUCH_SENT, firstAfter, Channel.EMAIL,
                "touch:" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))));
        Instant later = firstAfter.plus(Duration.ofDays(30));
        assertThat(pressure.decide(List.of(nurtureEmail(contact, null, later)), later).getFirst())
                .as("then at most one a quarter").isInstanceOfSatisfying(Decision.Defer.class, defer -> {
                    assertThat(defer.reason()).isEqualTo(Reason.CAP_REACHED);
                    assertThat(defer.until()).isAfterOrEqualTo(firstAfter.plus(Duration.ofDays(90)));
                });
    }

    private static Candidate nurtureEmail(long contact, Duration staleAfter, Instant plannedAt) {
        return new Candidate(contact, Channel.EMAIL, true, staleAfter, plannedAt);
    }

    @Test
    void theLandingPageKnowsTheVisitorShowsOnlyTheFirstNameAndTakesAnOfferWithOneClick() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada", "lastName": "Lovelace", "title": "Chief Analyst",
                 "source": "TRADE_SHOW"}""".formatted(uniqueEmail("landing")));
        long piece = piece("landing-" + run);
        var item = json(api.get("/api/v1/content/" + piece));
        String landing = path(links.linksFor(contentItem(piece), contact).landingUrl());
        Instant before = clock.instant().minusSeconds(1);

        String page = call(get(landing)).getContentAsString();
        assertThat(page).contains("Ada").contains(item.get("name").asString()).contains("Send me the white paper")
                .contains("Have someone call me").doesNotContain("Lovelace").doesNotContain("Chief Analyst")
                .doesNotContain("@example.com");

        MockHttpServletResponse accepted = call(post(landing + "/accept").param("offer", "white-paper"));
        assertThat(accepted.getContentAsString()).contains("id=\"accepted\"");
        // A reload of the page that answered resubmits it: the same acceptance, recorded once, and said to be so.
        assertThat(call(post(landing + "/accept").param("offer", "white-paper")).getContentAsString())
                .contains("id=\"accepted-before\"");
        call(post(landing + "/accept").param("offer", "call-me"));
        assertThat(call(post(landing + "/accept").param("offer", "a-yacht")).getStatus()).isEqualTo(404);

        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.OFFER_ACCEPTED, before))
                .extracting(Activity::target).containsExactlyInAnyOrder("white-paper", "call-me");
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.PAGE_VIEW, before))
                .extracting(Activity::target).containsExactly("content:" + piece);
    }

    @Test
    void theLandingPageShowsTheAuthorsTitleAndCleanedTextAsWrittenWithoutLiquidOrPersonalData() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada", "lastName": "Lovelace"}""".formatted(uniqueEmail("own-page")));
        ObjectNode draft = JsonMapper.shared().createObjectNode().put("name", "Own page " + run).put("type", "ARTICLE")
                .put("status", "LIVE");
        draft.putObject("landing").put("title", "Half the power, " + run)
                .put("html", "<h2>Why it works</h2><script>alert('owned')</script><img src=x onerror=alert(2)>");
        draft.putObject("offer").put("key", "white-paper").put("label", "Send me the white paper");
        draft.putObject("variants").putObject("email").put("subject", "Own page").put("html",
                "<p><a href=\"{{ content.landing_url }}\">Read it</a></p>");
        var created = json(api.post("/api/v1/content", draft.toString()).andExpect(status().isCreated()));
        long piece = created.get("id").asLong();
        assertThat(created.get("warnings").toString()).contains("landing page: ");
        String landing = links.linksFor(contentItem(piece), contact).landingUrl();
        assertThat(landing).as("a landing page of its own is a landing link").isNotNull();
        // Liquid is refused on a landing page since it is never evaluated there; a page saved before that may hold some.
        jdbc.sql("UPDATE content_items SET landing_html = landing_html || ? WHERE id = ?")
                .params("<p>For {{ contact.last_name }} at {{ contact.email }}</p>", piece).update();

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(call(get(path(landing))).getContentAsString());

        assertThat(page.getElementById("title").text()).isEqualTo("Half the power, " + run);
        assertThat(page.title()).isEqualTo("Half the power, " + run + " · " + mail.fromName());
        assertThat(page.select("#body h2").text()).isEqualTo("Why it works");
        assertThat(page.getElementById("body").text()).as("Liquid is shown as written, never evaluated")
                .contains("{{ contact.last_name }}");
        assertThat(page.html()).doesNotContain("Lovelace").doesNotContain("@example.com").doesNotContain("alert")
                .doesNotContain("onerror");
        assertThat(page.getElementById("accept").text()).isEqualTo("Send me the white paper");
    }

    @Test
    void anOfferThatNamesAPieceSendsItAtOnceAsATouchUnlessTheContactMayNotBeEmailed() throws Exception {
        long paper = api.liveArticle("The white paper " + run);
        long piece = pieceOffering(paper);
        long willing = contact();
        String landing = offerPage(piece, willing);
        Instant before = clock.instant().minusSeconds(1);

        String answer = call(post(landing + "/accept").param("offer", "white-paper")).getContentAsString();
        call(post(landing + "/accept").param("offer", "white-paper"));
        AtOnce.awaitDeliveries(smtp);

        assertThat(answer).contains("on its way to your inbox");
        assertThat(delivery.outbox(willing, null, null, 10).items()).as("once, however often it is taken")
                .singleElement().satisfies(m -> {
                    assertThat(m.subject()).isEqualTo("The white paper " + run);
                    assertThat(m.status()).as("handed to the mail server at once, not at the next round").isEqualTo("SENT");
                });
        assertThat(engine.touchesOf(willing)).singleElement().satisfies(t -> {
            assertThat(t.contentId()).isEqualTo(paper);
            assertThat(t.state()).isEqualTo(io.keepwarm.engine.Touch.State.SENT);
            assertThat(t.programId()).as("no program's").isZero();
        });
        assertThat(activities.ofTypeAfter(List.of(willing), ActivityType.OFFER_ACCEPTED, before))
                .extracting(Activity::target).containsExactly("white-paper");
        assertThat(activities.ofTypeAfter(List.of(willing), ActivityType.TOUCH_SENT, before)).hasSize(1);

        long unsubscribed = contact();
        consents.record(unsubscribed, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe link", null));
        String theirs = offerPage(piece, unsubscribed);

        assertThat(call(post(theirs + "/accept").param("offer", "white-paper")).getContentAsString())
                .contains("you unsubscribed from our emails.");
        assertThat(delivery.outbox(unsubscribed, null, null, 10).items()).isEmpty();
        assertThat(engine.touchesOf(unsubscribed)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(io.keepwarm.engine.Touch.State.SUPPRESSED);
            assertThat(t.reason()).isEqualTo("CONSENT_WITHDRAWN");
        });
        assertThat(activities.ofTypeAfter(List.of(unsubscribed), ActivityType.OFFER_ACCEPTED, before))
                .as("the acceptance stands").hasSize(1);
    }

    @Test
    void anOfferThatNamesNoPieceIsRecordedAndSendsNothingAsBefore() throws Exception {
        long contact = contact();
        long piece = piece("older-" + run);
        String landing = path(links.linksFor(contentItem(piece), contact).landingUrl());

        assertThat(call(post(landing + "/accept").param("offer", "white-paper")).getContentAsString())
                .contains("Thank you, we will be in touch.");

        assertThat(delivery.outbox(contact, null, null, 10).items()).isEmpty();
        assertThat(engine.touchesOf(contact)).isEmpty();
    }

    @Test
    void oneLinkHitTooOftenAnswers429WithAProblem() throws Exception {
        long contact = contact();
        String pixel = pixelOf(sent(contact));
        MockHttpServletResponse last = call(get(pixel));
        // The allowance is 60 a minute and refills as time passes, so a slow machine may need a few more.
        for (int i = 0; i < 300 && last.getStatus() != 429; i++) {
            last = call(get(pixel));
        }
        assertThat(last.getStatus()).isEqualTo(429);
        assertThat(last.getContentType()).startsWith("application/problem+json");
        assertThat(last.getHeader("Retry-After")).isEqualTo("60");
        tracking.flush();
    }

    // --- the world around a sent email

    private long contact() throws Exception {
        return contact(null);
    }

    /** A contact who gave a phone number too (null: none). */
    private long contact(String phone) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Ada", "source": "TRADE_SHOW"%s}""".formatted(uniqueEmail("trk"),
                phone == null ? "" : ", \"phone\": \"" + phone + "\""));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        return id;
    }

    /** An email of a touch, as the engine hands it over: delivery rewrites its links and adds the pixel. */
    private OutboxMessage sent(long contact) {
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, 1_000_000_000_000L);
        delivery.send(new Outgoing.Email(touch, contact, "x@example.com", "Hello", """
                <p>Dear Ada,</p><p><a href="https://example.com/one">one</a>
                <a href="https://example.com/two?a=1&amp;b=2">two</a></p>""", null, null,
                links.unsubscribeUrl(contact), links.preferencesUrl(contact)));
        return delivery.messageForTouch(touch).orElseThrow();
    }

    private long piece(String topic) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Cooling guide " + run)
                .put("type", "WHITE_PAPER").put("status", "LIVE").put("landingUrl", "https://example.com/cooling");
        piece.putArray("topics").add(topic);
        piece.putObject("offer").put("key", "white-paper").put("label", "Send me the white paper");
        piece.putObject("fallbacks").put("contact.first_name", "there");
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", "A cooling guide");
        email.put("html", "<p>Dear {{ contact.first_name }},</p><p><a href=\"{{ content.landing_url }}\">Read it</a></p>");
        return json(api.post("/api/v1/content", piece.toString())).get("id").asLong();
    }

    @Autowired io.keepwarm.content.ContentLibrary library;
    @Autowired io.keepwarm.engine.Engine engine;

    /** The landing page the piece's offer link leads to, as the contact's email carries it (without its #offer). */
    private String offerPage(long piece, long contact) {
        return path(links.linksFor(contentItem(piece), contact).offerUrl()).replace("#offer", "");
    }

    /** A live piece whose landing page offers to send another piece at once. */
    private long pieceOffering(long sends) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Offering " + run)
                .put("type", "ARTICLE").put("status", "LIVE");
        piece.putObject("offer").put("key", "white-paper").put("label", "Send me the white paper").put("sends", sends);
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", "Offering");
        email.put("html", "<p><a href=\"{{ content.offer_url }}\">Get it</a></p>");
        var created = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()));
        assertThat(created.at("/offer/sends").asLong()).isEqualTo(sends);
        return created.get("id").asLong();
    }

    private io.keepwarm.content.ContentItem contentItem(long id) {
        return library.get(id);
    }

    private ConsentState emailConsent(long contact) {
        return consents.current(contact).get(Channel.EMAIL).state();
    }

    private static List<String> clicksOf(OutboxMessage message) {
        return CLICK.matcher(message.html()).results().map(m -> m.group(1)).toList();
    }

    private static String pixelOf(OutboxMessage message) {
        Matcher m = PIXEL.matcher(message.html());
        assertThat(m.find()).as("the message carries the open pixel").isTrue();
        return m.group(1);
    }

    /** The token with its middle character changed. */
    private static String alter(String path) {
        int at = path.length() - 8;
        char c = path.charAt(at) == 'A' ? 'B' : 'A';
        return path.substring(0, at) + c + path.substring(at + 1);
    }

    private static MockHttpServletRequestBuilder oneClick(String path) {
        return post(path).contentType(MediaType.APPLICATION_FORM_URLENCODED).content("List-Unsubscribe=One-Click");
    }

    private MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request).andReturn().getResponse();
    }
}
