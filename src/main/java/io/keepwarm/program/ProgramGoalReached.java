package io.keepwarm.program;

/** A contact reached a program's goal and its enrollment ended; published in the transaction that ended it. */
public record ProgramGoalReached(long programId, long contactId, long enrollmentId) {}
