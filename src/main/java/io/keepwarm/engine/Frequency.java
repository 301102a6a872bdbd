package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import java.time.Instant;

/**
 * A contact's own frequency preference ("monthly only" is one touch per 30 days): one more cap on top of the
 * account's, so the stricter of the two always applies.
 *
 * @param channel the channel it limits, or null for touches on every channel together
 * @param pausedUntil no nurture email before this moment ("pause for 3 months"), or null for no pause
 */
public record Frequency(Channel channel, int maxTouches, int windowDays, Instant pausedUntil) {

    public Frequency(Channel channel, int maxTouches, int windowDays) {
        this(channel, maxTouches, windowDays, null);
    }

    public PressureSettings.Cap asCap() {
        return new PressureSettings.Cap(channel, maxTouches, windowDays);
    }
}
