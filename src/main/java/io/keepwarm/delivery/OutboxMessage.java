package io.keepwarm.delivery;

import java.time.Instant;

/** An email kept in the built-in outbox. */
public record OutboxMessage(long id, long touchId, long contactId, String to, String subject, String html, String text,
        Instant createdAt) {}
