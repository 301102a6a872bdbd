package io.keepwarm.handoff;

import java.time.Instant;

/**
 * Something a user should look at now (a new lead, an overdue hand-off, a trigger's alert), in the app and, with an
 * SMTP server and an address, by email.
 *
 * @param emailStatus NONE (no server or no address), PENDING, SENDING (in flight, or in doubt after a crash), SENT,
 *     FAILED
 */
public record Alert(long id, long userId, Long contactId, String subject, String body, Instant createdAt,
        Instant readAt, String emailStatus) {}
