package io.keepwarm.handoff.internal;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.TaskCompleted;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Actors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A lead sales accepted (SQL) whose last allowed call went unanswered, with no other call booked, would sit with sales
 * with nobody on it and out of every program. It is recycled instead, as sales does with a lead it cannot reach: back
 * in nurture at the lifecycle's next run, with its owner, so a later hand-off comes to the same rep; and the rep who
 * called is told, in the transaction that logged the call.
 */
@Component
class UnansweredLeads {

    static final String REASON_CODE = "CALLS_UNANSWERED";

    private final Lifecycle lifecycle;
    private final Tasks tasks;
    private final Alerts alerts;
    private final Contacts contacts;

    UnansweredLeads(Lifecycle lifecycle, Tasks tasks, Alerts alerts, Contacts contacts) {
        this.lifecycle = lifecycle;
        this.tasks = tasks;
        this.alerts = alerts;
        this.contacts = contacts;
    }

    @EventListener
    void on(TaskCompleted completed) {
        long contactId = completed.contactId();
        if (!completed.lastAttempt() || lifecycle.current(contactId).stage() != Stage.SQL || tasks.callOpen(contactId)) {
            return;
        }
        String calls = "No answer after " + tasks.maxAttempts() + " calls";
        lifecycle.move(contactId, new Lifecycle.Move(Stage.RECYCLED, REASON_CODE, calls + " (" + completed.kind().label()
                + ")"), ActorType.SYSTEM, Actors.current());
        if (completed.assigneeId() != null) {
            Contact contact = contacts.get(contactId);
            String name = contact.name();
            alerts.alert(completed.assigneeId(), contactId, calls + ": " + name + " goes back to nurture",
                    calls + " and none booked, " + name + " is recycled: back in nurture and its programs with its"
                            + " owner, and handed to sales again when ready. To work the lead still, move it back to"
                            + " SQL.");
        }
    }
}
