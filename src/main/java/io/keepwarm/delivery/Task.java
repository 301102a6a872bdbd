package io.keepwarm.delivery;

import io.keepwarm.platform.SignedAddresses;
import java.time.Instant;

/**
 * A call or follow-up in a rep's queue.
 *
 * @param assigneeId the user whose queue holds it; null while nobody's (a contact without an owner)
 * @param script the call script of a program's call, filled in for the contact and, while the task is open, for
 *     whoever holds it as {@code caller.*} ({@link CallScripts}); the table keeps it as filled in at hand-over, for the
 *     rep it went to, and once the call is logged as its rep read it then. Null for other tasks
 * @param priority higher first among tasks due at the same time
 * @param attempt 1 for a first call, 2 and up for the attempts after no answer
 * @param touchId the program touch that made it; null for tasks made otherwise
 * @param outcome how the call went, once done with a call; null while open, or when closed without a call
 * @param doneBy who completed or closed it (a username, an API key, or the system)
 * @param scriptNote why an open call's script reads as filled in at hand-over rather than for whoever holds it now
 *     (its piece deleted, or a mistake in it), in words; null when it is filled in for them, or there is none
 */
public record Task(long id, TaskKind kind, long contactId, Long assigneeId, String title, String context, String script,
        Instant dueAt, int priority, Status status, int attempt, Long touchId, CallOutcome outcome, String outcomeNote,
        Instant createdAt, Instant doneAt, String doneBy, String scriptNote) {

    public enum Status { OPEN, DONE, CANCELLED }

    /**
     * The task as staff read it: the signed tokens in its script and context cut ({@link SignedAddresses}). A script
     * rendered with {@code links.*} holds the contact's own unsubscribe, preference, landing and offer links, with
     * which a rep could act as the contact; the rest of the address still says which page to point them to.
     */
    public Task withoutTokens() {
        return new Task(id, kind, contactId, assigneeId, title, SignedAddresses.cut(context), SignedAddresses.cut(script),
                dueAt, priority, status, attempt, touchId, outcome, outcomeNote, createdAt, doneAt, doneBy, scriptNote);
    }

    /** The task with its call's title, script and note as filled in for whoever holds it now ({@link CallScripts}). */
    Task filledIn(String title, String script, String scriptNote) {
        return new Task(id, kind, contactId, assigneeId, title, context, script, dueAt, priority, status, attempt,
                touchId, outcome, outcomeNote, createdAt, doneAt, doneBy, scriptNote);
    }
}
