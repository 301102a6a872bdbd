package io.keepwarm.program;

import java.util.List;

/**
 * A live sequence's steps were edited; published in the transaction that saved the edit, after its enrollments were
 * moved to their places in the new steps.
 *
 * @param steps for each old step, the index of the new step it became; -1 for a step removed or changed
 */
public record SequenceStepsEdited(long programId, List<Integer> steps) {}
