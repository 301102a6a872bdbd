package io.keepwarm.tracking.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.Touch;
import org.springframework.stereotype.Component;

/**
 * The email a prospect's statement is kept with, from the piece its link carried: the latest email of that piece the
 * contact was sent. A link names the piece, not the email (one token serves every email of it), so the latest is the
 * one they most likely read.
 */
@Component
public class EvidenceTouches {

    private final Engine engine;

    EvidenceTouches(Engine engine) {
        this.engine = engine;
    }

    /** The touch of that email; null for a link without a piece (older links, pages) or a piece never emailed. */
    public Long latestEmailOf(long contactId, Long piece) {
        if (piece == null || piece == 0) {
            return null;
        }
        return engine.touchesOf(contactId).stream()
                .filter(t -> piece.equals(t.contentId()) && t.channel() == Channel.EMAIL && t.handedOver())
                .map(Touch::id).max(Long::compare).orElse(null);
    }
}
