package io.keepwarm.handoff.internal;

import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.Lifecycle;
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
 * call-backs stay (a time agreed with the person), as the hand-off's own task ends when the hand-off is decided. A lead
 * that comes back to sales without a hand-off (a lost deal revived, a recycled lead a person moves to SQL again) gets
 * its first call back, for its owner: no hand-off's acceptance gives it one, and it would otherwise be in nobody's day.
 */
@Component
class SalesLeavers {

    private static final Set<Stage> OUT_OF_SALES = EnumSet.of(Stage.LOST, Stage.RECYCLED, Stage.NURTURE,
            Stage.DISQUALIFIED);
    private static final Set<Stage> IN_SALES = EnumSet.of(Stage.SQL, Stage.OPPORTUNITY, Stage.CUSTOMER);

    private final Tasks tasks;
    private final FirstCalls firstCalls;
    private final Lifecycle lifecycle;
    private final LifecycleRules rules;

    SalesLeavers(Tasks tasks, FirstCalls firstCalls, Lifecycle lifecycle, LifecycleRules rules) {
        this.tasks = tasks;
        this.firstCalls = firstCalls;
        this.lifecycle = lifecycle;
        this.rules = rules;
    }

    /**
     * One statement per kind of move, as the lifecycle job moves contacts by the thousand; none for a new contact's
     * first move (to nurture, say), which no first call can wait for, nor a read of the stage names. A move back into
     * sales is a person's or a rule's, one contact at a time.
     */
    @EventListener
    void on(ContactStagesChanged moved) {
        Map<List<Stage>, List<Long>> leaving = moved.changes().stream()
                .filter(c -> OUT_OF_SALES.contains(c.to()) && c.from() != c.to() && c.from() != Stage.NEW)
                .collect(Collectors.groupingBy(c -> List.of(c.from(), c.to()), LinkedHashMap::new,
                        Collectors.mapping(StageChange::contactId, Collectors.toList())));
        // From MQL a lead comes to sales by its hand-off's acceptance, which gives the first call itself.
        List<StageChange> returning = moved.changes().stream()
                .filter(c -> OUT_OF_SALES.contains(c.from()) && (c.to() == Stage.SQL || c.to() == Stage.OPPORTUNITY))
                .toList();
        if (leaving.isEmpty() && returning.isEmpty()) {
            return;
        }
        Map<Stage, String> labels = rules.labels();
        leaving.forEach((move, contactIds) -> tasks.cancel(contactIds, TaskKind.FIRST_CALL,
                        "No first call now: the lead left sales, " + moved(move.get(0), move.get(1), labels)));
        returning.stream().filter(c -> wasWithSales(c.contactId())).forEach(c -> firstCalls.give(c.contactId(), null,
                "First call: back with sales", "Why now: the lead came back to sales, " + moved(c.from(), c.to(), labels)
                        + (c.reason() == null || c.reason().isBlank() ? "" : " (" + c.reason().strip() + ")")));
    }

    /**
     * Whether the lead was with sales before (a nurtured contact moved to SQL for the first time is sales taking it
     * directly, no return).
     */
    private boolean wasWithSales(long contactId) {
        return lifecycle.transitions(contactId).stream().anyMatch(t -> IN_SALES.contains(t.from()));
    }

    private static String moved(Stage from, Stage to, Map<Stage, String> labels) {
        return "moved from " + labels.getOrDefault(from, from.name()) + " to " + labels.getOrDefault(to, to.name());
    }
}
