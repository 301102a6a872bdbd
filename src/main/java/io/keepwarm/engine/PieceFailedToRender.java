package io.keepwarm.engine;

/**
 * A piece could not be filled in for a contact, for a cause it had not failed for before: published once per piece
 * and cause, in the transaction that recorded the failed touch, so that whoever can fix the piece hears of it once,
 * not once per contact.
 *
 * @param programId the program whose touch failed; null for a piece a contact asked for on its landing page
 * @param cause what went wrong, in words (as the touch's reason detail says it)
 */
public record PieceFailedToRender(long contentId, Long programId, String cause) {}
