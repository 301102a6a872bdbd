package io.keepwarm.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For PostgreSQL tests that hold a row while Keepwarm works beside it: they wait for the moment Keepwarm comes to
 * wait for the lock (a condition, never a sleep), and for their own threads, each for at most 30 seconds.
 */
public final class Locks {

    private Locks() {}

    /** How many sessions of the test database wait for a lock now. */
    public static long sessionsWaiting(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .query(Long.class).single();
    }

    /** Waits until the condition holds; fails, saying what did not happen, after 30 seconds. */
    public static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Waits for the latch, from a thread of the test's own; fails after 30 seconds. */
    public static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
