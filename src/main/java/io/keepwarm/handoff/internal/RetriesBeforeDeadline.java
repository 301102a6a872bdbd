package io.keepwarm.handoff.internal;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.TaskCompleted;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.Handoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A new lead's call tried again after no answer (or a message left) is worth something only before the hand-off's
 * deadline: booked the usual day later it can land on the deadline itself, the moment the lead turns overdue and
 * escalates, or just before it but outside the contact's calling hours, where it waits until after. Such a retry, when
 * it would not be called before the deadline, comes forward to halfway to the deadline, or to when the contact's
 * calling hours open after that, when that is still before it; else, when their hours close before halfway and do not
 * open again before the deadline, to the earliest calling moment before the deadline, which is now while their hours
 * last: the rep tries again in the time left. When no calling moment is left before the deadline, the retry stays a day
 * later, and My day tells the rep it falls after the deadline and to accept or reject the lead before then.
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
        Contact contact = contacts.get(completed.contactId());
        String zone = contact.timeZone();
        String country = contact.country();
        // Halfway first, which leaves the person time to be back at the phone; else now, while their hours last. A
        // contact of unknown zone is called when the hours hold on every clock of their country; of no such hours, not
        // until their zone is set, and the retry stays where it is.
        tasks.nextAttempt(completed.taskId())
                .filter(next -> tasks.firstCallingMoment(next.dueAt(), zone, country)
                        .filter(at -> at.isBefore(deadline)).isEmpty())
                .ifPresent(next -> Stream.of(now.plus(Duration.between(now, deadline).dividedBy(2)), now)
                        .flatMap(at -> tasks.firstCallingMoment(at, zone, country).stream())
                        .filter(at -> at.isBefore(deadline)).findFirst()
                        .ifPresent(at -> tasks.bringForward(next.id(), at)));
    }
}
