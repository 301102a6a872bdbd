package io.keepwarm.delivery;

import java.time.Instant;
import java.util.List;

/**
 * An email kept in the outbox, with where its delivery stands. {@code touchId} is null for a transactional message;
 * {@code links} are the message's links as its author wrote them, in order.
 */
public record OutboxMessage(long id, Long touchId, long contactId, String to, String fromAddress, String fromName,
        String subject, String html, String text, Instant createdAt, String status, int attempts, String lastError,
        Instant sentAt, String messageId, List<String> links) {}
