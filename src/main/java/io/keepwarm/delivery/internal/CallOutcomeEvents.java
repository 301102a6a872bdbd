package io.keepwarm.delivery.internal;

import io.keepwarm.activity.ActivityFollower;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.EventCheck;
import io.keepwarm.activity.Events;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.CallOutcomeReported;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Call outcomes a dialer or a CRM sends through the events API change the contact as a rep's logged call does: "do
 * not call me" withdraws phone consent and ends their calls, a wrong number is flagged, and a call that reached the
 * contact ("ready", or "not now" with the day to ask again, properties.askAgainOn) is reported to the modules that
 * move stages and hand leads off ({@link CallOutcomeReported}). Otherwise a contact who asked never to be called again
 * stayed callable, and one who said "ready" on the phone stayed in nurture. There is no task here, so nothing a task
 * would book (a next attempt, a call-back, the ask-again call) follows. A rep's call logged on its task is applied
 * when it is completed and is not applied twice: only events from outside (with the sender's id) are followed. Runs
 * first among the followers, so a trigger in the same batch finds the contact as the outcome left them.
 */
@Component
@Order(0)
class CallOutcomeEvents implements ActivityFollower, EventCheck {

    /** The property of a REACHED_NOT_NOW event that holds the day the contact said to ask again. */
    private static final String ASK_AGAIN_ON = "askAgainOn";
    /** What a rep books on a call's task; sent with an event, it would be silently dropped, so it is refused. */
    private static final String CALL_BACK_AT = "callBackAt";
    private static final String PROPERTIES = "properties.";

    private static final List<String> OUTCOMES = Arrays.stream(CallOutcome.values()).filter(CallOutcome::ofACall)
            .map(Enum::name).toList();
    private static final Set<String> REACHED = Set.of(CallOutcome.REACHED_READY.name(),
            CallOutcome.REACHED_NOT_NOW.name());
    private static final Set<String> ABOUT_THE_PHONE = Set.of(CallOutcome.WRONG_NUMBER.name(),
            CallOutcome.DO_NOT_CALL.name());
    /** The ledger keeps 2,000 characters of evidence; the event's id (up to 200) follows the note. */
    private static final int MAX_NOTE = 1700;
    /** As much of a sender's bad value as a message repeats. */
    private static final int MAX_ECHO = 40;

    private final CallOutcomes outcomes;
    private final Contacts contacts;
    private final Consents consents;
    private final Zones zones;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CallOutcomeEvents(CallOutcomes outcomes, Contacts contacts, Consents consents, Zones zones,
            ApplicationEventPublisher events, Clock clock) {
        this.outcomes = outcomes;
        this.contacts = contacts;
        this.consents = consents;
        this.zones = zones;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<FieldError> problems(ActivityType type, String target, Map<String, String> properties) {
        if (type != ActivityType.CALL_OUTCOME) {
            return List.of();
        }
        if (!OUTCOMES.contains(target)) {
            return List.of(new FieldError("target", "must say how the call went, one of " + OUTCOMES
                    + (target == null ? "" : ", not '" + echo(target) + "'")));
        }
        List<FieldError> found = new ArrayList<>();
        CallOutcome outcome = CallOutcome.valueOf(target);
        if (properties.containsKey(CALL_BACK_AT)) {
            found.add(new FieldError(PROPERTIES + CALL_BACK_AT, ABOUT_THE_PHONE.contains(target)
                    ? "cannot go with " + target + ": nobody is called back on a wrong number or after \"do not call"
                            + " me\""
                    : "books nothing here: a call reported through the events API has no task to book a call-back"
                            + " on; log the call on its task (POST /api/v1/tasks/{id}/complete with callBackAt)"));
        }
        if (outcome == CallOutcome.REACHED_NOT_NOW) {
            askAgainProblem(properties.get(ASK_AGAIN_ON)).ifPresent(found::add);
        } else if (properties.containsKey(ASK_AGAIN_ON)) {
            found.add(new FieldError(PROPERTIES + ASK_AGAIN_ON, "goes only with REACHED_NOT_NOW" + (ABOUT_THE_PHONE
                    .contains(target) ? ": nobody is asked again on a wrong number or after \"do not call me\"" : "")));
        }
        return found;
    }

    /**
     * A wrong number is a number found wrong: a contact without one has none to mark, and their calls end already, so
     * the sender has most likely named the wrong contact.
     */
    @Override
    public List<FieldError> problemsWith(long contactId, ActivityType type, String target,
            Map<String, String> properties) {
        if (type != ActivityType.CALL_OUTCOME || !CallOutcome.WRONG_NUMBER.name().equals(target)) {
            return List.of();
        }
        String phone = contacts.get(contactId).phone();
        return phone != null && !phone.isBlank() ? List.of() : List.of(new FieldError("target", "is WRONG_NUMBER, but"
                + " contact " + contactId + " has no phone number to mark wrong: no call to them is offered until they"
                + " have one. Check that the event names the contact whose number was called"));
    }

    /**
     * A "not now" needs the day to ask again, as a rep's does, today or later. The contact's zone is not known yet, so
     * a day before today in UTC passes: it is still that day somewhere, and a day already past in the contact's zone
     * is taken as today when the log is followed.
     */
    private Optional<FieldError> askAgainProblem(String value) {
        String needed = "is required with REACHED_NOT_NOW: the day the contact said to ask again, as a date such as"
                + " 2027-03-01, today or later";
        if (value == null || value.isBlank()) {
            return Optional.of(new FieldError(PROPERTIES + ASK_AGAIN_ON, needed));
        }
        Optional<LocalDate> on = date(value);
        LocalDate earliest = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        if (on.isEmpty() || on.get().isBefore(earliest)) {
            return Optional.of(new FieldError(PROPERTIES + ASK_AGAIN_ON, needed + ", not '" + echo(value) + "'"));
        }
        return Optional.empty();
    }

    private static String echo(String value) {
        return value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO - 1) + "…" : value;
    }

    /**
     * Applied as the doing of whoever sent the event (the user or API key the log kept with it, {@link
     * Events#SENT_BY}), so the flag, the ended calls, the consent statement and the stage move name them, not
     * Keepwarm's own job that follows the log; an event logged before that was kept names the events API.
     */
    @Override
    public void follow(List<LoggedActivity> batch) {
        List<LoggedActivity> calls = batch.stream().filter(a -> a.type() == ActivityType.CALL_OUTCOME
                && a.clientEventId() != null && (ABOUT_THE_PHONE.contains(a.target()) || REACHED.contains(a.target())))
                .toList();
        if (calls.isEmpty()) {
            return;
        }
        Map<Long, Contact> found = contacts.getAll(calls.stream().map(LoggedActivity::contactId).distinct().toList());
        Instant now = clock.instant();
        for (LoggedActivity call : calls) {
            Contact contact = found.get(call.contactId());
            if (contact == null || !ABOUT_THE_PHONE.contains(call.target())) {
                continue;
            }
            String by = sentBy(call);
            Actors.actingAs(by, () -> {
                if (CallOutcome.WRONG_NUMBER.name().equals(call.target())) {
                    outcomes.wrongNumber(contact, now, by);
                } else if (!spokenSince(contact.id(), call.occurredAt())) {
                    outcomes.doNotCall(contact, new Consents.Evidence(CallOutcomeReported.ACTOR, null, evidence(call)),
                            now, by);
                }
                return null;
            });
        }
        for (LoggedActivity call : latestReached(calls)) {
            Contact contact = found.get(call.contactId());
            if (contact != null) {
                reported(call, contact, now).ifPresent(r -> Actors.actingAs(r.sentBy(), () -> {
                    events.publishEvent(r);
                    return null;
                }));
            }
        }
    }

    private static String sentBy(LoggedActivity call) {
        String by = call.properties().get(Events.SENT_BY);
        return by == null || by.isBlank() ? CallOutcomeReported.ACTOR : by;
    }

    /**
     * Of a contact's calls that reached them in one batch, the latest taken: it says where they stand, and a move
     * made for an earlier one would be newer than the call and make the latest look stale.
     */
    private static Collection<LoggedActivity> latestReached(List<LoggedActivity> calls) {
        Map<Long, LoggedActivity> latest = new LinkedHashMap<>();
        calls.stream().filter(c -> REACHED.contains(c.target())).forEach(c -> latest.merge(c.contactId(), c,
                (before, after) -> after.occurredAt().isBefore(before.occurredAt()) ? before : after));
        return latest.values();
    }

    /** A "not now" logged before its date was required has none to read, and is not reported, as it was not then. */
    private Optional<CallOutcomeReported> reported(LoggedActivity call, Contact contact, Instant now) {
        CallOutcome outcome = CallOutcome.valueOf(call.target());
        if (outcome == CallOutcome.REACHED_READY) {
            return Optional.of(new CallOutcomeReported(contact.id(), outcome, call.occurredAt(), null, note(call),
                    call.clientEventId(), sentBy(call)));
        }
        LocalDate today = now.atZone(zones.ofContact(contact.timeZone(), contact.country())).toLocalDate();
        return date(call.properties().get(ASK_AGAIN_ON)).map(on -> new CallOutcomeReported(contact.id(), outcome,
                call.occurredAt(), on.isBefore(today) ? today : on, note(call), call.clientEventId(), sentBy(call)));
    }

    private static String note(LoggedActivity call) {
        String note = call.properties().get("note");
        return note == null || note.isBlank() ? null : note.strip();
    }

    private static Optional<LocalDate> date(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether the contact made a phone statement after the call: sent in late, "do not call" does not undo it. */
    private boolean spokenSince(long contactId, Instant call) {
        Consents.Current phone = consents.current(contactId).get(Channel.PHONE);
        return phone != null && phone.since() != null && phone.since().isAfter(call);
    }

    /** The sender's note (properties.note) and their event's id, within what the ledger keeps of a statement. */
    private static String evidence(LoggedActivity call) {
        String note = note(call);
        String said = note == null ? "Asked not to be called again" : note;
        return (said.length() > MAX_NOTE ? said.substring(0, MAX_NOTE - 1) + "…" : said)
                + " (event " + call.clientEventId() + ")";
    }
}
