package io.keepwarm.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server that accepts every message and throws it away, in the bench's own JVM: a floor that costs little
 * beside the sender. (Postfix's smtp-sink took only ~240 messages/s of 60 KB on this 2-core machine, so it measured
 * itself, not the sender.)
 */
final class SmtpSink implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicLong messages = new AtomicLong();

    SmtpSink() throws IOException {
        socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    long messages() {
        return messages.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> session(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void session(Socket client) {
        try (client; InputStream in = new BufferedInputStream(client.getInputStream(), 65536);
                OutputStream out = client.getOutputStream()) {
            reply(out, "220 sink ESMTP");
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            while (readLine(in, line)) {
                String command = line.toString(StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
                if (command.startsWith("DATA")) {
                    reply(out, "354 go ahead");
                    skipData(in);
                    messages.incrementAndGet();
                    reply(out, "250 2.0.0 discarded");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 OK");
                }
            }
        } catch (IOException ignored) {
            // The client hung up.
        }
    }

    private static final byte[] END = {'\r', '\n', '.', '\r', '\n'};

    /**
     * Skips the message up to and including its closing CRLF.CRLF, a buffer at a time. The client waits for our reply
     * before it writes again, so nothing follows the terminator in what was read.
     */
    private static void skipData(InputStream in) throws IOException {
        byte[] buffer = new byte[65536];
        int matched = 2; // DATA's own line ended with CRLF, so a message that is only "." ends at once
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                matched = b == END[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == END.length) {
                    return;
                }
            }
        }
    }

    /** Reads one line without its CRLF into {@code line}; false at the end of the stream. */
    private static boolean readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return true;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.size() > 0;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
