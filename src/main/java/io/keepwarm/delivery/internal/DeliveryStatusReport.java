package io.keepwarm.delivery.internal;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * A delivery status notification (RFC 3464): what a relay that took a message mails back to its envelope sender when
 * it could not deliver it after all (Microsoft 365 and a company's Postfix take every recipient, then report "no such
 * user" this way), or is still trying. A multipart/report with a message/delivery-status part, and the returned
 * message's headers beside it.
 *
 * @param reportId the report's own Message-ID, or null
 * @param messageId the Message-ID of the message it reports on: from the returned headers, else the report's
 *     X-Original-Message-ID; null when it names none
 * @param failure the first recipient the relay gave up on for good (Action: failed, a 5.x.x status); null when the
 *     report is only of a delay (4.x.x) or of nothing final
 */
record DeliveryStatusReport(String reportId, String messageId, Failure failure) {

    /** A recipient the relay gave up on: the address, its enhanced status and what the receiving server said. */
    record Failure(String recipient, String status, String diagnostic) {

        String detail() {
            return diagnostic == null ? status : status + " " + diagnostic;
        }
    }

    /** The report, if the message is one; a message/delivery-status part is what makes it one. */
    static Optional<DeliveryStatusReport> read(MimeMessage message) throws MessagingException, IOException {
        if (!message.isMimeType("multipart/report") || !(message.getContent() instanceof Multipart parts)) {
            return Optional.empty();
        }
        Part status = null;
        Part returned = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                status = status == null ? part : status;
            } else if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822")
                    || part.isMimeType("message/global") || part.isMimeType("message/global-headers")) {
                returned = returned == null ? part : returned;
            }
        }
        if (status == null) {
            return Optional.empty();
        }
        Failure failure = null;
        String header = message.getHeader("X-Original-Message-ID", null);
        String originalId = header == null ? null : IncomingMail.printable(MimeUtility.unfold(header));
        // The per-message fields first, then one block of fields per recipient, each ending at a blank line.
        try (InputStream in = new ByteArrayInputStream(status.getInputStream().readAllBytes())) {
            boolean perMessage = true;
            while (in.available() > 0) {
                InternetHeaders fields = new InternetHeaders(in);
                if (perMessage) {
                    originalId = originalId != null ? originalId : field(fields, "X-Original-Message-ID");
                    perMessage = false;
                } else if (failure == null) {
                    failure = failure(fields);
                }
            }
        }
        String returnedId = null;
        if (returned != null) {
            try (InputStream in = returned.getInputStream()) {
                returnedId = field(new InternetHeaders(in), "Message-ID");
            }
        }
        return Optional.of(new DeliveryStatusReport(message.getMessageID(), returnedId != null ? returnedId : originalId,
                failure));
    }

    /** The recipient's block as a final failure, or null when it is a delay, a success or a relay's hand-on. */
    private static Failure failure(InternetHeaders fields) {
        String action = field(fields, "Action");
        String status = field(fields, "Status");
        if (action == null || status == null || !action.toLowerCase(Locale.ROOT).startsWith("failed")
                || !status.startsWith("5.")) {
            return null;
        }
        String recipient = field(fields, "Final-Recipient");
        recipient = recipient != null ? recipient : field(fields, "Original-Recipient");
        // "rfc822; someone@example.com": the address type, then the address.
        String address = recipient == null ? null : recipient.substring(recipient.indexOf(';') + 1).strip();
        return new Failure(address == null || address.isEmpty() ? null : address, status,
                field(fields, "Diagnostic-Code"));
    }

    private static String field(InternetHeaders fields, String name) {
        String value = fields.getHeader(name, null);
        return value == null || value.isBlank() ? null : IncomingMail.printable(MimeUtility.unfold(value));
    }
}
