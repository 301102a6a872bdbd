package io.keepwarm.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * For tests that hold a row while Keepwarm works beside it: they wait for the moment Keepwarm comes to
 * wait for the lock (a condition, never a sleep), and for their own threads, each for at most 30 seconds.
 */
public final class Locks {

    private Locks() {}

    /** How many sessions of the test database wait for a lock now. */
    public static long sessionsWaiting(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .query(Long.class).single();
    }

    /** How many sessions wait for a lock now: PostgreSQL's view of its sessions, or H2's. */
    public static long sessionsWaitingOnEither(JdbcClient jdbc) {
        return TestDatabase.postgres() ? sessionsWaiting(jdbc)
                : jdbc.sql("SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL")
                        .query(Long.class).single();
    }

    /**
     * Runs {@code first} in a transaction kept open until {@code second}, on a thread of its own, comes to wait for it
     * ({@code waiting} says so) or has its answer; then commits the first and answers what the second did.
     */
    public static <T> T whileFirstHolds(TransactionTemplate tx, Runnable first, Callable<T> second,
            BooleanSupplier waiting) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch done = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            Future<?> holding = pool.submit(() -> tx.executeWithoutResult(status -> {
                first.run();
                done.countDown();
                await(commit);
            }));
            await(done);
            Future<T> answer = pool.submit(second);
            waitUntil(() -> answer.isDone() || waiting.getAsBoolean(), "the second came to wait for the first");
            commit.countDown();
            holding.get(30, TimeUnit.SECONDS);
            return answer.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
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

    /** What runs while inserts fail: a test's own assertions, which may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} while every insert into {@code table} whose new row meets {@code condition} (PL/pgSQL over
     * NEW, naming only the test's own rows) fails as a deadlock the database ended does, with SQLSTATE 40P01: a real
     * statement failing that way on every try. PostgreSQL only; the trigger is gone afterwards, whatever happened.
     */
    public static void whileInsertsDeadlock(JdbcClient jdbc, String table, String condition, Body body) throws Exception {
        String function = "deadlocking_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("""
                CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF %s THEN
                    RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01';
                  END IF;
                  RETURN NEW;
                END $$""".formatted(function, condition)).update();
        try {
            jdbc.sql("CREATE TRIGGER %1$s BEFORE INSERT ON %2$s FOR EACH ROW EXECUTE FUNCTION %1$s()"
                    .formatted(function, table)).update();
            body.run();
        } finally {
            jdbc.sql("DROP TRIGGER IF EXISTS %s ON %s".formatted(function, table)).update();
            jdbc.sql("DROP FUNCTION IF EXISTS %s()".formatted(function)).update();
        }
    }
}
