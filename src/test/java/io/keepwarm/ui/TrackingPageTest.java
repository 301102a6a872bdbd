package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.tracking.Tracking;
import io.keepwarm.tracking.internal.SignedLinks;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** Marketing's page of recent opens, clicks and answers. */
@KeepwarmTest
class TrackingPageTest {

    private static final String BASE = "http://localhost:8080";

    @Autowired Api api;
    @Autowired SignedLinks links;
    @Autowired Consents consents;
    @Autowired Tracking tracking;
    @Autowired io.keepwarm.content.ContentLibrary library;

    @Test
    void theTrackingPageIsInTheAppsNavigationNamesTheContactAndShowsNoSignedTokenOfARequest() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Ada\"}".formatted(uniqueEmail("seen")));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        String unsubscribe = links.unsubscribeUrl(contact);
        String token = unsubscribe.substring(unsubscribe.lastIndexOf('/') + 1);
        // The page a prospect was on when they answered is the referrer, its token in it.
        api.mvc().perform(post(unsubscribe.substring(BASE.length())).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("List-Unsubscribe=One-Click").header("Referer", unsubscribe + "?x=1"));
        tracking.flush();

        String html = api.mvc().perform(get("/ui/tracking").param("contact", String.valueOf(contact))
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                .getContentAsString();

        Document page = Jsoup.parse(html);
        assertThat(page.select("link[rel=stylesheet]").eachAttr("href"))
                .contains("/webjars/picocss__pico/css/pico.red.min.css");
        assertThat(page.select("header nav a[aria-current=page]").text()).isEqualTo("Tracking");
        assertThat(page.select("#tracking tbody tr")).singleElement()
                .satisfies(row -> assertThat(row.text()).contains(" unsubscribe ", BASE + "/t/u/…?x=1", " Ada "));
        assertThat(html).doesNotContain(token);
        assertThat(json(api.get("/api/v1/tracking/events?contact=" + contact)).toString()).doesNotContain(token)
                .contains("/t/u/…?x=1");
    }

    @Test
    void anOfferTakenOnALandingPageIsListedByThePiecesNameAndTheOffersWordsFromAnAddressAsPeopleWriteIt()
            throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Cal\"}".formatted(uniqueEmail("offer")));
        String name = "Cooling offer " + java.util.UUID.randomUUID();
        long piece = json(api.post("/api/v1/content", """
                {"name": "%s", "type": "WHITE_PAPER", "status": "LIVE", "landingUrl": "https://example.com/cooling",
                 "variants": {"email": {"subject": "A cooling guide", "html": "<p>Hello</p>"}}}""".formatted(name)))
                .get("id").asLong();
        String landing = links.linksFor(library.get(piece), contact).landingUrl();
        api.mvc().perform(post(landing.substring(landing.indexOf("/t/")) + "/accept").param("offer", "call-me")
                .with(request -> {
                    request.setRemoteAddr("0:0:0:0:0:0:0:1");
                    return request;
                }));
        tracking.flush();

        Document page = Jsoup.parse(api.mvc().perform(get("/ui/tracking").param("contact", String.valueOf(contact))
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                .getContentAsString());

        assertThat(page.select("#tracking tbody tr")).singleElement().satisfies(row -> {
            assertThat(row.select("td").get(4).text()).isEqualTo("'" + name + "', offer 'have someone call me'");
            assertThat(row.select("td").get(6).text()).isEqualTo("::1");
        });
        Document contactPage = Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + contact)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                .getContentAsString());
        assertThat(contactPage.select("#timeline li[data-kind=ACTIVITY]").eachText())
                .anySatisfy(entry -> assertThat(entry).contains("Offer accepted Have someone call me"))
                .noneSatisfy(entry -> assertThat(entry).contains("call-me"));
    }

    @Test
    void anIpv6AddressIsWrittenCompressedAndAnyOtherAsItCame() {
        assertThat(TrackingPage.address("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(TrackingPage.address("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(TrackingPage.address("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(TrackingPage.address("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(TrackingPage.address("127.0.0.1")).isEqualTo("127.0.0.1");
    }
}
