package io.keepwarm.delivery.internal;

import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.delivery.ReadinessChecksNotMade;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Chunks;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ends the open calls of contacts who may not be called (phone do-not-contact, phone consent withdrawn, no phone
 * number, their number found wrong). Every queue leaves such calls out, so left open they would wait forever, count as
 * open work and warn other reps of a call nobody will make. They are cancelled with the reason in words ("Contact may
 * not be called: do not contact by phone", "... no phone number"), which the task history and the contact's timeline
 * show; a readiness check among them is told too ({@link ReadinessChecksNotMade}), as its question was never asked. Only calls end (program calls, readiness checks, first calls, call-backs, with their next attempts): a hand-off
 * is also the rep's decision on the lead, and a follow-up is no call. Nothing reopens when the contact may be called
 * again (a number added); their next call is booked as any is.
 */
@Component
public class UncallableCalls {

    /** The kinds of task that are a call and nothing else. */
    static final Set<TaskKind> CALLS = Arrays.stream(TaskKind.values()).filter(TaskKind::onlyACall)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(TaskKind.class)));
    private static final int CHUNK = 1000;

    private final TaskStore store;
    private final TaskQueue queue;
    private final Contacts contacts;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UncallableCalls(TaskStore store, TaskQueue queue, Contacts contacts, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.contacts = contacts;
        this.events = events;
        this.clock = clock;
    }

    /** The note a call ended so carries: why, as a person reads it. */
    public static String reason(String whyNotCalled) {
        return "Contact may not be called: " + whyNotCalled;
    }

    /** Cancels the open calls of those of these contacts who may not be called; answers how many. */
    public int end(Collection<Long> contactIds, Instant now, String by) {
        // The usual change concerns no open call: one read of the tasks' contact index, and done.
        Set<Long> withCalls = store.withOpen(contactIds, CALLS);
        if (withCalls.isEmpty()) {
            return 0;
        }
        int ended = 0;
        List<ReadinessChecksNotMade.NotMade> notAsked = new ArrayList<>();
        for (Map.Entry<Long, String> why : queue.whyNotCalled(contacts.getAll(withCalls).values()).entrySet()) {
            ended += endCalls(why.getKey(), why.getValue(), now, by, notAsked);
        }
        tell(notAsked);
        return ended;
    }

    /**
     * Cancels every open call of a contact who may not be called, for why (in {@link TaskQueue}'s words), as a call
     * logged "wrong number" or "do not call me" does too; answers how many.
     */
    public int endCalls(long contactId, String whyNotCalled, Instant now, String by) {
        List<ReadinessChecksNotMade.NotMade> notAsked = new ArrayList<>();
        int ended = endCalls(contactId, whyNotCalled, now, by, notAsked);
        tell(notAsked);
        return ended;
    }

    private int endCalls(long contactId, String whyNotCalled, Instant now, String by,
            List<ReadinessChecksNotMade.NotMade> notAsked) {
        // The readiness checks among them are read first: once cancelled, only the task history would say so.
        store.openOfContact(contactId).stream().filter(t -> t.kind() == TaskKind.READINESS_CHECK)
                .forEach(t -> notAsked.add(new ReadinessChecksNotMade.NotMade(contactId, t.id(), t.title(),
                        whyNotCalled, TaskQueue.NO_PHONE_NUMBER.equals(whyNotCalled)
                                || TaskQueue.WRONG_NUMBER.equals(whyNotCalled))));
        return store.endOpen(contactId, CALLS, Task.Status.CANCELLED, reason(whyNotCalled), now, by);
    }

    private void tell(List<ReadinessChecksNotMade.NotMade> notAsked) {
        if (!notAsked.isEmpty()) {
            events.publishEvent(new ReadinessChecksNotMade(List.copyOf(notAsked)));
        }
    }

    /**
     * A change of the contact (do-not-contact, consent, their number removed, a new number that was found wrong before)
     * may end calls.
     */
    @EventListener
    void on(ContactsChanged changed) {
        end(changed.contactIds(), clock.instant(), Actors.current());
    }

    /**
     * At start, ends the calls left open before calls ended with the contact's callability (and any a change outside
     * the application left): a thousand contacts with open calls at a time. Run again, it finds nothing to do.
     */
    @EventListener(ApplicationReadyEvent.class)
    void endThoseLeftOpen() {
        for (List<Long> chunk : Chunks.of(store.withOpen(CALLS), CHUNK)) {
            end(chunk, clock.instant(), "system");
        }
    }
}
