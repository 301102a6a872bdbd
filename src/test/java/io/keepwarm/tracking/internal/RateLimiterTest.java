package io.keepwarm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(60, nanos::get);

    @Test
    void aKeyGetsItsMinutesAllowanceAtOnceThenOneRequestPerShareOfAMinute() {
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.allow("10.0.0.1")).isTrue();
        }
        assertThat(limiter.allow("10.0.0.1")).isFalse();
        assertThat(limiter.allow("10.0.0.2")).as("another address has its own allowance").isTrue();

        nanos.addAndGet(1_000_000_000L);
        assertThat(limiter.allow("10.0.0.1")).isTrue();
        assertThat(limiter.allow("10.0.0.1")).isFalse();
    }

    @Test
    void anIdleKeyRefillsToOneMinutesAllowanceAndNoMore() {
        for (int i = 0; i < 60; i++) {
            limiter.allow("k");
        }
        nanos.addAndGet(3_600_000_000_000L * 24 * 365 * 10);
        int allowed = 0;
        while (limiter.allow("k")) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(60);
    }
}
