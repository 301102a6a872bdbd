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

    /**
     * The states of a touch handed over to its channel, the one meaning of "the contact received the piece" wherever
     * it is asked. The sender marks a touch SENT in the transaction that queues its message in the outbox (or its call
     * in the rep's queue), so from then on nothing holds it back but the channel; a message the outbox then fails
     * (bounced, undeliverable) or withholds for good (consent withdrawn, stale in the queue) moves its touch to FAILED
     * or SUPPRESSED, and the piece counts as never received. One left in doubt by a relay stays SENT: it may have
     * arrived, and a second copy is the mistake the rule is there to prevent. A touch merely PLANNED (held by quiet
     * hours or a cap) is not received: it may yet go stale or be withheld.
     */
    public static final java.util.Set<State> HANDED_OVER = java.util.EnumSet.of(State.SENDING, State.SENT);

    /** Whether the touch was handed over to its channel (see {@link #HANDED_OVER}). */
    public boolean handedOver() {
        return HANDED_OVER.contains(state);
    }
}
