package io.keepwarm.tracking.internal;

import io.keepwarm.delivery.Delivery;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Where a click goes: only to link i of the message the touch sent, as delivery stored it. There is no address in
 * the request to redirect to, so the redirect cannot be pointed anywhere else. A sent message's links never
 * change, so they are kept in memory for the clicks that follow one another (bounded; forgotten wholesale when full).
 */
@Component
public class ClickTargets {

    private static final int MAX_TOUCHES = 50_000;

    private final Delivery delivery;
    private final ConcurrentHashMap<Long, List<String>> links = new ConcurrentHashMap<>();

    ClickTargets(Delivery delivery) {
        this.delivery = delivery;
    }

    public Optional<String> link(long touchId, long index) {
        List<String> known = links.get(touchId);
        if (known == null) {
            known = delivery.messageForTouch(touchId).map(m -> List.copyOf(m.links())).orElse(null);
            if (known == null) {
                return Optional.empty();
            }
            if (links.size() >= MAX_TOUCHES) {
                links.clear();
            }
            links.put(touchId, known);
        }
        return index >= 0 && index < known.size() ? Optional.of(known.get((int) index)) : Optional.empty();
    }
}
