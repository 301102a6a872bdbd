package io.keepwarm.delivery;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A dialer or a CRM reported through the events API that a call reached the contact (REACHED_READY or
 * REACHED_NOT_NOW); published as the log is followed, in that transaction. Modules above delivery apply what it means
 * for sales (stage, readiness, hand-off) as they do for a rep's {@link TaskCompleted}; there is no task and no rep.
 * Of several such calls with one contact in a batch, only the latest is reported.
 *
 * @param occurredAt when the call was taken, as the sender said: a stage entered since then was decided after it
 * @param askAgainOn the contact's ask-again date, given with REACHED_NOT_NOW, today at the earliest in their zone
 * @param note the sender's note (properties.note), or null
 * @param clientEventId the sender's id of the event, for the reason of the move
 */
public record CallOutcomeReported(long contactId, CallOutcome outcome, Instant occurredAt, LocalDate askAgainOn,
        String note, String clientEventId) {

    /** Who the records of a reported call name (a flag, a stage move, a consent statement): the events API. */
    public static final String ACTOR = "events API";
}
