package io.keepwarm.handoff.internal;

import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.platform.Days;
import io.keepwarm.platform.Zones;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The rep's first sales call on a lead that came to sales (a hand-off accepted, a deal revived): due now, the queue
 * holding it to the contact's calling hours. None for a contact who may not be called, nor when a call with them waits
 * already: a call-back booked with them is the first call, and so is a first call still open, as a second would have
 * them phoned twice.
 */
@Component
public class FirstCalls {

    /** A lead just come to sales comes first among the calls due with it, as a hand-off's task does. */
    private static final int PRIORITY = 90;

    /**
     * The first call the lead has (its task), or none, and which, in words: written once and shown to people (the
     * hand-off's answer, My day), so a call is named by its title and a moment said as alerts say a deadline
     * ({@link Days#at}), never by a task id or an ISO instant.
     */
    public record Given(Long taskId, String said) {}

    private final Tasks tasks;
    private final Zones zones;

    FirstCalls(Tasks tasks, Zones zones) {
        this.tasks = tasks;
        this.zones = zones;
    }

    /**
     * Gives the rep (null: the contact's owner) their first call on the lead, titled with why and carrying what to know
     * before calling, unless one of the reasons above stands.
     */
    public Given give(long contactId, Long repId, String title, String context) {
        Optional<String> mayNot = tasks.whyNotCalled(contactId);
        if (mayNot.isPresent()) {
            return new Given(null, "No first call: the contact may not be called (" + mayNot.get()
                    + "); work the lead without a call");
        }
        Optional<Task> open = tasks.openOf(contactId).stream().filter(t -> t.kind() == TaskKind.FIRST_CALL).findFirst();
        if (open.isPresent()) {
            return new Given(open.get().id(), open.get().title() + ", due " + said(open.get()) + ", is still open");
        }
        Optional<Task> callBack = tasks.callBackOf(contactId);
        if (callBack.isPresent()) {
            return new Given(null, "No first call: the call-back booked for " + said(callBack.get())
                    + " is the next call");
        }
        long task = tasks.create(new Tasks.NewTask(contactId, repId, TaskKind.FIRST_CALL, title, context, null, PRIORITY));
        return new Given(task, title + ", due now within the contact's calling hours");
    }

    /** When a call is due, as people read it: "Fri 8 January 2027, 13:00 (Europe/Berlin)", on the account's clock. */
    private String said(Task call) {
        return Days.at(call.dueAt(), zones.accountZone());
    }
}
