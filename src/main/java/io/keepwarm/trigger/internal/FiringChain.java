package io.keepwarm.trigger.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The triggers whose actions are running on this thread, first first. A trigger's actions publish events (a tag
 * added, a stage moved) whose listeners run on the same thread and queue the cue with this chain, so a trigger that
 * would fire again within its own chain is refused: "tag X → add Y" with "tag Y → add X" fires each once.
 */
@Component
class FiringChain {

    private final ThreadLocal<List<Long>> running = ThreadLocal.withInitial(List::of);

    /** The chain of the actions running now; empty outside a firing. */
    List<Long> current() {
        return running.get();
    }

    /** Runs the work with the chain extended by a trigger, and puts the chain back afterwards. */
    <T> T within(List<Long> chain, long triggerId, Supplier<T> work) {
        List<Long> before = running.get();
        List<Long> extended = new ArrayList<>(chain);
        extended.add(triggerId);
        running.set(List.copyOf(extended));
        try {
            return work.get();
        } finally {
            running.set(before);
        }
    }

    static String write(List<Long> chain) {
        return chain.isEmpty() ? null : chain.stream().map(String::valueOf).collect(Collectors.joining(">"));
    }

    static List<Long> read(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(">")).map(Long::valueOf).toList();
    }
}
