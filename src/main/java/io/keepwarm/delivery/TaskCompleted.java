package io.keepwarm.delivery;

import java.time.LocalDate;

/**
 * A rep logged how a call went; published in the transaction that completed the task. The delivery module has
 * already applied what is its own (the activity, consent, wrong numbers, the next attempt, a call-back); modules
 * above it apply the rest (stage, readiness, hand-off).
 *
 * @param doneByUserId the user who logged it; null for an API key
 * @param askAgainOn the contact's ask-again date, given with REACHED_NOT_NOW
 * @param lastAttempt whether the call went unanswered (or to voicemail) on the last attempt its task was allowed,
 *     with no call-back booked: no call of this task follows
 */
public record TaskCompleted(long taskId, long contactId, TaskKind kind, CallOutcome outcome, Long assigneeId,
        Long doneByUserId, LocalDate askAgainOn, String note, boolean lastAttempt) {}
