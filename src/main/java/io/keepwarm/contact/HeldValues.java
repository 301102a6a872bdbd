package io.keepwarm.contact;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The regions, countries and industries the contacts hold (and where they are, for territories' counts), counted at most once in {@link #FRESH} and again after
 * any change to contacts. Counting them groups every contact (about a second at a million), and the hand-off
 * settings page, which suggests them, asks on every view. They are suggestions, so a count a few minutes old (a
 * change on another instance, or an erasure, which announces no change) is good enough; a contact changed here shows
 * at once.
 */
@Component
class HeldValues {

    static final Duration FRESH = Duration.ofMinutes(5);

    private record Counted(long generation, Instant at, List<?> held) {}

    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Counted> counted = new ConcurrentHashMap<>();

    HeldValues(Clock clock) {
        this.clock = clock;
    }

    @SuppressWarnings("unchecked") // each key is counted by one supplier, of one type
    <T> List<T> get(String what, int limit, Supplier<List<T>> count) {
        String key = what + "/" + limit;
        Instant now = clock.instant();
        long current = generation.get();
        Counted known = counted.get(key);
        if (known != null && known.generation() == current && !now.isBefore(known.at())
                && now.isBefore(known.at().plus(FRESH))) {
            return (List<T>) known.held();
        }
        List<T> held = count.get();
        // Counted under the generation read before: a change meanwhile makes the next view count again.
        counted.put(key, new Counted(current, now, held));
        return held;
    }

    /** Forgets the counts now and once the change commits: a count between the two would not see it yet. */
    @EventListener
    void on(ContactsChanged changed) {
        generation.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    generation.incrementAndGet();
                }
            });
        }
    }
}
