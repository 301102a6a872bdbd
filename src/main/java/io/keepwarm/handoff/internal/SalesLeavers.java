package io.keepwarm.handoff.internal;

import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.StageChange;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A lead that leaves sales backwards (the deal lost, recycled, disqualified) takes the rep's first call with it: left
 * open, it would wait in the rep's day for months, overdue, with the hand-off's long-past reason to call. The rep's
 * call-backs stay (a time agreed with the person), as the hand-off's own task ends when the hand-off is decided.
 */
@Component
class SalesLeavers {

    private static final Set<Stage> OUT_OF_SALES = EnumSet.of(Stage.LOST, Stage.RECYCLED, Stage.NURTURE,
            Stage.DISQUALIFIED);

    private final Tasks tasks;
    private final LifecycleRules rules;

    SalesLeavers(Tasks tasks, LifecycleRules rules) {
        this.tasks = tasks;
        this.rules = rules;
    }

    /**
     * One statement per kind of move, as the lifecycle job moves contacts by the thousand; none for a new contact's
     * first move (to nurture, say), which no first call can wait for, nor a read of the stage names.
     */
    @EventListener
    void on(ContactStagesChanged moved) {
        Map<List<Stage>, List<Long>> leaving = moved.changes().stream()
                .filter(c -> OUT_OF_SALES.contains(c.to()) && c.from() != c.to() && c.from() != Stage.NEW)
                .collect(Collectors.groupingBy(c -> List.of(c.from(), c.to()), LinkedHashMap::new,
                        Collectors.mapping(StageChange::contactId, Collectors.toList())));
        if (leaving.isEmpty()) {
            return;
        }
        Map<Stage, String> labels = rules.labels();
        leaving.forEach((move, contactIds) -> tasks.cancel(contactIds, TaskKind.FIRST_CALL,
                        "No first call now: the lead left sales, moved from "
                                + labels.getOrDefault(move.get(0), move.get(0).name()) + " to "
                                + labels.getOrDefault(move.get(1), move.get(1).name())));
    }
}
