package io.keepwarm.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over HTTPS the certificate is checked against the host's name even though the connection goes to the address
 * checked before: a receiver whose certificate names it is reached, one reached under another name is refused, and
 * an untrusted certificate is refused. The receiver's certificate is made for the test by the JDK's keytool.
 */
class WebhookTlsTest {

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static SSLContext trusting;

    @BeforeAll
    static void receiver() throws Exception {
        Path store = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext serving = SSLContext.getInstance("TLS");
        serving.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serving));
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void aReceiverWhoseCertificateNamesTheHostIsReached() throws Exception {
        WebhookClient client = client(trusting.getSocketFactory(), "localhost");

        assertThat(client.post("https://localhost:" + port() + "/hook", "{}", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aCertificateForAnotherNameIsRefusedThoughTheAddressIsTheSame() {
        WebhookClient client = client(trusting.getSocketFactory(), "receiver.test");

        assertThatThrownBy(() -> client.post("https://receiver.test:" + port() + "/hook", "{}", Map.of()))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        WebhookClient client = client((SSLSocketFactory) SSLSocketFactory.getDefault(), "localhost");

        assertThatThrownBy(() -> client.post("https://localhost:" + port() + "/hook", "{}", Map.of()))
                .isInstanceOf(SSLException.class);
    }

    private static int port() {
        return server.getAddress().getPort();
    }

    /** A client that allows the given name and resolves every name to the loopback, where the receiver listens. */
    private static WebhookClient client(SSLSocketFactory tls, String allowed) {
        return new WebhookClient(new TriggerProperties.Webhooks(List.of(allowed), false, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 3), name -> new InetAddress[] {InetAddress.getLoopbackAddress()}, tls);
    }
}
