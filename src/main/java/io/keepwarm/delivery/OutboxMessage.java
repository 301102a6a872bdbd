package io.keepwarm.delivery;

import io.keepwarm.platform.SignedAddresses;
import java.time.Instant;
import java.util.List;

/**
 * An email kept in the outbox, with where its delivery stands. {@code touchId} is null for a transactional message;
 * {@code links} are the message's links as its author wrote them, in order.
 */
public record OutboxMessage(long id, Long touchId, long contactId, String to, String fromAddress, String fromName,
        String subject, String html, String text, Instant createdAt, String status, int attempts, String lastError,
        Instant sentAt, String messageId, List<String> links) {

    /**
     * The message as staff read it: every signed token in its bodies and its links cut ({@link SignedAddresses}), for
     * whoever holds the click, unsubscribe, landing or preference link of a message can act as its recipient (a link
     * the author wrote as {@code links.landing_url} is the contact's own landing link); the rest reads as sent.
     */
    public OutboxMessage withoutTokens() {
        return new OutboxMessage(id, touchId, contactId, to, fromAddress, fromName, subject, SignedAddresses.cut(html),
                SignedAddresses.cut(text), createdAt, status, attempts, lastError, sentAt, messageId,
                links.stream().map(SignedAddresses::cut).toList());
    }
}
