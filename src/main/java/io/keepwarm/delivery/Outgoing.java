package io.keepwarm.delivery;

/** What the engine hands to a channel; the touch id makes delivery idempotent. */
public sealed interface Outgoing {

    long touchId();

    long contactId();

    /**
     * A nurture email. {@code fromOwnerId} names the SALES user it is sent as (null: the account's sender), so the mail
     * reads as a person's; the unsubscribe and preference addresses are the contact's own signed ones, left untracked.
     * {@code staleAt} is when the touch stops being worth sending (null: never), so a message that waits in the queue
     * past it (the server down, retries backing off) is withheld rather than sent late. A message with one is a
     * program's touch, and one that waited also keeps the contact's quiet hours (see {@link QuietHours}).
     */
    /**
     * An email; {@code language} is the one it is written in (its piece's, or for a piece of any language the contact's),
     * which the footer's words follow (null: English).
     */
    record Email(long touchId, long contactId, String to, String subject, String html, String text, Long fromOwnerId,
            String unsubscribeUrl, String preferencesUrl, java.time.Instant staleAt, String language)
            implements Outgoing {

        public Email(long touchId, long contactId, String to, String subject, String html, String text, Long fromOwnerId,
                String unsubscribeUrl, String preferencesUrl, java.time.Instant staleAt) {
            this(touchId, contactId, to, subject, html, text, fromOwnerId, unsubscribeUrl, preferencesUrl, staleAt, null);
        }

        public Email(long touchId, long contactId, String to, String subject, String html, String text, Long fromOwnerId,
                String unsubscribeUrl, String preferencesUrl) {
            this(touchId, contactId, to, subject, html, text, fromOwnerId, unsubscribeUrl, preferencesUrl, null, null);
        }
    }

    /**
     * A call (with its script), a readiness check or other work (with a note) for the contact's owner.
     *
     * @param script the call script as filled in at hand-over, for the rep it goes to: what the task keeps, and what a
     *     rep reads when it cannot be filled in again for whoever makes the call ({@link CallScripts})
     * @param title what the call is about, in a line ("Call: Cooling guide (Winter nurture)"); null for the kind's
     *     label, or for a follow-up the first line of its note
     */
    record CallTask(long touchId, long contactId, Long ownerId, TaskKind kind, String script, String note, String title)
            implements Outgoing {

        public CallTask(long touchId, long contactId, Long ownerId, TaskKind kind, String script, String note) {
            this(touchId, contactId, ownerId, kind, script, note, null);
        }
    }
}
