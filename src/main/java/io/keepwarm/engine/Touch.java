package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import java.time.Instant;

/**
 * A planned contact moment: a message or call (SEND), a check-in (READINESS) or a task for the owner (TASK).
 * PLANNED → SENDING (leased) → SENT, or SUPPRESSED with a reason, or FAILED after retries. A piece the contact asked
 * for on a landing page ({@link RequestedSends}) is a touch of no program: its {@code enrollmentId} and
 * {@code programId} are 0. {@code reasonDetail} says in words what lies behind the reason when the code alone would
 * mislead (what held a STALE touch past its limit); usually null.
 */
public record Touch(long id, long enrollmentId, long programId, long contactId, int step, int occurrence, Kind kind,
        Channel channel, Long contentId, String note, State state, String reason, Instant plannedAt, Instant dueAt,
        Instant staleAt, Instant sentAt, String reasonDetail) {

    /**
     * How long a step's touch may wait (for caps, quiet hours, the contact's own rhythm) before it is dropped as
     * STALE, when the step (a send or a readiness check) sets no limit of its own.
     */
    public static final java.time.Duration DEFAULT_STALE_AFTER = java.time.Duration.ofDays(3);

    public enum Kind { SEND, READINESS, TASK }

    public enum State { PLANNED, SENDING, SENT, SUPPRESSED, FAILED, IN_DOUBT }
}
