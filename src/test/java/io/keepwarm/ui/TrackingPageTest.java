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
}
