package io.keepwarm.tracking;

import java.time.Instant;

/**
 * A prospect asked to be called ("have someone call me" on a piece's landing page); published in the transaction
 * that recorded it, once per piece a day, so sales can act on it.
 */
public record CallRequested(long contactId, long contentId, String pieceName, Instant at) {}
