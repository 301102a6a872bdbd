package io.keepwarm.tracking;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.engine.Engine;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.Chromium;
import io.keepwarm.support.CleanDatabase;
import io.keepwarm.support.TestDatabase;
import io.keepwarm.support.TestPasswords;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Debian's headless Chromium reads a delivered email: the pixel loads, a link is clicked, the browser lands on the
 * piece's landing page and takes its offer; the open, the click, the visit and the acceptance are recorded. Runs on
 * a real port (the links in the email must lead somewhere) with a database of its own, so the shared test context
 * is left alone. Without Chromium it fails in CI (CI=true) and is skipped elsewhere.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureMockMvc
@ActiveProfiles(resolver = TestDatabase.class)
@Import({CleanDatabase.class, Api.class, TestPasswords.class})
class BrowserTrackingTest {

    private static final int PORT = freePort();

    @DynamicPropertySource
    static void ownPortAndDatabase(DynamicPropertyRegistry properties) {
        properties.add("server.port", () -> PORT);
        properties.add("keepwarm.public-url", () -> "http://localhost:" + PORT);
        TestDatabase.ownDatabase(properties, "browser_test");
    }

    private static WebDriver browser;

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Delivery delivery;
    @Autowired Consents consents;
    @Autowired Activities activities;
    @Autowired Tracking tracking;
    @Autowired SimulatedClock clock;

    @BeforeAll
    static void startChromium(@TempDir Path profile) {
        browser = Chromium.start(profile, 1280, 900);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aReaderOpensTheEmailClicksItsLinkLandsOnThePieceAndTakesTheOffer(@TempDir Path mail) throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada", "lastName": "Lovelace", "source": "TRADE_SHOW"}"""
                .formatted(uniqueEmail("browser")));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        long piece = piece();
        long sequence = json(api.post("/api/v1/programs", """
                {"name": "browser", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(piece)).andExpect(status().isCreated())).get("id").asLong();
        api.post("/api/v1/programs/" + sequence + "/activate", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        engine.tick();
        OutboxMessage message = delivery.outbox(contact, null, null, 10).items().getFirst();
        // The engine's links are the signed ones: its own unsubscribe and preference links, left untracked.
        assertThat(message.html()).contains("/t/o/").contains("/t/c/").contains("/t/u/").contains("/t/p/")
                .doesNotContain("/t/preview/").doesNotContain("https://example.com/elsewhere");
        assertThat(message.links()).hasSize(2).contains("https://example.com/elsewhere");
        Instant before = clock.instant().minusSeconds(1);
        // The reader opens it an hour later: sooner, and the click would be taken for a link scanner's.
        clock.advance(Duration.ofHours(1));

        Path email = Files.writeString(mail.resolve("message.html"),
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + message.html() + "</body></html>");
        browser.get(email.toUri().toString());
        browser.findElement(By.linkText("Read the cooling guide")).click();
        // A click may return before the next page is there; wait for it (a condition, not a pause).
        WebDriverWait arrival = new WebDriverWait(browser, Duration.ofSeconds(30));
        arrival.until(ExpectedConditions.urlContains("/t/l/"));

        assertThat(browser.getCurrentUrl()).startsWith("http://localhost:" + PORT + "/t/l/");
        assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Cooling guide");
        assertThat(browser.getPageSource()).contains("Ada").doesNotContain("Lovelace");
        browser.findElement(By.id("accept")).click();
        assertThat(arrival.until(ExpectedConditions.presenceOfElementLocated(By.id("accepted"))).isDisplayed()).isTrue();

        tracking.flush();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_OPENED, before))
                .singleElement().satisfies(open -> assertThat(open.flag()).isNull());
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.EMAIL_CLICKED, before))
                .singleElement().satisfies(click -> {
                    assertThat(click.target()).startsWith("http://localhost:" + PORT + "/t/l/");
                    assertThat(click.flag()).isNull();
                });
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.PAGE_VIEW, before)).hasSize(1);
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.OFFER_ACCEPTED, before))
                .singleElement().satisfies(accept -> assertThat(accept.target()).isEqualTo("white-paper"));
    }

    private long piece() throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Cooling guide").put("type", "WHITE_PAPER")
                .put("status", "LIVE").put("landingUrl", "https://example.com/cooling");
        piece.putObject("offer").put("key", "white-paper").put("label", "Send me the white paper");
        piece.putObject("fallbacks").put("contact.first_name", "there");
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", "A cooling guide for {{ contact.first_name }}");
        email.put("html", "<p>Dear {{ contact.first_name }},</p>"
                + "<p><a href=\"{{ content.landing_url }}\">Read the cooling guide</a></p>"
                + "<p><a href=\"https://example.com/elsewhere\">Elsewhere</a></p>"
                + "<p><a href=\"{{ links.preferences_url }}\">Choose what you get</a></p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the browser test", e);
        }
    }
}
