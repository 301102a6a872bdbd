package io.keepwarm.delivery.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What an SMTP failure means: the server's reply code when it gave one (5xx is permanent, 4xx and a broken
 * connection are worth another try), the step of the conversation it answered ({@link Stage}), and whether the
 * connection broke while the server was answering the end of the message ({@code inDoubt}: it may have taken it, so
 * sending it again could deliver it twice).
 *
 * <p>The step decides whom a refusal is about. Only a refused recipient can be a bounce; a refused sender, a refused
 * login or a server that cannot be reached is about us ({@link #transport}), and would get the same answer for
 * every message in the queue.
 */
record SmtpFailure(int code, String message, Stage stage, boolean connectionUsable, boolean inDoubt) {

    /** The step of sending that failed. */
    enum Stage {
        /** Writing the message, before any server saw it. */
        COMPOSE,
        /** Opening the connection: reaching the server, TLS, logging in. */
        CONNECT,
        /** MAIL FROM: our envelope sender. */
        SENDER,
        /** RCPT TO: the recipient. */
        RECIPIENT,
        /** DATA and the end of the message: its content. */
        MESSAGE,
        /** A connection that broke in the middle of a message, without a reply. */
        CONNECTION
    }

    SmtpFailure(int code, String message, Stage stage, boolean connectionUsable) {
        this(code, message, stage, connectionUsable, false);
    }

    private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    /**
     * Enhanced statuses (RFC 3463) that say the recipient's address is wrong: bad mailbox (X.1.1), bad system (X.1.2),
     * bad address syntax (X.1.3), mailbox moved (X.1.6), a domain that takes no mail (X.1.10), or that it cannot be
     * delivered over this path: a non-ASCII address the server will not take (X.6.7, RFC 6531). Not X.1.7 and X.1.8,
     * which are about the sender's address.
     */
    private static final Set<String> RECIPIENT_UNKNOWN = Set.of("1.1", "1.2", "1.3", "1.6", "1.10", "6.7");

    /** Enhanced statuses about the sender's address: bad syntax (X.1.7), a system that does not exist (X.1.8). */
    private static final Set<String> SENDER_REFUSED = Set.of("1.7", "1.8");

    /**
     * Enhanced statuses of a relay that will not send as the message's From, which it judges at the end of the data:
     * Microsoft 365's "Client does not have permissions to send as this sender" (X.7.60) and SendAsDenied (X.2.252).
     */
    private static final Set<String> SEND_AS_REFUSED = Set.of("7.60", "2.252");

    /**
     * Enhanced statuses about our connection or login, whatever step they answer: a relay that will not relay for a
     * client that has not logged in (X.7.54, X.7.57), a login that failed, is too weak, needs encryption or whose account
     * is disabled (X.7.8 to X.7.13), a missing trust relationship (X.7.14).
     */
    private static final Set<String> OUR_SECURITY = Set.of("7.8", "7.9", "7.10", "7.11", "7.12", "7.13", "7.14", "7.54",
            "7.57");

    /**
     * A relay's refusal to relay for us, in words, for a reply whose enhanced status does not say whose the trouble is
     * (none, or a bare X.7.0 or X.7.1 such as Postfix's "554 5.7.1 Relay access denied"). Never the bare word "relay":
     * Postfix's "User unknown in relay recipient table" is about the recipient.
     */
    private static final Pattern RELAY_REFUSED = Pattern.compile("relay(ing)? (access )?(is )?(denied|not permitted"
            + "|not allowed|prohibited|refused)|(unable|not permitted|not allowed|not authori[sz]ed) to relay"
            + "|(do not|don't|cannot|can't|will not|won't) relay|no relaying");

    /**
     * Replies that are about our connection, whatever step they answer: the server is closing (421), TLS or login is
     * missing, too weak or failed (454, 530, 534, 535, 538).
     */
    private static final Set<Integer> OURS = Set.of(421, 454, 530, 534, 535, 538);

    /** A failure while opening a connection: nothing was said about any message. */
    static SmtpFailure connecting(Exception e) {
        SmtpFailure read = of(e);
        return new SmtpFailure(read.code(), read.message(), Stage.CONNECT, false);
    }

    /**
     * A recipient whose local part is not ASCII, and a server that does not take SMTPUTF8 (RFC 6531): no try will
     * ever get it there, as a server's own 553 5.6.7 would say.
     */
    static SmtpFailure internationalAddressRefused(String to) {
        return new SmtpFailure(553, "5.6.7 the mail server does not offer SMTPUTF8, which an address whose part before"
                + " the @ is not ASCII needs (" + oneLine(to) + ")", Stage.RECIPIENT, true);
    }

    /**
     * A message that could not be written. Writing it again gives the same result (an encoding or rendering bug, a
     * text the message cannot carry), so it is {@link #permanent} rather than tried again for hours.
     */
    static SmtpFailure composing(Exception e) {
        if (e instanceof jakarta.mail.internet.AddressException bad) {
            // An address no server could take: as final as a 553 to RCPT, and no reason to drop the connection.
            return new SmtpFailure(553, "not a valid address: " + oneLine(bad.getMessage()), Stage.RECIPIENT, true);
        }
        return new SmtpFailure(0, oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()), Stage.COMPOSE, true);
    }

    /** A failure while sending a message over an open connection. */
    static SmtpFailure of(Exception e) {
        for (Throwable t = e; t != null; t = next(t)) {
            SmtpFailure replied = switch (t) {
                case SMTPAddressFailedException a -> replied(a.getReturnCode(), a.getCommand(), a);
                case SMTPSenderFailedException s -> replied(s.getReturnCode(), s.getCommand(), s);
                case SMTPSendFailedException s -> replied(s.getReturnCode(), s.getCommand(), s);
                default -> null;
            };
            if (replied != null) {
                return replied;
            }
        }
        return new SmtpFailure(0, oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()), Stage.CONNECTION, false);
    }

    private static SmtpFailure replied(int code, String command, Throwable t) {
        if (code <= 0) {
            return null;
        }
        String verb = command == null ? "" : command.strip().toUpperCase(Locale.ROOT);
        Stage stage = verb.startsWith("MAIL") ? Stage.SENDER : verb.startsWith("RCPT") ? Stage.RECIPIENT : Stage.MESSAGE;
        // A refused message, sender or recipient leaves the session open for the next message.
        return new SmtpFailure(code, oneLine(t.getMessage()), stage, true);
    }

    /** This broken connection, met after the whole message was handed over. */
    SmtpFailure afterHandingOver() {
        return new SmtpFailure(code, "the connection broke while the server answered the end of the message; it may or"
                + " may not have taken it (" + message + ")", stage, false, true);
    }

    /**
     * Whether no later try can succeed: a 5xx, or a message that cannot be written. Not a 552 to RCPT TO, which RFC
     * 5321 (4.5.3.1.10) says to treat as the 452 it was meant to be: too many recipients, or a mailbox over its quota
     * for now.
     */
    boolean permanent() {
        return code >= 500 && !(code == 552 && stage == Stage.RECIPIENT) || stage == Stage.COMPOSE;
    }

    /**
     * The server refused our sender: the envelope sender at MAIL FROM, or (a server that holds its verdicts until RCPT,
     * as Postfix does by default) with a status or words about the sender, or the message's From, which a relay that
     * checks whom the login may send as judges at the end of the data. Not a server that wants TLS or a login first,
     * which answers MAIL FROM for every sender alike.
     */
    boolean senderRefused() {
        if (OURS.contains(code)) {
            return false;
        }
        if (stage == Stage.SENDER) {
            return true;
        }
        if (stage != Stage.RECIPIENT && stage != Stage.MESSAGE) {
            return false;
        }
        String status = subjectAndDetail();
        if (status != null && (SENDER_REFUSED.contains(status) || SEND_AS_REFUSED.contains(status))) {
            return true;
        }
        return !statusSaysWhose(status) && lower().contains("sender address rejected");
    }

    /**
     * Nothing about this message or its recipient: the server could not be reached or logged in to, refused our
     * sender, or will not relay for us. Every other message would get the same answer, so none of them is to blame.
     *
     * <p>The enhanced status (RFC 3463) is read before the words: a 5.1.1 to RCPT TO is the recipient's, whatever its
     * text says ("User unknown in relay recipient table"). The words count only where the status does not say whose
     * the trouble is: there is none, or it is a bare policy refusal (X.7.0, X.7.1), as Postfix's "554 5.7.1 Relay access
     * denied" is.
     */
    boolean transport() {
        if (stage == Stage.CONNECT || OURS.contains(code) || senderRefused()) {
            return true;
        }
        if (stage != Stage.RECIPIENT && stage != Stage.MESSAGE) {
            return false;
        }
        String status = subjectAndDetail();
        if (status != null && OUR_SECURITY.contains(status)) {
            return true;
        }
        return stage == Stage.RECIPIENT && !statusSaysWhose(status) && RELAY_REFUSED.matcher(lower()).find();
    }

    /**
     * Whether an enhanced status says by itself whose the trouble is; not so for none, for "other" or "undefined"
     * (X.0.0), and for the bare security and policy refusals (X.7.0, X.7.1), which a relay gives for its own reasons
     * about us as readily as a receiver gives them about a message.
     */
    private static boolean statusSaysWhose(String status) {
        return status != null && !status.equals("0.0") && !status.equals("7.0") && !status.equals("7.1");
    }

    /**
     * The recipient's address does not exist: a refusal of the recipient (RCPT TO) with an enhanced status that says
     * so, or without an enhanced status a 550, 551 or 553; or a refusal of the message after its data whose enhanced
     * status says so (a server that checks its recipients only then). A 550 5.7.1 is a policy refusal, not a bounce.
     */
    boolean bounced() {
        if (!permanent() || transport()) {
            return false;
        }
        return switch (stage) {
            case RECIPIENT -> recipientUnknown(code, message);
            case MESSAGE -> subjectAndDetail() != null && recipientUnknown(code, message);
            default -> false;
        };
    }

    /**
     * Whether a permanent delivery report says the recipient's address does not exist, by the rule a refused RCPT TO
     * is read with; for provider reports, which say what the recipient's server answered.
     */
    static boolean recipientUnknown(int code, String text) {
        Matcher enhanced = ENHANCED.matcher(text == null ? "" : text);
        if (enhanced.find()) {
            return enhanced.group(1).equals("5") && RECIPIENT_UNKNOWN.contains(enhanced.group(2) + "." + enhanced.group(3));
        }
        return code == 550 || code == 551 || code == 553;
    }

    /** Whether the server answered about this message (took it, or judged it), rather than about us. */
    boolean serverJudged() {
        return !transport() && stage != Stage.COMPOSE;
    }

    String describe() {
        return code > 0 ? "SMTP " + code + ": " + message : message;
    }

    /** What a {@link #transport} failure says about us, for the outbox and for admins. */
    String trouble() {
        String what = stage == Stage.CONNECT ? "could not connect or log in to the mail server"
                : OURS.contains(code) ? "the mail server wants a secure connection or a login first"
                : senderRefused() ? "the mail server refused our sender"
                : stage == Stage.RECIPIENT ? "the mail server would not relay our mail"
                : "the mail server would not take mail from us";
        return what + " (" + describe() + ")";
    }

    /** The enhanced status's subject and detail ("1.8" of 5.1.8), or null. */
    private String subjectAndDetail() {
        Matcher m = ENHANCED.matcher(message == null ? "" : message);
        return m.find() ? m.group(2) + "." + m.group(3) : null;
    }

    private String enhancedStatus() {
        Matcher m = ENHANCED.matcher(message == null ? "" : message);
        return m.find() ? m.group() : null;
    }

    private String lower() {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SendFailedException s && s.getNextException() != null) {
            return s.getNextException();
        }
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
