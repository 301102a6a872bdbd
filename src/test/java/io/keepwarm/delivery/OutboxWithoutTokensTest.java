package io.keepwarm.delivery;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keepwarm.content.ContentLibrary;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.tracking.internal.SignedLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Staff read what went out without the recipient's signed tokens: whoever holds a message's click, unsubscribe or
 * preference link acts as the contact (unsubscribes them, takes an offer).
 */
@KeepwarmTest
class OutboxWithoutTokensTest {

    private static final Pattern TOKEN = Pattern.compile("/t/[a-z]+/([A-Za-z0-9]+\\.[A-Za-z0-9_-]+)");

    @Autowired Api api;
    @Autowired Delivery delivery;
    @Autowired SignedLinks links;
    @Autowired JdbcClient jdbc;
    @Autowired ContentLibrary content;

    @Test
    void theOutboxApiAndTheMessagePageShowAMessageReadableButWithoutItsSignedTokens() throws Exception {
        String to = uniqueEmail("tokens");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        String preferences = links.preferencesUrl(contact);
        delivery.send(new Outgoing.Email(touch, contact, to, "Cooling", "<p>Read <a href=\"https://example.com/guide\">"
                + "the cooling guide</a>, or choose your topics at " + preferences + ".</p>", "Read the cooling guide:"
                + " https://example.com/guide", null, links.unsubscribeUrl(contact), preferences));
        OutboxMessage sent = delivery.messageForTouch(touch).orElseThrow();
        List<String> tokens = tokens(sent.html() + sent.text());
        assertThat(tokens).as("the message as sent: click, open, preference and unsubscribe links").hasSizeGreaterThan(3);
        jdbc.sql("UPDATE outbox_messages SET status = 'IN_DOUBT' WHERE id = ?").param(sent.id()).update();

        String list = body(api.get("/api/v1/outbox?contact=" + contact));
        String one = body(api.get("/api/v1/outbox/" + sent.id()));
        String inDoubt = body(api.get("/api/v1/outbox/in-doubt?limit=500"));
        Document page = messagePage(sent.id());

        for (String seen : List.of(list, one, inDoubt, page.html())) {
            assertThat(seen).contains("the cooling guide").doesNotContain(tokens);
        }
        assertThat(one).contains("/t/p/…", "/t/u/…", "/t/c/…");
        assertThat(page.select("pre").text()).contains("https://example.com/guide", "/t/u/…");
        assertThat(Jsoup.parse(page.select("iframe").attr("srcdoc")).text())
                .contains("Read the cooling guide, or choose your topics at http://localhost:8080/t/p/….");
    }

    @Test
    void aLinkToTheContactsOwnLandingPageIsListedWithoutItsToken() throws Exception {
        String to = uniqueEmail("landing");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long piece = json(api.post("/api/v1/content", """
                {"name": "Landing %s", "type": "ARTICLE", "status": "LIVE", "landingUrl": "https://example.com/cooling",
                 "variants": {"email": {"subject": "Cooling", "html": "<p>Cooling</p>"}}}""".formatted(to)))
                .get("id").asLong();
        String landing = links.linksFor(content.get(piece), contact).landingUrl();
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.Email(touch, contact, to, "Cooling", "<p><a href=\"" + landing + "\">Read the guide"
                + "</a></p>", null, null, links.unsubscribeUrl(contact), links.preferencesUrl(contact)));
        OutboxMessage sent = delivery.messageForTouch(touch).orElseThrow();
        assertThat(sent.links()).as("as kept, for the click to lead there").containsExactly(landing);
        String token = tokens(landing).getFirst();

        JsonNode one = json(api.get("/api/v1/outbox/" + sent.id()));
        Document page = messagePage(sent.id());

        assertThat(one.get("links").get(0).asString()).isEqualTo("http://localhost:8080/t/l/…");
        assertThat(one.toString()).doesNotContain(token);
        assertThat(page.select("#links li span").eachText()).contains("http://localhost:8080/t/l/…");
        assertThat(page.html()).doesNotContain(token);
    }

    @Test
    void theMessagePageListsEveryLinkOfTheBodyAndTheListUnsubscribeHeadersADeliverabilityCheckLooksFor() throws Exception {
        String to = uniqueEmail("every-link");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        String unsubscribe = links.unsubscribeUrl(contact);
        delivery.send(new Outgoing.Email(touch, contact, to, "Cooling", "<p>Read <a href=\"https://example.com/guide\">"
                + "the guide</a>. <a href=\"" + links.preferencesUrl(contact) + "\">Your topics</a> · <a href=\""
                + unsubscribe + "\">Unsubscribe</a></p>", null, null, unsubscribe, links.preferencesUrl(contact)));
        OutboxMessage sent = delivery.messageForTouch(touch).orElseThrow();

        Document page = messagePage(sent.id());

        assertThat(page.select("#links li").eachText()).containsExactly(
                "https://example.com/guide (tracked: a click is recorded)",
                "http://localhost:8080/t/p/… (the contact's preference centre)",
                "http://localhost:8080/t/u/… (the contact's unsubscribe link)");
        assertThat(page.select("#headers tr[data-header=List-Unsubscribe] td").text())
                .startsWith("<http://localhost:8080/t/u/…>");
        assertThat(page.select("#headers tr[data-header=List-Unsubscribe-Post] td").text())
                .isEqualTo("List-Unsubscribe=One-Click");
        assertThat(page.html()).doesNotContain(tokens(unsubscribe).getFirst());
    }

    private Document messagePage(long id) throws Exception {
        return Jsoup.parse(api.mvc().perform(get("/ui/outbox/" + id)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                .getContentAsString());
    }

    private static List<String> tokens(String text) {
        List<String> found = new ArrayList<>();
        Matcher token = TOKEN.matcher(text);
        while (token.find()) {
            found.add(token.group(1));
        }
        return found;
    }

    private static String body(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString();
    }
}
