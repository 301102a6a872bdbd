package io.keepwarm.handoff.internal;

import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.TaskCompleted;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.Handoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A new lead's call tried again after no answer (or a message left) is worth something only before the hand-off's
 * deadline: booked the usual day later it can land on the deadline itself, the moment the lead turns overdue and
 * escalates. Such a retry comes forward to halfway to the deadline, or to when the contact's calling hours open
 * after that, when that is still before it; else it stays, and the rep is told it falls after the deadline.
 */
@Component
class RetriesBeforeDeadline {

    private final HandoffStore store;
    private final Tasks tasks;
    private final Contacts contacts;
    private final Clock clock;

    RetriesBeforeDeadline(HandoffStore store, Tasks tasks, Contacts contacts, Clock clock) {
        this.store = store;
        this.tasks = tasks;
        this.contacts = contacts;
        this.clock = clock;
    }

    @EventListener
    void on(TaskCompleted completed) {
        if (completed.kind() != TaskKind.HANDOFF
                || (completed.outcome() != CallOutcome.NO_ANSWER && completed.outcome() != CallOutcome.VOICEMAIL)) {
            return;
        }
        Instant now = clock.instant();
        Instant deadline = store.openOf(completed.contactId(), now).map(Handoff::dueAt).orElse(null);
        if (deadline == null || !deadline.isAfter(now)) {
            return;
        }
        tasks.nextAttempt(completed.taskId()).filter(next -> !next.dueAt().isBefore(deadline)).ifPresent(next -> {
            Instant callable = tasks.firstCallingMoment(now.plus(Duration.between(now, deadline).dividedBy(2)),
                    contacts.get(completed.contactId()).timeZone());
            if (callable.isBefore(deadline)) {
                tasks.bringForward(next.id(), callable);
            }
        });
    }
}
