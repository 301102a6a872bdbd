package io.keepwarm.handoff.internal;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.Transitions;
import io.keepwarm.tracking.CallRequested;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * "Have someone call me" reaches sales, in the transaction that recorded it. A contact that may become MQL does, as
 * asked to be called, and the hand-off follows (a rep chosen, alerted, given a task). A lead already handed off
 * alerts its rep. Anyone else (with sales already, or off the funnel) gets a call-back task for its owner, who is
 * alerted; without an owner the task waits unassigned, where anyone may take it.
 */
@Component
class CallRequests {

    /** A person asked for this call: it comes first among the calls due with it, as a booked call-back does. */
    private static final int PRIORITY = 80;

    private final HandoffStore store;
    private final Lifecycle lifecycle;
    private final Alerts alerts;
    private final Tasks tasks;
    private final Contacts contacts;
    private final Users users;
    private final Clock clock;

    CallRequests(HandoffStore store, Lifecycle lifecycle, Alerts alerts, Tasks tasks, Contacts contacts, Users users,
            Clock clock) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.alerts = alerts;
        this.tasks = tasks;
        this.contacts = contacts;
        this.users = users;
        this.clock = clock;
    }

    @EventListener
    void on(CallRequested asked) {
        long contactId = asked.contactId();
        String what = "asked to be called from the landing page of '" + asked.pieceName() + "'";
        Optional<Handoff> open = store.openOf(contactId, clock.instant());
        if (open.isPresent()) {
            // Unassigned, the rep chosen later reads it among the recent activity of the hand-off's context.
            Long rep = open.get().repId();
            if (rep != null) {
                Contact contact = contacts.get(contactId);
                alert(rep, contact, what, "The lead is yours to accept or reject.");
            }
            return;
        }
        Stage stage = lifecycle.current(contactId).stage();
        if (Transitions.allowed(stage, Stage.MQL, ActorType.SYSTEM)) {
            lifecycle.move(contactId, new Lifecycle.Move(Stage.MQL, "CALL_ME", what), ActorType.SYSTEM, "prospect");
            return;
        }
        Contact contact = contacts.get(contactId);
        String name = contact.name();
        tasks.create(new Tasks.NewTask(contactId, null, TaskKind.CALL_BACK, "Call back: " + name + " asked to be called",
                name + " " + what + " (stage " + stage + ").", asked.at(), PRIORITY));
        if (contact.ownerId() != null) {
            alert(contact.ownerId(), contact, what, "A call-back task is in your queue (stage " + stage + ").");
        }
    }

    private void alert(long userId, Contact contact, String what, String next) {
        if (users.findEnabled(userId).isPresent()) {
            String name = contact.name();
            alerts.alert(userId, contact.id(), name + " asked to be called", name + " " + what + ". " + next);
        }
    }
}
