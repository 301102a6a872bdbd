package io.keepwarm.engine;

/** A program planned a touch for a contact. */
public record TouchPlanned(long touchId, long programId, long contactId, Touch.Kind kind) {}
