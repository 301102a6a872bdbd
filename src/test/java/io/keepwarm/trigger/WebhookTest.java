package io.keepwarm.trigger;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hamcrest.Matchers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trigger's webhook reaches a real receiver (a local HTTP server the test profile allow-lists by the name
 * localhost) signed with the trigger's secret and the time; a failing receiver is tried again, a redirect is not
 * followed, and addresses of Keepwarm's own network are refused when the trigger is saved.
 */
@KeepwarmTest
class WebhookTest {

    /** One request as the receiver saw it. */
    record Received(String path, Map<String, String> headers, String body) {}

    @Autowired Api api;
    @Autowired Triggers triggers;
    @Autowired TriggerJobs jobs;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    /** The webhook sender, as the context stops it at SIGTERM. */
    @Autowired @Qualifier("webhookDelivery") SmartLifecycle webhookSender;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger(1);
    private final AtomicInteger lateCalls = new AtomicInteger();
    private final AtomicInteger stopsAsked = new AtomicInteger();
    private HttpServer server;
    private TriggerSteps steps;

    @BeforeEach
    void receiver() throws Exception {
        steps = new TriggerSteps(api, triggers);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.getFirst()));
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, headers, body));
            if (path.endsWith("/moved")) {
                exchange.getResponseHeaders().add("Location", "http://localhost:" + port() + "/elsewhere");
                exchange.sendResponseHeaders(301, -1);
            } else if (path.endsWith("/flaky") && failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
            } else if (path.endsWith("/stopping") && stopsAsked.getAndIncrement() == 0) {
                // Keepwarm is asked to stop while this call is on the wire.
                webhookSender.stop();
                exchange.sendResponseHeaders(204, -1);
            } else if (path.endsWith("/late") && lateCalls.getAndIncrement() == 0) {
                // This answer comes so late that the call's lease lapses first, and another instance (here, another
                // round) claims the call again and delivers it while this one still waits.
                clock.advance(Duration.ofMinutes(3));
                jobs.webhooks();
                exchange.sendResponseHeaders(503, -1);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        steps.pauseAll();
    }

    @Test
    void theReceiverGetsTheFiringSignedWithTheTriggersSecretAndTheTime() throws Exception {
        long trigger = hook("signed", "/hook");
        long contact = contactTagged();
        jobs.cues();

        jobs.webhooks();

        Received call = received.stream().filter(r -> r.path().equals("/hook")).findFirst().orElseThrow();
        String secret = json(api.get("/api/v1/triggers/" + trigger)).get("webhookSecret").asString();
        assertThat(secret).startsWith("whsec_");
        String signature = call.headers().get("Keepwarm-Signature");
        String t = signature.substring(2, signature.indexOf(','));
        assertThat(Long.parseLong(t)).isEqualTo(clock.instant().getEpochSecond());
        assertThat(signature).endsWith(",v1=" + hmac(secret, t + "." + call.body()));
        JsonNode body = JsonMapper.shared().readTree(call.body());
        assertThat(body.at("/trigger/id").asLong()).isEqualTo(trigger);
        assertThat(body.at("/contact/id").asLong()).isEqualTo(contact);
        assertThat(body.get("id").asString()).isEqualTo(call.headers().get("Keepwarm-Delivery"));
        assertThat(steps.firingsOf(contact, trigger)).singleElement().satisfies(f -> {
            assertThat(f.at("/actions/0/outcome").asString()).isEqualTo("DONE");
            assertThat(f.at("/actions/0/detail").asString()).isEqualTo("delivered: HTTP 204");
        });

        jobs.webhooks();
        assertThat(received).as("delivered once").hasSize(1);
    }

    @Test
    void theTriggersPageShowsAMarketerTheSecretAndHowCallsAreSignedAndANewSecretSignsEveryCallFromThenOn()
            throws Exception {
        long trigger = hook("page", "/hook");
        String secret = json(api.get("/api/v1/triggers/" + trigger)).get("webhookSecret").asString();
        Document page = page(get("/ui/triggers/" + trigger));
        assertThat(page.select("#secret-masked").text()).as("masked until shown").doesNotContain(secret)
                .endsWith(secret.substring(secret.length() - 4));
        assertThat(page.select("#webhook-secret input#secret-value").val()).isEqualTo(secret);
        assertThat(page.select("#signing-how").text()).contains("Keepwarm-Signature: t=<unix seconds>,v1=<hex>",
                "HMAC-SHA256", "t.body", "Keepwarm-Delivery", "Keepwarm-Trigger");

        assertThat(page(get("/ui/triggers/" + trigger + "/secret")).text())
                .contains("Give trigger 'page " + run + "' a new signing secret?", "the old one stops working at once");
        String answer = api.mvc().perform(get("/ui/triggers/" + trigger).with(marketer())).andReturn().getResponse()
                .getContentAsString();
        assertThat(answer).as("nothing changes by asking").contains(secret);
        var renewing = api.mvc().perform(post("/ui/triggers/" + trigger + "/secret").with(marketer()).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(renewing.getResponse().getRedirectedUrl()).isEqualTo("/ui/triggers/" + trigger + "#webhook-signing");
        page = page(get("/ui/triggers/" + trigger).flashAttrs(renewing.getFlashMap()));
        String renewed = page.select("#secret-value").val();
        assertThat(renewed).startsWith("whsec_").isNotEqualTo(secret)
                .isEqualTo(json(api.get("/api/v1/triggers/" + trigger)).get("webhookSecret").asString());
        assertThat(page.select("#new-secret").text()).contains("the old one no longer signs calls");
        JsonNode entry = json(api.get("/api/v1/audit?entityType=trigger&entityId=" + trigger
                + "&action=TRIGGER_SECRET_RENEWED")).at("/items/0");
        assertThat(entry.get("actor").asString()).isEqualTo(marketerName);
        assertThat(entry.get("details").toString()).contains("page " + run).doesNotContain(renewed, secret);

        contactTagged();
        jobs.cues();
        jobs.webhooks();
        Received call = received.stream().filter(r -> r.path().equals("/hook")).findFirst().orElseThrow();
        String signature = call.headers().get("Keepwarm-Signature");
        String t = signature.substring(2, signature.indexOf(','));
        assertThat(signature).as("signed as the page says, with the secret it shows")
                .endsWith(",v1=" + hmac(renewed, t + "." + call.body()));
        assertThat(page(get("/ui/triggers/" + steps.create("""
                {"name": "no hook %s", "when": {"type": "tagAdded", "tag": "x-%1$s"},
                 "actions": [{"type": "addTag", "tag": "y-%1$s"}]}""".formatted(run)))).select("#webhook-signing"))
                .as("a trigger that calls no webhook has no secret").isEmpty();
    }

    private String marketerName;

    private RequestPostProcessor marketer() {
        if (marketerName == null) {
            marketerName = api.sessionUser(Role.MARKETER);
        }
        return user(marketerName).roles(Role.MARKETER.name());
    }

    private Document page(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(api.mvc().perform(request.with(marketer())).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    @Test
    void anAnswerThatComesAfterTheCallWasClaimedAgainSettlesNothing() throws Exception {
        long late = hook("late", "/late");
        long contact = contactTagged();
        jobs.cues();

        jobs.webhooks();

        assertThat(steps.firingsOf(contact, late).getFirst().at("/actions/0/outcome").asString())
                .as("the second attempt's delivery stands").isEqualTo("DONE");
        clock.advance(Duration.ofMinutes(30));
        jobs.webhooks();
        assertThat(received).extracting(Received::path).as("called twice (the lease lapsed), not a third time")
                .containsExactly("/late", "/late");
    }

    @Test
    void aStopMidBatchFinishesTheCallOnTheWireAndPutsTheRestBackUntriedForTheNextStart() throws Exception {
        List<Long> hooks = List.of(hook("first", "/stopping"), hook("second", "/stopping"), hook("third", "/stopping"));
        long contact = contactTagged();
        jobs.cues();

        try {
            jobs.webhooks();

            assertThat(received).as("no call made after the stop but the one on the wire").hasSize(1);
            List<String> outcomes = new java.util.ArrayList<>();
            for (long hook : hooks) {
                outcomes.add(outcome(contact, hook));
            }
            assertThat(outcomes).containsExactlyInAnyOrder("DONE", "QUEUED", "QUEUED");
            jobs.webhooks();
            assertThat(received).as("a stopped sender claims nothing").hasSize(1);
        } finally {
            webhookSender.start();
        }

        jobs.webhooks();
        assertThat(received).as("the rest go at the next start, without waiting out a lease, each once").hasSize(3);
        assertThat(hooks).allSatisfy(hook -> assertThat(outcome(contact, hook)).isEqualTo("DONE"));
        assertThat(jdbc.sql("SELECT attempts FROM trigger_webhook_calls WHERE trigger_id IN (:hooks)")
                .param("hooks", hooks).query(Integer.class).list()).as("the try a stop came before is not counted")
                .containsExactly(1, 1, 1);
    }

    private String outcome(long contact, long hook) throws Exception {
        return steps.firingsOf(contact, hook).getFirst().at("/actions/0/outcome").asString();
    }

    @Test
    void aFailingReceiverIsTriedAgainLaterAndARedirectIsNeverFollowed() throws Exception {
        long flaky = hook("flaky", "/flaky");
        long moved = hook("moved", "/moved");
        long contact = contactTagged();
        jobs.cues();

        jobs.webhooks();
        assertThat(steps.firingsOf(contact, flaky).getFirst().at("/actions/0/outcome").asString()).isEqualTo("QUEUED");
        JsonNode redirected = steps.firingsOf(contact, moved).getFirst().at("/actions/0");
        assertThat(redirected.get("outcome").asString()).isEqualTo("FAILED");
        assertThat(redirected.get("detail").asString()).contains("HTTP 301", "not followed");

        clock.advance(Duration.ofMinutes(1));
        jobs.webhooks();
        assertThat(steps.firingsOf(contact, flaky).getFirst().at("/actions/0/outcome").asString()).isEqualTo("DONE");
        assertThat(received).extracting(Received::path).containsExactlyInAnyOrder("/flaky", "/moved", "/flaky")
                .doesNotContain("/elsewhere");
    }

    @Test
    void aCallNobodyAnswersIsSaidInWordsWithWhenItIsTriedAgainNotAsAJavaExceptionAndAnInstant() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        long nobody = steps.create("""
                {"name": "nobody %1$s", "when": {"type": "tagAdded", "tag": "hooked-%1$s"},
                 "actions": [{"type": "webhook", "url": "http://localhost:%2$d/hook"}]}""".formatted(run, closed));
        long contact = contactTagged();
        jobs.cues();

        jobs.webhooks();

        JsonNode action = steps.firingsOf(contact, nobody).getFirst().at("/actions/0");
        assertThat(action.get("outcome").asString()).isEqualTo("QUEUED");
        assertThat(action.get("detail").asString())
                .isEqualTo("no answer: the receiver refused the connection (nothing listens there); tried once,"
                        + " trying again 1 minute later");
    }

    @Test
    void addressesOfKeepwarmsOwnNetworkAreRefusedWhenTheTriggerIsSaved() throws Exception {
        for (String url : List.of("http://127.0.0.1:" + port() + "/hook", "http://[::1]/hook", "http://10.0.0.8/hook",
                "http://169.254.169.254/latest/meta-data/")) {
            api.post("/api/v1/triggers", """
                    {"name": "SSRF %s", "when": {"type": "tagAdded", "tag": "x"}, "actions": [{"type": "webhook", "url": "%s"}]}"""
                    .formatted(run, url))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("actions[0].url"))
                    .andExpect(jsonPath("$.errors[0].message").value(Matchers.startsWith("refused:")));
        }
        assertThat(received).isEmpty();
    }

    private long hook(String name, String path) throws Exception {
        return steps.create("""
                {"name": "%1$s %2$s", "when": {"type": "tagAdded", "tag": "hooked-%2$s"},
                 "actions": [{"type": "webhook", "url": "http://localhost:%3$d%4$s"}]}""".formatted(name, run, port(), path));
    }

    private long contactTagged() throws Exception {
        return api.createContact("{\"email\": \"%s\", \"tags\": [\"hooked-%s\"]}".formatted(uniqueEmail("hooked"), run));
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
