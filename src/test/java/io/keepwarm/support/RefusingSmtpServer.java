package io.keepwarm.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * An SMTP peer that refuses chosen recipients or senders with the reply a real server gives (GreenMail accepts
 * everyone): the local part of the address picks the reply, e.g. {@code gone...@} gets "550 5.1.1" at RCPT TO, and a
 * refused sender gets its reply at MAIL FROM when it is the envelope sender, or at the end of the data when it is the
 * message's From, as a relay that checks whom the login may send as (Microsoft 365) answers it. Everyone else is
 * accepted and the recipient and sender remembered.
 */
public final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, String> replies;
    private final Map<String, String> senderReplies;
    private final List<String> senders = new CopyOnWriteArrayList<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> messageIds = new CopyOnWriteArrayList<>();
    private final long pauseNanos;
    private final int messagesPerConnection;
    private volatile Runnable onAccepted = () -> {};
    private final boolean smtpUtf8;
    private final List<String> toHeaders = new CopyOnWriteArrayList<>();

    /** As a reply: take the recipient, then the message, and hang up instead of answering its end. */
    public static final String HANG_UP_AFTER_DATA = "hang up after the data";

    /**
     * A reply to the end of the message rather than to RCPT TO, which takes the recipient: as a server that checks its
     * recipients only once it has the message answers.
     */
    public static String afterData(String reply) {
        return AFTER_DATA + reply;
    }

    private static final String AFTER_DATA = "after the data: ";
    private final List<String> raws = new CopyOnWriteArrayList<>();

    /** {@code replies}: local-part prefix to the full reply line for RCPT TO (or {@link #HANG_UP_AFTER_DATA}). */
    public RefusingSmtpServer(Map<String, String> replies) throws IOException {
        this(replies, java.time.Duration.ZERO);
    }

    /** As above, taking {@code pause} over each message before accepting it, like a remote server across a network. */
    public RefusingSmtpServer(Map<String, String> replies, java.time.Duration pause) throws IOException {
        this(replies, pause, Integer.MAX_VALUE);
    }

    /** As above, hanging up without a word after so many messages on one connection, as some providers do. */
    public RefusingSmtpServer(Map<String, String> replies, java.time.Duration pause, int messagesPerConnection)
            throws IOException {
        this(replies, Map.of(), pause, messagesPerConnection);
    }

    /**
     * {@code senderReplies}: sender local-part prefix to the full reply line for MAIL FROM ("" matches every sender).
     * It is read at each MAIL FROM, so a test may change it to let senders through again.
     */
    public RefusingSmtpServer(Map<String, String> replies, Map<String, String> senderReplies) throws IOException {
        this(replies, senderReplies, java.time.Duration.ZERO, Integer.MAX_VALUE);
    }

    private RefusingSmtpServer(Map<String, String> replies, Map<String, String> senderReplies, java.time.Duration pause,
            int messagesPerConnection) throws IOException {
        this(replies, senderReplies, pause, messagesPerConnection, false);
    }

    /**
     * A server that accepts everyone and offers SMTPUTF8 (RFC 6531), as Postfix 3 and Exchange Online do: a non-ASCII
     * address is taken only in a transaction whose MAIL FROM asked for it, as such a server checks.
     */
    public static RefusingSmtpServer offeringSmtpUtf8() throws IOException {
        return new RefusingSmtpServer(Map.of(), Map.of(), java.time.Duration.ZERO, Integer.MAX_VALUE, true);
    }

    private RefusingSmtpServer(Map<String, String> replies, Map<String, String> senderReplies, java.time.Duration pause,
            int messagesPerConnection, boolean smtpUtf8) throws IOException {
        this.smtpUtf8 = smtpUtf8;
        this.replies = replies;
        this.senderReplies = senderReplies;
        this.pauseNanos = pause.toNanos();
        this.messagesPerConnection = messagesPerConnection;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public List<String> accepted() {
        return accepted;
    }

    /** The envelope sender of every message accepted, in the order of {@link #accepted}. */
    public List<String> senders() {
        return senders;
    }

    /** The To header of every message accepted, as it came (UTF-8 where the address is not ASCII). */
    public List<String> toHeaders() {
        return toHeaders;
    }

    /** Every message accepted as it came, its lines joined with CRLF (UTF-8 where it was UTF-8). */
    public List<String> raws() {
        return raws;
    }

    /** Runs after each message is taken and before it is answered, on the server's thread: time passing at the server. */
    public void onAccepted(Runnable hook) {
        this.onAccepted = hook;
    }

    /** The Message-ID of every message accepted, once per delivery: a message delivered twice is here twice. */
    public List<String> messageIds() {
        return messageIds;
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
        try (client;
                var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                var out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
            reply(out, "220 refusing.test ESMTP");
            String recipient = null;
            String sender = null;
            boolean utf8 = false;
            int messages = 0;
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("EHLO") && smtpUtf8) {
                    reply(out, "250-refusing.test\r\n250 SMTPUTF8");
                } else if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    reply(out, "250 refusing.test");
                } else if (upper.startsWith("MAIL FROM:")) {
                    sender = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    utf8 = smtpUtf8 && upper.contains(" SMTPUTF8");
                    reply(out, replyFor(sender, senderReplies, "250 2.1.0 OK"));
                } else if (upper.startsWith("RCPT TO:")) {
                    recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    if (!utf8 && !recipient.chars().allMatch(c -> c < 128)) {
                        reply(out, "553 5.6.7 non-ASCII address without SMTPUTF8");
                        continue;
                    }
                    String reply = replyFor(recipient);
                    reply(out, reply.equals(HANG_UP_AFTER_DATA) || reply.startsWith(AFTER_DATA) ? "250 2.1.5 OK" : reply);
                } else if (upper.startsWith("DATA")) {
                    reply(out, "354 go ahead");
                    String messageId = null;
                    String from = "";
                    String to = null;
                    StringBuilder raw = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        raw.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                        if (to == null && line.regionMatches(true, 0, "To:", 0, 3)) {
                            to = line.substring(3).strip();
                        }
                        if (messageId == null && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                            messageId = line.substring(11).strip();
                        }
                        if (from.isEmpty() && line.regionMatches(true, 0, "From:", 0, 5)) {
                            from = line.contains("<") ? line.substring(line.indexOf('<') + 1, line.indexOf('>'))
                                    : line.substring(5).strip();
                        }
                    }
                    String refusal = replyFor(from, senderReplies, null);
                    if (refusal != null) {
                        reply(out, refusal);
                        continue;
                    }
                    if (replyFor(recipient).startsWith(AFTER_DATA)) {
                        reply(out, replyFor(recipient).substring(AFTER_DATA.length()));
                        continue;
                    }
                    if (pauseNanos > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                    }
                    accepted.add(recipient);
                    raws.add(raw.toString());
                    toHeaders.add(String.valueOf(to));
                    senders.add(String.valueOf(sender));
                    messageIds.add(String.valueOf(messageId));
                    onAccepted.run();
                    if (replyFor(recipient).equals(HANG_UP_AFTER_DATA)) {
                        return;
                    }
                    reply(out, "250 2.0.0 queued");
                    if (++messages == messagesPerConnection) {
                        return;
                    }
                } else if (upper.startsWith("QUIT")) {
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

    private String replyFor(String recipient) {
        return replyFor(recipient, replies, "250 2.1.5 OK");
    }

    private static String replyFor(String address, Map<String, String> replies, String otherwise) {
        String local = address.substring(0, Math.max(0, address.indexOf('@')));
        return replies.entrySet().stream().filter(e -> local.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(otherwise);
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
