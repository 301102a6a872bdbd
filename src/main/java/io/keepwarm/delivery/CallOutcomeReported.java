package io.keepwarm.delivery;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A dialer or a CRM reported through the events API that a call reached the contact (REACHED_READY or
 * REACHED_NOT_NOW); published as the log is followed, in that transaction. Modules above delivery apply what it means
 * for sales (stage, readiness, hand-off) as they do for a rep's {@link TaskCompleted}; there is no task, and the
 * records name whoever sent the event.
 * Of several such calls with one contact in a batch, only the latest is reported.
 *
 * @param occurredAt when the call was taken, as the sender said: a stage entered since then was decided after it
 * @param askAgainOn the contact's ask-again date, given with REACHED_NOT_NOW, today at the earliest in their zone
 * @param note the sender's note (properties.note), or null
 * @param clientEventId the sender's id of the event, for the reason of the move
 * @param sentBy the user or API key that sent the event, whom the move and its records name; {@link #ACTOR} for an
 *     event logged before Keepwarm kept who sent it
 */
public record CallOutcomeReported(long contactId, CallOutcome outcome, Instant occurredAt, LocalDate askAgainOn,
        String note, String clientEventId, String sentBy) {

    /**
     * Who the records of a reported call name (a flag, a stage move, a consent statement) when the event does not say
     * who sent it (one logged before Keepwarm kept that): the events API.
     */
    public static final String ACTOR = "events API";
}
