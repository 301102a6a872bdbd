package io.keepwarm.program;

/** A program was archived: its enrollments have ended; published in the transaction that archived it. */
public record ProgramArchived(long programId) {}
