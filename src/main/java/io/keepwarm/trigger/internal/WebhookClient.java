package io.keepwarm.trigger.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes one webhook call: resolves the host once, refuses special-purpose addresses (unless the host is
 * allow-listed), then connects to exactly the address it checked, so a DNS answer that changes between the check
 * and the connection (DNS rebinding) cannot steer the call elsewhere. TLS is verified against the host's name (SNI
 * and hostname checks). A plain HTTP/1.1 POST with short connect and read limits and one overall deadline; the answer's
 * status is all it reads, and a redirect is never followed.
 */
@Component
class WebhookClient {

    /** Resolves a host name; the JDK's resolver in production, a fixed answer in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The answer's status and a line about it. */
    record Response(int status, String detail) {}

    private static final int MAX_HEAD = 8192;
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("webhook-deadlines").factory());

    private final TriggerProperties.Webhooks settings;
    private final Resolver resolver;
    private final SSLSocketFactory tls;

    @Autowired
    WebhookClient(TriggerProperties properties) {
        this(properties.webhooks(), InetAddress::getAllByName, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    WebhookClient(TriggerProperties.Webhooks settings, Resolver resolver, SSLSocketFactory tls) {
        this.settings = settings;
        this.resolver = resolver;
        this.tls = tls;
    }

    /** Posts the body; throws Refused when policy forbids the address, IOException when the call did not complete. */
    Response post(String url, String body, Map<String, String> headers) throws IOException {
        WebhookTargets.Target target = WebhookTargets.parse(url, settings.allowHttp());
        List<InetAddress> addresses = addresses(target.host());
        IOException last = null;
        for (InetAddress address : addresses) {
            try (Socket socket = connect(target, address)) {
                return exchange(socket, target, body, headers);
            } catch (java.net.ConnectException | java.net.NoRouteToHostException unreachable) {
                last = unreachable;
            }
        }
        throw last != null ? last : new IOException("no address for " + target.host());
    }

    /** The host's addresses, each checked: one special-purpose address refuses the host (unless allow-listed). */
    List<InetAddress> addresses(String host) throws UnknownHostException {
        InetAddress[] resolved = WebhookTargets.literal(host) ? new InetAddress[] {WebhookTargets.literalAddress(host)}
                : resolver.resolve(host);
        if (!settings.allowed(host)) {
            for (InetAddress address : resolved) {
                String why = WebhookTargets.special(address);
                if (why != null) {
                    throw new WebhookTargets.Refused("refused " + host + ": " + why
                            + " (allow-list the host in keepwarm.triggers.webhooks.allowed-hosts if it is meant)");
                }
            }
        }
        return List.of(resolved);
    }

    private Socket connect(WebhookTargets.Target target, InetAddress address) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, target.port()), (int) settings.connectTimeout().toMillis());
            if (!target.tls()) {
                return plain;
            }
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!WebhookTargets.literal(target.host())) {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            }
            secure.setSSLParameters(parameters);
            secure.setSoTimeout((int) settings.readTimeout().toMillis());
            handshake(secure, plain);
            return secure;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * The TLS handshake within the read timeout as a whole, not per read: a receiver that sends a byte every few
     * seconds would otherwise hold the call, and the lease on it, for as long as it liked.
     */
    private void handshake(SSLSocket secure, Socket plain) throws IOException {
        // Set before the socket is closed: the handshake can fail on the closed socket before the closing returns.
        java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?> cut = DEADLINES.schedule(() -> {
            late.set(true);
            try {
                plain.close();
            } catch (IOException ignored) {
                // Closing is all the deadline does; the handshake fails on the closed socket.
            }
        }, settings.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
        try {
            secure.startHandshake();
        } catch (IOException e) {
            if (late.get()) {
                throw new SocketTimeoutException("the TLS handshake did not finish within the read timeout");
            }
            throw e;
        } finally {
            cut.cancel(false);
        }
    }

    private Response exchange(Socket socket, WebhookTargets.Target target, String body, Map<String, String> headers)
            throws IOException {
        long deadline = System.nanoTime() + settings.readTimeout().toNanos();
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ").append(target.pathAndQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader(target)).append("\r\n")
                .append("User-Agent: Keepwarm-Webhooks/1\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(payload.length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        socket.setSoTimeout((int) settings.readTimeout().toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(payload);
        out.flush();
        String answer = readHead(socket, deadline);
        String statusLine = answer.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException("the answer is not HTTP: '" + Cues.cut(statusLine, 80) + "'");
        }
        int status = Integer.parseInt(parts[1]);
        String location = answer.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst()
                .map(l -> l.substring(9).strip()).orElse(null);
        String detail = "HTTP " + status + (status / 100 == 3 ? ", a redirect" + (location == null ? "" : " to "
                + Cues.cut(location, 200)) + ", not followed" : "");
        return new Response(status, detail);
    }

    /** Reads the status line and headers (up to 8 KB), within the call's deadline; the body is not needed. */
    private static String readHead(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (head.size() < MAX_HEAD) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("no complete answer within the read timeout");
            }
            socket.setSoTimeout((int) left);
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            head.write(buffer, 0, n);
            if (head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String hostHeader(WebhookTargets.Target target) {
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        boolean standard = target.port() == (target.tls() ? 443 : 80);
        return standard ? host : host + ":" + target.port();
    }
}
