package io.keepwarm.delivery;

/** What the engine hands to a channel; the touch id makes delivery idempotent. */
public sealed interface Outgoing {

    long touchId();

    long contactId();

    record Email(long touchId, long contactId, String to, String subject, String html, String text) implements Outgoing {}

    /** A call (with its script) or other work (with a note) for the contact's owner. */
    record CallTask(long touchId, long contactId, Long ownerId, String script, String note) implements Outgoing {}
}
