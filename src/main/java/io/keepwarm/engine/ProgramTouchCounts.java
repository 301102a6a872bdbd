package io.keepwarm.engine;

import java.util.Map;

/**
 * A program's touches counted by where they stand, as its figures count them (the analytics module answers: whether
 * an email went is the outbox's to say, not the engine's). A touch the engine handed over is SENT here only once it
 * went: an email when the mail server accepted it (or the outbox kept it, without one); until then it is PLANNED,
 * and FAILED when its email failed, is in doubt or was withheld.
 */
public interface ProgramTouchCounts {

    /** By state (PLANNED, SENT, SUPPRESSED, FAILED), each with its {@code total} and how many carry each reason. */
    Map<String, Map<String, Long>> of(long programId);
}
