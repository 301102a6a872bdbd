package io.keepwarm.delivery;

/**
 * An email a person asked for and expects at once (a double opt-in confirmation): sent now, not at the next batch,
 * outside every program and cap, and kept in the outbox like the rest. {@code language} is the tag of the language it
 * is written in, which the sent message declares.
 */
public record Transactional(long contactId, String to, String subject, String html, String text, String language) {

    /** An email in Keepwarm's own English words (a confirmation request is written in them). */
    public Transactional(long contactId, String to, String subject, String html, String text) {
        this(contactId, to, subject, html, text, "en");
    }
}
