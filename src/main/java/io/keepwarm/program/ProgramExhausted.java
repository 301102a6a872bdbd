package io.keepwarm.program;

/**
 * A stream had nothing left in its pool for a contact: the first time in this enrollment, or the first since new
 * pieces reached the contact; published in the transaction that noted it.
 */
public record ProgramExhausted(long programId, long contactId, long enrollmentId) {}
