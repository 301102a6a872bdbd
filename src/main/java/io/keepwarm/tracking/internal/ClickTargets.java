package io.keepwarm.tracking.internal;

import io.keepwarm.contact.ContactErased;
import io.keepwarm.delivery.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Where a click goes: only to link i of the message the touch sent, as delivery stored it. There is no address in
 * the request to redirect to, so the redirect cannot be pointed anywhere else. A sent message's links never
 * change, so they are kept in memory for the clicks that follow one another (bounded; forgotten wholesale when full,
 * and when someone is erased: their links must lead nowhere from then on, and an erasure is rare enough that the
 * messages still clicked are simply read again).
 */
@Component
public class ClickTargets {

    private static final int MAX_TOUCHES = 50_000;

    private final Delivery delivery;
    private final ConcurrentHashMap<Long, Message> messages = new ConcurrentHashMap<>();
    /** How many times the cache was forgotten for an erasure: a message read before one is not kept after it. */
    private final AtomicLong erasures = new AtomicLong();

    /** A sent message's links, and when it left (null while it has not). */
    private record Message(List<String> links, Instant sentAt) {}

    /** Where a click goes, and when the message it came in left (null if unknown): a click soon after is a scanner's. */
    public record Target(String url, Instant sentAt) {}

    ClickTargets(Delivery delivery) {
        this.delivery = delivery;
    }

    /**
     * Whether the touch's email is gone: a signed click token names a touch that sent one, and the outbox keeps every
     * message but those of a contact erased since (erasure deletes them with the contact).
     */
    public boolean messageGone(long touchId) {
        return !messages.containsKey(touchId) && delivery.messageForTouch(touchId).isEmpty();
    }

    public Optional<Target> link(long touchId, long index) {
        Message known = messages.get(touchId);
        if (known == null) {
            long erasuresBefore = erasures.get();
            known = delivery.messageForTouch(touchId)
                    .map(m -> new Message(List.copyOf(m.links()), m.sentAt() != null ? m.sentAt() : m.createdAt()))
                    .orElse(null);
            if (known == null) {
                return Optional.empty();
            }
            if (messages.size() >= MAX_TOUCHES) {
                messages.clear();
            }
            messages.put(touchId, known);
            if (erasures.get() != erasuresBefore) {
                // Read while an erasure committed: it may be the erased person's, so it answers this click only.
                messages.remove(touchId);
            }
        }
        List<String> links = known.links();
        return index >= 0 && index < links.size() ? Optional.of(new Target(links.get((int) index), known.sentAt()))
                : Optional.empty();
    }

    /** Once the erasure has committed, so a click that reads the outbox again finds their messages gone. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(ContactErased erased) {
        erasures.incrementAndGet();
        messages.clear();
    }
}
