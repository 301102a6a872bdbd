package io.keepwarm.tracking;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A stored open, click or answer with what the request said about itself, as the tracking page and the API show it:
 * the token of any of our signed addresses in its link or referrer cut ({@code /t/confirm/…}), since it would open
 * that contact's pages to whoever reads it.
 */
public record TrackedRequest(long id, long contactId, Long touchId, String kind, Integer linkIndex, String url,
        String userAgent, String referrer, String ip, String flag, Instant occurredAt) {

    private static final Pattern SIGNED = Pattern.compile("(/t/[A-Za-z]+/)[^/?#\\s]+");

    public TrackedRequest {
        url = withoutToken(url);
        referrer = withoutToken(referrer);
    }

    private static String withoutToken(String address) {
        return address == null ? null : SIGNED.matcher(address).replaceAll("$1…");
    }
}
