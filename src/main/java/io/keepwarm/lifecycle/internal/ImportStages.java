package io.keepwarm.lifecycle.internal;

import io.keepwarm.contact.ImportedStages;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The stages of an import's rows, set as an automatic move (ActorType.SYSTEM) by the transition table: NURTURE from
 * NEW, DORMANT, RECYCLED or LOST; DISQUALIFIED from any stage but CUSTOMER; never back to NEW, never out of
 * DISQUALIFIED (a person's decision, with a reason), and never while an open hand-off holds the lead. What is not set
 * is said per contact, so the import reports it with the row's line.
 */
@Component
class ImportStages implements ImportedStages {

    private final Lifecycle lifecycle;

    ImportStages(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Map<Long, String> set(Map<Long, String> stages, String by) {
        if (stages.isEmpty()) {
            return Map.of();
        }
        Map<Long, Stage> now = lifecycle.stagesOf(stages.keySet());
        Map<Long, Lifecycle.Move> moves = new LinkedHashMap<>();
        Map<Long, String> refused = new HashMap<>();
        stages.forEach((id, written) -> {
            Stage to = Stage.valueOf(written);
            Stage from = now.get(id);
            if (from == null || from == to) {
                return; // gone meanwhile, or there already
            }
            if (to == Stage.NEW) {
                refused.put(id, "it is " + from + ", and no contact moves back to NEW");
            } else {
                moves.put(id, new Lifecycle.Move(to, null, null));
            }
        });
        Set<Long> moved = new HashSet<>(lifecycle.moveWhereAllowed(moves, ActorType.SYSTEM, by));
        moves.forEach((id, move) -> {
            if (!moved.contains(id)) {
                refused.put(id, "it is " + now.get(id) + ", and an import may not move it to " + move.to()
                        + (now.get(id) == Stage.MQL || now.get(id) == Stage.SQL ? " while it is with sales"
                                : " (the lifecycle's rules, or an open hand-off, hold it)"));
            }
        });
        return refused;
    }
}
