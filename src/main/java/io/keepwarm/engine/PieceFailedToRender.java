package io.keepwarm.engine;

/**
 * A piece could not be filled in for a contact, for a cause this version of it (as last saved) had not failed for
 * before: published once per piece, version and cause, in the transaction that recorded the failed touch, so that
 * whoever can fix the piece hears of it once, not once per contact, and again if an edit did not fix it.
 *
 * @param programId the program whose touch failed; null for a piece a contact asked for on its landing page
 * @param cause what went wrong, in words (as the touch's reason detail says it)
 * @param again whether an earlier version of the piece failed for the same cause: the edit since did not fix it
 */
public record PieceFailedToRender(long contentId, Long programId, String cause, boolean again) {}
