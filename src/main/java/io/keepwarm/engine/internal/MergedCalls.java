package io.keepwarm.engine.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.PressureRules;
import io.keepwarm.engine.PressureSettings;
import io.keepwarm.platform.AccountZone;
import io.keepwarm.platform.Days;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * After a merge the person waits for no more nurture calls than the account's call cap allows. Each contact's calls
 * were planned under the cap, but two people's calls are one person's once merged: a duplicate whose call from one
 * program was still open when another program called (a week on, the cap had room again) brings both, and the rep
 * would phone the survivor twice in a row. The earliest-due calls stay, as many as every cap that counts calls
 * allows, an overdue call counted as due now; the others are cancelled, saying why on the contact's timeline.
 * A call-back, a hand-off's call and a first call are a rep's promise or sales' work, not the cap's, and stay.
 * Runs just before the merge commits, when every module has moved its rows and ended the duplicate's places in
 * programs the survivor is in (with their calls), so only calls that are really left are counted.
 */
@Component
class MergedCalls {

    private static final Set<TaskKind> NURTURE_CALLS = Set.of(TaskKind.CALL, TaskKind.READINESS_CHECK);

    private final PressureRules rules;
    private final Tasks tasks;
    private final AccountZone zone;
    private final Clock clock;

    MergedCalls(PressureRules rules, Tasks tasks, AccountZone zone, Clock clock) {
        this.rules = rules;
        this.tasks = tasks;
        this.zone = zone;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(ContactsMerged merged) {
        List<PressureSettings.Cap> caps = rules.settings().caps().stream().filter(c -> c.counts(Channel.PHONE)).toList();
        Instant now = clock.instant();
        List<Task> kept = new ArrayList<>();
        for (Task call : tasks.openOf(merged.survivorId())) { // the first due first
            if (!NURTURE_CALLS.contains(call.kind())) {
                continue;
            }
            Instant at = calledAt(call, now);
            PressureSettings.Cap full = caps.stream().filter(cap -> inWindow(kept, cap, at, now) >= cap.max())
                    .findFirst().orElse(null);
            if (full == null) {
                kept.add(call);
            } else {
                tasks.cancelTask(call.id(), "Ended with the merge of two contacts for this person: the pressure policy"
                        + " allows " + full.said() + ", and they already wait for a call due "
                        + Days.at(kept.getLast().dueAt(), zone.zone()));
            }
        }
    }

    /** When the rep calls: when due, or now for a call overdue. */
    private static Instant calledAt(Task call, Instant now) {
        return call.dueAt().isBefore(now) ? now : call.dueAt();
    }

    private static long inWindow(List<Task> kept, PressureSettings.Cap cap, Instant at, Instant now) {
        Instant start = at.minus(Duration.ofDays(cap.windowDays()));
        return kept.stream().filter(k -> calledAt(k, now).isAfter(start)).count();
    }
}
