package io.keepwarm.platform;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work whose whole transaction may be tried again (it is idempotent, or each try starts from what is committed)
 * a few times when the database gives it up to let another transaction go on: a deadlock (SQLSTATE 40P01) or a
 * serialization failure (40001). Spring files both (and a lock timeout) under
 * {@link PessimisticLockingFailureException}; its own translation is asked and, where a driver's exception arrives
 * untranslated, the SQLSTATE. The tries after the first wait a little, jittered, so two that collided do not collide
 * again in step. After the last, a {@link BusyException}: answered 503 with a Retry-After, nothing recorded. Work
 * called inside a transaction already open is run once: it cannot start that transaction again.
 */
@Component
public class Contention {

    /** How many times the work is run at most. */
    public static final int ATTEMPTS = 3;
    /** What a client hears to wait before it sends the same again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Contention.class);

    private final Duration pause;

    Contention(@Value("${keepwarm.database.contention-pause:PT0.05S}") Duration pause) {
        this.pause = pause;
    }

    /** Whether the database gave this work up for another's sake, and the same work tried again can succeed. */
    public static boolean lost(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PessimisticLockingFailureException) {
                return true;
            }
            if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState())
                    || "40001".equals(sql.getSQLState()))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * The work's answer, from the first try the database does not give up; {@code what} names the work for the log
     * and for the person told to send it again ("the batch of events").
     */
    public <T> T retried(String what, Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // Inside a caller's transaction, which the lost try has ended for good: only its owner can run it again.
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException failure) {
                if (!lost(failure)) {
                    throw failure;
                }
                if (attempt >= ATTEMPTS) {
                    log.warn("Gave up {} after {} tries, each lost to another transaction: {}", what, attempt,
                            LoggedFailures.summary(failure));
                    throw new BusyException("The database is busy with other work on the same contacts and gave up "
                            + what + " " + ATTEMPTS + " times; nothing of it was recorded. Send the same request again"
                            + " in a moment", RETRY_AFTER, failure);
                }
                log.info("Trying {} again (try {} of {}): {}", what, attempt + 1, ATTEMPTS,
                        LoggedFailures.summary(failure));
                pause(attempt);
            }
        }
    }

    private void pause(int attempt) {
        long most = pause.toMillis() * attempt;
        if (most <= 0) {
            return;
        }
        try {
            Thread.sleep(most / 2 + ThreadLocalRandom.current().nextLong(most / 2 + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to try again", interrupted);
        }
    }
}
