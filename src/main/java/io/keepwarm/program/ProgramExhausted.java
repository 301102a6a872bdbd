package io.keepwarm.program;

/**
 * A stream had nothing left in its pool for a contact, for the first time in this enrollment; published in the
 * transaction that noted it.
 */
public record ProgramExhausted(long programId, long contactId, long enrollmentId) {}
