package io.keepwarm.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final SignInThrottle throttle = new SignInThrottle(nanos::get);

    private void minutes(long minutes) {
        nanos.addAndGet(TimeUnit.MINUTES.toNanos(minutes));
    }

    @Test
    void fiveWrongPasswordsForOneNameStopThatAddressTryingItForAQuarterOfAnHour() {
        for (int i = 0; i < SignInThrottle.PER_NAME; i++) {
            assertThat(throttle.allowed("203.0.113.5", "admin")).isTrue();
            throttle.failed("203.0.113.5", "admin");
            minutes(1);
        }
        assertThat(throttle.allowed("203.0.113.5", "admin")).isFalse();
        assertThat(throttle.allowed("203.0.113.5", " Admin ")).as("the same name, typed otherwise").isFalse();
        assertThat(throttle.allowed("198.51.100.9", "admin")).as("the admin, from their own desk").isTrue();
        assertThat(throttle.allowed("203.0.113.5", "sam")).isTrue();

        minutes(11); // the first failure is now 15 minutes old
        assertThat(throttle.allowed("203.0.113.5", "admin")).isTrue();
    }

    @Test
    void anAddressTryingManyNamesIsStoppedToo() {
        for (int i = 0; i < SignInThrottle.PER_ADDRESS; i++) {
            throttle.failed("203.0.113.5", "user" + i);
        }
        assertThat(throttle.allowed("203.0.113.5", "someone-new")).isFalse();
        assertThat(throttle.allowed("198.51.100.9", "someone-new")).isTrue();
    }

    @Test
    void theRightPasswordEndsTheNamesRunOfFailures() {
        for (int i = 0; i < SignInThrottle.PER_NAME - 1; i++) {
            throttle.failed("203.0.113.5", "sam");
        }
        throttle.succeeded("203.0.113.5", "sam");
        throttle.failed("203.0.113.5", "sam");
        assertThat(throttle.allowed("203.0.113.5", "sam")).isTrue();
    }
}
