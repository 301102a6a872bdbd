package io.keepwarm.engine.internal;

import io.keepwarm.delivery.Tasks;
import io.keepwarm.program.ContactsLeftNurture;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact out of nurture (with sales, or disqualified) takes its program tasks out of the reps' queues with it:
 * a readiness check or a program's call left in the queue after the rep accepted the lead asks sales to nurture it.
 * Touches still planned need nothing here: the send finds their contact out of nurture and suppresses them
 * (LEFT_NURTURE), also those of a sequence that had finished, whose enrollment leaving did not end.
 */
@Component
class NurtureLeavers {

    private final Tasks tasks;

    NurtureLeavers(Tasks tasks) {
        this.tasks = tasks;
    }

    @EventListener
    void on(ContactsLeftNurture left) {
        tasks.cancelProgramTasks(left.contactIds(), "Left nurture: moved to " + left.stage());
    }
}
