package io.keepwarm.delivery;

/** What the engine hands to a channel; the touch id makes delivery idempotent. */
public sealed interface Outgoing {

    long touchId();

    long contactId();

    /**
     * A nurture email. {@code fromOwnerId} names the SALES user it is sent as (null: the account's sender), so the mail
     * reads as a person's; the unsubscribe and preference addresses are the contact's own signed ones, left untracked.
     */
    record Email(long touchId, long contactId, String to, String subject, String html, String text, Long fromOwnerId,
            String unsubscribeUrl, String preferencesUrl) implements Outgoing {}

    /** A call (with its script), a readiness check or other work (with a note) for the contact's owner. */
    record CallTask(long touchId, long contactId, Long ownerId, TaskKind kind, String script, String note)
            implements Outgoing {}
}
