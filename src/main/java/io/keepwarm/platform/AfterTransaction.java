package io.keepwarm.platform;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that follows a commit in a transaction of its own, run once the thread's transactions have all ended and their
 * connections are back in the pool. Spring runs after-commit callbacks while the committed transaction still holds
 * its connection, so one that opened a transaction of its own held two at once: a dozen API requests at the same time
 * each held one and waited for a second from a pool of ten, and everything stood still until the pool's timeout.
 *
 * <p>Call it inside the transaction it follows (an event listener of the publisher's transaction) or outside any, not
 * from an after-commit callback: Spring calls no synchronization registered that late. Outside a transaction the work
 * runs at once. Should it fail, the error is logged and what committed stands, as with Spring's after-commit listeners.
 */
public final class AfterTransaction {

    private static final Logger log = LoggerFactory.getLogger(AfterTransaction.class);

    /** The transactions this thread has begun and not yet ended, each holding a connection. */
    private static final ThreadLocal<int[]> OPEN = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<Deque<Runnable>> PENDING = ThreadLocal.withInitial(ArrayDeque::new);

    private AfterTransaction() {}

    /** Runs the work after the current transaction commits and the thread holds no transaction's connection. */
    public static void run(Runnable work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    PENDING.get().add(work);
                }
            });
        } else if (OPEN.get()[0] > 0) {
            // A transaction without synchronization still holds a connection.
            PENDING.get().add(work);
        } else {
            runLogged(work);
        }
    }

    static void began() {
        OPEN.get()[0]++;
    }

    static void ended() {
        int[] open = OPEN.get();
        open[0] = Math.max(0, open[0] - 1);
        if (open[0] > 0) {
            return;
        }
        Deque<Runnable> pending = PENDING.get();
        for (Runnable work = pending.poll(); work != null; work = pending.poll()) {
            runLogged(work);
        }
    }

    private static void runLogged(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("Work after a commit failed; what committed stands", e);
        }
    }
}
