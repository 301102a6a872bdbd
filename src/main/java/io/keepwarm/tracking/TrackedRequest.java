package io.keepwarm.tracking;

import io.keepwarm.platform.SignedAddresses;
import java.time.Instant;

/**
 * A stored open, click or answer with what the request said about itself, as the tracking page and the API show it:
 * the token of any of our signed addresses in its link or referrer cut ({@code /t/confirm/…}), since it would open
 * that contact's pages to whoever reads it.
 */
public record TrackedRequest(long id, long contactId, Long touchId, String kind, Integer linkIndex, String url,
        String userAgent, String referrer, String ip, String flag, Instant occurredAt) {

    public TrackedRequest {
        url = SignedAddresses.cut(url);
        referrer = SignedAddresses.cut(referrer);
    }
}
