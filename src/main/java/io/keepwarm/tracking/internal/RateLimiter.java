package io.keepwarm.tracking.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (an address, a link): each holds up to a minute's allowance and refills continuously.
 * In memory and per instance, which is enough to blunt a flood or a token-guessing run. It measures elapsed time
 * with a monotonic nanosecond counter, not the business clock: a simulated clock that stands still must not
 * lock the public endpoints, and one that jumps must not open them.
 */
public final class RateLimiter {

    private static final long MINUTE = 60_000_000_000L;
    /** Beyond this many keys, full buckets (keys idle for a minute or more) are forgotten. */
    private static final int MAX_KEYS = 100_000;

    private final long perMinute;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        /** Available requests scaled by MINUTE, so refills need no fractions. */
        private long credit;
        private long last;

        Bucket(long credit, long now) {
            this.credit = credit;
            this.last = now;
        }

        synchronized boolean take(long perMinute, long now) {
            credit = Math.min(perMinute * MINUTE, credit + Math.min(now - last, MINUTE) * perMinute);
            last = now;
            if (credit < MINUTE) {
                return false;
            }
            credit -= MINUTE;
            return true;
        }

        synchronized boolean full(long perMinute, long now) {
            return credit + Math.min(now - last, MINUTE) * perMinute >= perMinute * MINUTE;
        }
    }

    public RateLimiter(long perMinute, LongSupplier nanos) {
        this.perMinute = perMinute;
        this.nanos = nanos;
    }

    /** Whether one more request under this key is allowed now (and counts it if so). */
    public boolean allow(String key) {
        long now = nanos.getAsLong();
        if (buckets.size() > MAX_KEYS) {
            buckets.values().removeIf(b -> b.full(perMinute, now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(perMinute * MINUTE, now)).take(perMinute, now);
    }
}
