package io.keepwarm.engine;

import io.keepwarm.contact.Channel;

/**
 * A contact's own frequency preference ("monthly only" is one touch per 30 days): one more cap on top of the
 * account's, so the stricter of the two always applies.
 *
 * @param channel the channel it limits, or null for touches on every channel together
 */
public record Frequency(Channel channel, int maxTouches, int windowDays) {

    public PressureSettings.Cap asCap() {
        return new PressureSettings.Cap(channel, maxTouches, windowDays);
    }
}
