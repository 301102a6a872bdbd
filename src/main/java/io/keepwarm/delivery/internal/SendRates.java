package io.keepwarm.delivery.internal;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces sending: at most so many messages a second overall and to one recipient domain, or to one mailbox provider
 * for the domains whose mail it takes ({@link MailProviders}: Microsoft 365 throttles a sender across its tenants). Pacing measures real elapsed
 * time (the monotonic nanosecond counter), not the application clock: a simulated clock that stands still must not
 * stop the mail, and one moved a month ahead must not burst it.
 */
final class SendRates {

    private final Pace global;
    private final int perDomain;
    private final ConcurrentHashMap<String, Pace> domains = new ConcurrentHashMap<>();
    private final MailProviders providers;

    SendRates(int perSecond, int perDomainPerSecond, MailProviders providers) {
        this.global = new Pace(perSecond);
        this.perDomain = perDomainPerSecond;
        this.providers = providers;
    }

    /** Waits until one more message to this address may go. */
    void acquire(String recipient) {
        String domain = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        domains.computeIfAbsent(providers.paceKey(domain), d -> new Pace(perDomain)).acquire();
        global.acquire();
    }

    /** Hands out evenly spaced slots: each caller takes the next one and waits for it. */
    private static final class Pace {

        private final long interval;
        private long next = System.nanoTime();

        Pace(int perSecond) {
            this.interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        }

        void acquire() {
            long slot;
            synchronized (this) {
                long now = System.nanoTime();
                // Idle time does not pile up into a burst: at most one second's worth of slots may be owed.
                next = Math.max(next, now - TimeUnit.SECONDS.toNanos(1) + interval);
                slot = next;
                next += interval;
            }
            long wait;
            while ((wait = slot - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
