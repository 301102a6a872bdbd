package io.keepwarm.analytics;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.Tracking;
import io.keepwarm.tracking.internal.SignedLinks;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Which pieces earn opens, clicks, offers and hand-offs: real touches from the engine, opened and clicked through the
 * tracking endpoints, an offer taken on the landing page and moves to MQL that hand contacts to a rep.
 */
@KeepwarmTest
class ContentAnalyticsTest {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    @Autowired Api api;
    @Autowired Analytics analytics;
    @Autowired TestClock clock;
    @Autowired Consents consents;
    @Autowired Engine engine;
    @Autowired Users users;
    @Autowired Delivery delivery;
    @Autowired Tracking tracking;
    @Autowired SignedLinks links;
    @Autowired ContentLibrary library;
    @Autowired io.keepwarm.delivery.internal.SmtpChannel smtp;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aPieceIsCreditedWithTheHumanOpensClicksOffersAndHandOffsWithinThirtyDaysOfItsTouches() throws Exception {
        // A Tuesday morning in UTC after anything before: the emails may go at once.
        Instant tuesday = ZonedDateTime.ofInstant(clock.instant().plus(Duration.ofDays(14)), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0).withSecond(0).withNano(0)
                .toInstant();
        clock.set(tuesday);
        engine.tick(); // what earlier tests left due goes now, outside this test's period
        clock.advance(Duration.ofMinutes(1));
        Instant start = clock.instant();
        String rep = "rep-" + run;
        users.create(new Users.NewUser(rep, "Rita Rep", null, Role.SALES, "a-long-enough-password"));
        long guide = piece("Cooling guide " + run);
        long ignored = piece("Unread notes " + run);
        long ada = contact("ada", rep);
        long bob = contact("bob", rep);
        long cy = contact("cy", rep);
        long program = api.activeProgram("""
                {"name": "Content figures %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, guide));
        api.post("/api/v1/programs/" + program + "/enrollments",
                "{\"contactIds\": [" + ada + ", " + bob + ", " + cy + "]}").andExpect(status().isOk());
        engine.tick();
        assertThat(analytics.content(new Period(start, clock.instant().plusSeconds(1))).pieces())
                .as("emails waiting in the outbox (the mail server not reached yet) are not sent")
                .noneMatch(p -> p.contentId() == guide);
        smtp.drain();

        long adaTouch = delivery.outbox(ada, null, null, 5).items().getFirst().touchId();
        long bobTouch = delivery.outbox(bob, null, null, 5).items().getFirst().touchId();
        clock.advance(Duration.ofMinutes(10));
        call(get(path(links.openPixelUrl(adaTouch))).header("User-Agent", FIREFOX));
        call(get(path(links.clickUrl(adaTouch, 0))).header("User-Agent", FIREFOX));
        // Apple Mail Privacy Protection fetched Bob's pixel (its bare agent), and Bob clicked: he read it all the same.
        call(get(path(links.openPixelUrl(bobTouch))).header("User-Agent", "Mozilla/5.0"));
        call(get(path(links.clickUrl(bobTouch, 0))).header("User-Agent", FIREFOX));
        tracking.flush();
        String landing = path(links.linksFor(library.get(guide), cy).landingUrl());
        call(post(landing + "/accept").param("offer", "white-paper"));
        call(post(path(links.linksFor(library.get(guide), ada).landingUrl()) + "/accept").param("offer", "call-me"));

        // Ada's "call me" hands her off at once, Bob is handed off forty days after the guide: only Ada counts for it.
        clock.advance(Duration.ofDays(40));
        toMql(bob);

        ContentReport report = analytics.content(new Period(start, clock.instant().plusSeconds(1)));
        assertThat(report.handoffWindowDays()).isEqualTo(30);
        ContentReport.Piece figures = report.pieces().stream().filter(p -> p.contentId() == guide).findFirst().orElseThrow();
        assertThat(figures.name()).isEqualTo("Cooling guide " + run);
        assertThat(figures.sent()).isEqualTo(3);
        assertThat(figures.contacts()).isEqualTo(3);
        assertThat(figures.opened()).as("a click counts as an open").isEqualTo(2);
        assertThat(figures.clicked()).isEqualTo(2);
        assertThat(figures.offersAccepted()).isEqualTo(2);
        assertThat(figures.handedOff()).isEqualTo(1);
        assertThat(figures.openRate()).isEqualTo(0.667);
        assertThat(figures.handoffRate()).isEqualTo(0.333);
        assertThat(report.pieces()).extracting(ContentReport.Piece::contentId).doesNotContain(ignored);

        JsonNode api = json(this.api.as(Role.MARKETER, get("/api/v1/analytics/content")
                .param("from", start.toString()).param("to", clock.instant().plusSeconds(1).toString()))
                .andExpect(status().isOk()));
        JsonNode piece = null;
        for (JsonNode p : api.get("pieces")) {
            if (p.get("contentId").asLong() == guide) {
                piece = p;
            }
        }
        assertThat(piece).isNotNull();
        assertThat(piece.get("handedOff").asLong()).isEqualTo(1);
        assertThat(piece.get("offersAccepted").asLong()).isEqualTo(2);
        this.api.as(Role.SALES, get("/api/v1/analytics/content")).andExpect(status().isForbidden());

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(this.api.mvc().perform(get("/ui/content")
                .param("topic", "figures-" + run).with(org.springframework.security.test.web.servlet.request
                        .SecurityMockMvcRequestPostProcessors.user(this.api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
        org.jsoup.nodes.Element row = page.selectFirst("#content-list tr[data-id=" + guide + "]");
        assertThat(page.select("#content-list th").eachText()).contains("Opened (contacts)", "Hand-offs it led up to")
                .doesNotContain("Handed off");
        assertThat(row.selectFirst("td.sent").text()).isEqualTo("3 to 3 contacts");
        assertThat(row.selectFirst("td.opened").text()).as("the share says what it is of").isEqualTo("2 (67% of 3)");
        assertThat(page.getElementById("content-figures-help").text()).contains("a click counts as an open",
                "one hand-off counts for each piece the contact was sent in those days before it");
    }

    private long contact(String name, String owner) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "%s", "timeZone": "UTC", "owner": "%s"}"""
                .formatted(uniqueEmail(name), name, owner));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        return id;
    }

    private void toMql(long contact) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
    }

    private long piece(String name) throws Exception {
        return json(api.post("/api/v1/content", """
                {"name": "%s", "type": "WHITE_PAPER", "status": "LIVE", "landingUrl": "https://example.com/cooling",
                 "topics": ["figures-%s"],
                 "offer": {"key": "white-paper", "label": "Send me the white paper"},
                 "variants": {"email": {"subject": "A cooling guide",
                   "html": "<p>Hello,</p><p><a href=\\"https://example.com/cooling\\">Read the guide</a></p>"}}}"""
                .formatted(name, run)).andExpect(status().isCreated())).get("id").asLong();
    }

    private static String path(String url) {
        return url.substring(url.indexOf("/t/"));
    }

    private void call(MockHttpServletRequestBuilder request) throws Exception {
        api.mvc().perform(request);
    }
}
