package io.keepwarm.contact;

/**
 * A duplicate is about to be merged into the survivor and deleted. Published inside the merge's transaction
 * before the delete, so modules that keep rows for contacts move them to the survivor instead of losing them.
 */
public record ContactsMerged(long survivorId, long mergedId) {}
