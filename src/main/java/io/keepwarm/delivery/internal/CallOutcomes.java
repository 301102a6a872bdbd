package io.keepwarm.delivery.internal;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskCompleted;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Days;
import io.keepwarm.platform.Zones;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** What a logged call outcome changes that is the delivery module's own, in the completing transaction. */
@Component
public class CallOutcomes {

    /** Call-backs are promises made to the contact: they come first among the calls due at their time. */
    private static final int CALL_BACK_PRIORITY = 80;
    /** Asking again on the agreed day comes after call-backs and new leads, as a trigger's task does by default. */
    private static final int ASK_AGAIN_PRIORITY = 50;

    private final TaskStore store;
    private final Activities activities;
    private final Consents consents;
    private final Contacts contacts;
    private final Users users;
    private final TaskSettings settings;
    private final Zones zones;
    private final AccountSettings account;
    private final ApplicationEventPublisher events;
    private final UncallableCalls uncallable;

    CallOutcomes(TaskStore store, Activities activities, Consents consents, Contacts contacts, Users users,
            TaskSettings settings, Zones zones, AccountSettings account, ApplicationEventPublisher events,
            UncallableCalls uncallable) {
        this.uncallable = uncallable;
        this.store = store;
        this.activities = activities;
        this.consents = consents;
        this.contacts = contacts;
        this.users = users;
        this.settings = settings;
        this.zones = zones;
        this.account = account;
        this.events = events;
    }

    public void apply(Task task, Contact contact, Tasks.Completion completion, Caller caller, Instant now) {
        String by = Actors.current();
        String note = completion.note() == null || completion.note().isBlank() ? null : completion.note().strip();
        store.finish(task.id(), Task.Status.DONE, completion.outcome(), note, now, by);
        if (completion.outcome().ofACall()) {
            // Who called, as a call sent through the events API names its sender: the contact's timeline says so.
            activities.recordCall(new Activity(contact.id(), ActivityType.CALL_OUTCOME, now, Channel.PHONE,
                    completion.outcome().name()), by);
        }
        boolean lastAttempt = false;
        switch (completion.outcome()) {
            // A message left is an attempt, as sales cadences count it: the call is tried again, as after no answer.
            case NO_ANSWER, VOICEMAIL -> lastAttempt = !nextAttempt(task, contact, completion, now)
                    && completion.callBackAt() == null;
            case WRONG_NUMBER -> wrongNumber(contact, now, by);
            case DO_NOT_CALL -> doNotCall(contact, new Consents.Evidence("task:" + task.id(), null,
                    note == null ? "Asked not to be called again" : note), now, by);
            default -> { }
        }
        if (completion.callBackAt() != null) {
            // The rep who booked it keeps it, whoever owns the contact (seed 002: "by the same caller"). That is the
            // task's rep, as a rep logs only their own calls: an admin or a marketer logging it books it for that rep,
            // not for themselves.
            store.insert(new TaskStore.New(contact.id(), taker(task.assigneeId(), contact), TaskKind.CALL_BACK,
                    TaskKind.CALL_BACK.label(), note, null, completion.callBackAt(), CALL_BACK_PRIORITY, 1), now);
        } else if (completion.askAgainOn() != null) {
            askAgain(task, contact, completion.askAgainOn(), note, now);
        }
        events.publishEvent(new TaskCompleted(task.id(), contact.id(), task.kind(), completion.outcome(),
                task.assigneeId(), caller.user() == null ? null : caller.user().id(), completion.askAgainOn(), note,
                lastAttempt));
    }

    /** How many calls a task gets before no answer or a voicemail is the end of it. */
    public int maxAttempts() {
        return settings.maxAttempts();
    }

    /**
     * Who takes a follow-on call of this rep's, as {@link Tasks#create} places a new task: the rep while they may
     * still work, else the contact's owner while they may, else nobody (where anyone may take it).
     */
    private Long taker(Long rep, Contact contact) {
        return Stream.of(rep, contact.ownerId()).filter(Objects::nonNull).map(users::findEnabled)
                .flatMap(Optional::stream).map(User::id).findFirst().orElse(null);
    }

    /**
     * Books the task's next call, up to the attempts allowed, and answers whether it did; a call-back booked on the
     * call is that next call already.
     */
    private boolean nextAttempt(Task task, Contact contact, Tasks.Completion completion, Instant now) {
        if (completion.callBackAt() == null && task.attempt() < settings.maxAttempts()) {
            store.insert(new TaskStore.New(null, store.programTouchOf(task.id()).orElse(null), task.contactId(),
                    taker(task.assigneeId(), contact), task.kind(), task.title(), task.context(), task.script(),
                    now.plus(settings.retryAfter()), task.priority(), task.attempt() + 1), now);
            return true;
        }
        return false;
    }

    /**
     * "Not now, ask me again on …": the rep's next call with the contact, on that day when calling hours open in the
     * contact's zone. A call-back booked on the same call is that next call already.
     */
    private void askAgain(Task task, Contact contact, LocalDate on, String note, Instant now) {
        ZoneId zone = zones.ofContact(contact.timeZone(), contact.country());
        Instant due = on.atTime(account.current().callingFrom()).atZone(zone).toInstant();
        store.insert(new TaskStore.New(contact.id(), taker(task.assigneeId(), contact), TaskKind.READINESS_CHECK,
                "Ask again: they said not now on " + Days.said(now.atZone(zone).toLocalDate()),
                note, null, due, ASK_AGAIN_PRIORITY, 1), now);
    }

    /** The contact's number is not theirs: it is flagged, and their calls end (a new number brings them back). */
    void wrongNumber(Contact contact, Instant now, String by) {
        if (contact.phone() != null) {
            store.flagWrongNumber(contact.id(), contact.phone(), now, by);
        }
        uncallable.endCalls(contact.id(), TaskQueue.WRONG_NUMBER, now, by);
    }

    /** The contact asked never to be called: phone consent withdrawn with the evidence, do-not-contact, calls ended. */
    void doNotCall(Contact contact, Consents.Evidence evidence, Instant now, String by) {
        // Do-not-contact first: the change ends the contact's calls (UncallableCalls), and that is the reason they give.
        contacts.markDoNotContact(contact.id(), Channel.PHONE);
        consents.record(contact.id(), new Consents.Statement(Channel.PHONE, ConsentState.WITHDRAWN,
                CallOutcome.CONSENT_SOURCE, evidence));
        uncallable.endCalls(contact.id(), TaskQueue.DO_NOT_CONTACT, now, by);
    }
}
