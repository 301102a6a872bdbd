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
    private final java.util.List<byte[]> kept = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private volatile boolean keeping;

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

    /**
     * From now on, keeps a copy of every message as it was sent. Keep during every run that is compared: the copy
     * costs the sink a little for each message.
     */
    void keep(boolean keep) {
        keeping = keep;
    }

    /** The messages kept so far, each as the client wrote it without SMTP's dot-stuffing and closing dot; forgets them. */
    java.util.List<byte[]> takeKept() {
        synchronized (kept) {
            var taken = kept.stream().map(SmtpSink::unstuffed).toList();
            kept.clear();
            return taken;
        }
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
            byte[] buffer = new byte[65536];
            while (readLine(in, line)) {
                String command = line.toString(StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
                if (command.startsWith("DATA")) {
                    reply(out, "354 go ahead");
                    ByteArrayOutputStream copy = keeping ? new ByteArrayOutputStream(32 * 1024) : null;
                    skipData(in, buffer, copy);
                    if (copy != null) {
                        kept.add(copy.toByteArray());
                    }
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
    private static void skipData(InputStream in, byte[] buffer, ByteArrayOutputStream copy) throws IOException {
        int matched = 2; // DATA's own line ended with CRLF, so a message that is only "." ends at once
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                matched = b == END[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == END.length) {
                    if (copy != null) {
                        copy.write(buffer, 0, i + 1);
                    }
                    return;
                }
            }
            if (copy != null) {
                copy.write(buffer, 0, n);
            }
        }
    }

    /** The message without the closing ".CRLF" and with the dot that SMTP put before a line starting with one taken off. */
    private static byte[] unstuffed(byte[] data) {
        ByteArrayOutputStream message = new ByteArrayOutputStream(data.length);
        boolean lineStart = true;
        for (int i = 0; i < data.length - 3; i++) {
            byte b = data[i];
            if (!(lineStart && b == '.')) {
                message.write(b);
            }
            lineStart = b == '\n';
        }
        return message.toByteArray();
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
