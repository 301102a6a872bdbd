package io.keepwarm.tracking.internal;

import java.time.Instant;

/**
 * One public request worth recording, as the endpoint saw it. {@code touchId} is set for opens and clicks (the
 * recorder finds the contact), {@code contactId} for the rest.
 */
public record Tracked(Kind kind, Long touchId, Long contactId, Integer linkIndex, String url, String userAgent,
        String referrer, String ip, MachineFilter.Flag flag, Instant at) {

    /** What the request was. */
    public enum Kind { OPEN, CLICK, PAGE_VIEW, UNSUBSCRIBE, OFFER_ACCEPTED, PREFERENCES_SAVED, OPT_IN_CONFIRMED }
}
