package io.keepwarm.delivery.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What an SMTP failure means for the message: the server's reply code when it gave one (5xx is permanent, 4xx and a
 * broken connection are worth another try), whether the reply says the mailbox does not exist (a hard bounce), and
 * whether the connection broke while the server was answering the end of the message ({@code inDoubt}: it may have
 * taken it, so sending it again could deliver it twice).
 */
record SmtpFailure(int code, String message, boolean connectionUsable, boolean inDoubt) {

    SmtpFailure(int code, String message, boolean connectionUsable) {
        this(code, message, connectionUsable, false);
    }

    /** This broken connection, met after the whole message was handed over. */
    SmtpFailure afterHandingOver() {
        return new SmtpFailure(code, "the connection broke while the server answered the end of the message; it may or"
                + " may not have taken it (" + message + ")", false, true);
    }

    private static final java.util.regex.Pattern ENHANCED = java.util.regex.Pattern.compile("\\b([245]\\.\\d{1,3})\\.\\d{1,3}\\b");

    static SmtpFailure of(Exception e) {
        if (e instanceof jakarta.mail.internet.AddressException bad) {
            // An address no server could take: as final as a 553, and no reason to drop the connection.
            return new SmtpFailure(553, "not a valid address: " + oneLine(bad.getMessage()), true);
        }
        for (Throwable t = e; t != null; t = next(t)) {
            int code = switch (t) {
                case SMTPAddressFailedException a -> a.getReturnCode();
                case SMTPSenderFailedException s -> s.getReturnCode();
                case SMTPSendFailedException s -> s.getReturnCode();
                default -> 0;
            };
            if (code > 0) {
                // A refused message or recipient leaves the session open for the next message.
                return new SmtpFailure(code, oneLine(t.getMessage()), true);
            }
        }
        return new SmtpFailure(0, oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()), false);
    }

    boolean permanent() {
        return code >= 500;
    }

    /**
     * The address does not exist: an enhanced status of 5.1.x (bad mailbox or domain), or without an enhanced status
     * a 550, 551 or 553. A 550 5.7.1 is a policy refusal, not a bounce of the address.
     */
    boolean bounced() {
        var enhanced = ENHANCED.matcher(message == null ? "" : message);
        return enhanced.find() ? enhanced.group(1).equals("5.1") : code == 550 || code == 551 || code == 553;
    }

    String describe() {
        return code > 0 ? "SMTP " + code + ": " + message : message;
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
