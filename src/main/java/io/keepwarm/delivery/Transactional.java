package io.keepwarm.delivery;

/**
 * An email a person asked for and expects at once (a double opt-in confirmation): sent now, not at the next batch,
 * outside every program and cap, and kept in the outbox like the rest.
 */
public record Transactional(long contactId, String to, String subject, String html, String text) {}
