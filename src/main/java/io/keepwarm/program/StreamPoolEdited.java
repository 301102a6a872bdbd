package io.keepwarm.program;

import java.util.List;

/**
 * Pieces were added to a stream's pool or taken out of it; published in the transaction that saved the edit.
 *
 * @param removed the content ids no longer in the pool (none when pieces were only added)
 */
public record StreamPoolEdited(long programId, List<Long> removed) {}
