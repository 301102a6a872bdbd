package io.keepwarm.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Webhook calls go only where they may: HTTPS by default, never to loopback, private, link-local or other
 * special-purpose addresses (checked after DNS, then connected to exactly the checked address), never following a
 * redirect, and never waiting longer than the read timeout. A real HTTP server on the loopback stands in for a
 * receiver the operator allow-listed.
 */
class WebhookClientTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Location", "http://localhost:" + port() + "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void anAllowListedReceiverGetsThePostAndItsAnswer() throws Exception {
        WebhookClient.Response response = client(List.of("localhost"), true, name -> InetAddress.getAllByName(name))
                .post("http://localhost:" + port() + "/hook?x=1", "{}", Map.of("Keepwarm-Delivery", "1.0"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(received).containsExactly("/hook localhost:" + port());
    }

    @Test
    void httpIsRefusedUnlessTheOperatorAllowsIt() {
        WebhookClient strict = client(List.of("localhost"), false, name -> InetAddress.getAllByName(name));
        assertThatThrownBy(() -> strict.post("http://localhost:" + port() + "/hook", "{}", Map.of()))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageContaining("https://");
        assertThatThrownBy(() -> WebhookTargets.parse("ftp://example.com/x", true)).hasMessageContaining("https://");
        assertThatThrownBy(() -> WebhookTargets.parse("https://user:secret@example.com/x", false))
                .hasMessageContaining("user name or password");
        assertThat(received).isEmpty();
    }

    @Test
    void loopbackPrivateLinkLocalAndOtherSpecialAddressesAreRefusedBeforeAnyConnection() {
        WebhookClient client = client(List.of("localhost"), true, name -> InetAddress.getAllByName(name));
        for (String url : List.of("http://127.0.0.1:" + port() + "/hook", "http://[::1]:" + port() + "/hook",
                "http://10.1.2.3/hook", "http://172.16.0.1/hook", "http://192.168.1.1/hook",
                "http://169.254.169.254/latest/meta-data", "http://[fe80::1]/hook", "http://[fd00::1]/hook",
                "http://100.64.0.1/hook", "http://0.0.0.0/hook", "http://[::ffff:10.0.0.1]/hook", "http://224.0.0.1/hook",
                "http://2130706433/hook")) {
            assertThatThrownBy(() -> client.post(url, "{}", Map.of())).as(url).isInstanceOf(WebhookTargets.Refused.class);
        }
        assertThat(received).isEmpty();
        assertThat(WebhookTargets.special(WebhookTargets.literalAddress("93.184.216.34"))).isNull();
        assertThat(WebhookTargets.special(WebhookTargets.literalAddress("2606:4700::1111"))).isNull();
    }

    @Test
    void aNameThatResolvesToAPrivateAddressIsRefusedAfterResolution() {
        WebhookClient client = client(List.of(), true, name -> new InetAddress[] {
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")});

        assertThatThrownBy(() -> client.post("http://hooks.example.test/x", "{}", Map.of()))
                .isInstanceOf(WebhookTargets.Refused.class).hasMessageContaining("10.0.0.7 is in 10.0.0.0/8");
    }

    @Test
    void theCallConnectsToTheAddressThatWasCheckedNotToALaterDnsAnswer() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // A rebinding name: the first answer is the receiver, every later one an address nobody should reach.
        WebhookClient client = client(List.of("pinned.test"), true, name -> new InetAddress[] {
                lookups.getAndIncrement() == 0 ? InetAddress.getLoopbackAddress() : InetAddress.getByName("203.0.113.9")});

        WebhookClient.Response response = client.post("http://pinned.test:" + port() + "/hook", "{}", Map.of());

        assertThat(response.status()).isEqualTo(204);
        assertThat(lookups).as("one DNS answer, checked and used").hasValue(1);
        assertThat(received).containsExactly("/hook pinned.test:" + port());
    }

    @Test
    void aRedirectIsReportedAndNeverFollowed() throws Exception {
        WebhookClient.Response response = client(List.of("localhost"), true, name -> InetAddress.getAllByName(name))
                .post("http://localhost:" + port() + "/moved", "{}", Map.of());

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.detail()).contains("redirect", "/elsewhere", "not followed");
        assertThat(received).containsExactly("/moved");
    }

    @Test
    void aReceiverThatNeverAnswersTimesOut() {
        WebhookClient client = client(List.of("localhost"), true, name -> InetAddress.getAllByName(name));

        assertThatThrownBy(() -> client.post("http://localhost:" + port() + "/slow", "{}", Map.of()))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    @Timeout(20)
    void aReceiverThatTricklesItsTlsHandshakeIsCutOffAtTheReadTimeout() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor()) {
            Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = listener.accept().getOutputStream();
                    // A handshake record that says it holds 16 KB, then its bytes one at a time, each well within the
                    // read timeout: every read gets something, and the handshake would last for half an hour.
                    out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
                    out.flush();
                    trickle.scheduleAtFixedRate(() -> {
                        try {
                            out.write(0);
                            out.flush();
                        } catch (IOException closed) {
                            // The client hung up: what the test waits for.
                        }
                    }, 100, 100, TimeUnit.MILLISECONDS);
                } catch (IOException e) {
                    // The listener closed before a connection came.
                }
            });
            WebhookClient client = client(List.of("localhost"), false, name -> InetAddress.getAllByName(name));

            assertThatThrownBy(() -> client.post("https://localhost:" + listener.getLocalPort() + "/hook", "{}", Map.of()))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("handshake");
        }
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static WebhookClient client(List<String> allowed, boolean allowHttp, WebhookClient.Resolver resolver) {
        return new WebhookClient(new TriggerProperties.Webhooks(allowed, allowHttp, Duration.ofSeconds(1),
                Duration.ofMillis(500), 3), resolver, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }
}
