package io.keepwarm.program;

import java.util.List;

/**
 * Pieces were taken out of a stream's pool; published in the transaction that saved the edit.
 *
 * @param removed the content ids no longer in the pool
 */
public record StreamPoolEdited(long programId, List<Long> removed) {}
