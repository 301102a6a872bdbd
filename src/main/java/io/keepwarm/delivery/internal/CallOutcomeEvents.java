package io.keepwarm.delivery.internal;

import io.keepwarm.activity.ActivityFollower;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.EventCheck;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.platform.Actors;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Call outcomes a dialer or a CRM sends through the events API change the contact as a rep's logged call does: "do
 * not call me" withdraws phone consent and ends their calls, a wrong number is flagged. Otherwise a contact who asked
 * never to be called again stayed callable and in the reps' queues. There is no task here, so nothing a task would
 * book (a next attempt, a call-back) follows. A rep's call logged on its task is applied when it is completed and is
 * not applied twice: only events from outside (with the sender's id) are followed. Runs first among the followers, so
 * a trigger in the same batch finds the contact as the outcome left them.
 */
@Component
@Order(0)
class CallOutcomeEvents implements ActivityFollower, EventCheck {

    private static final List<String> OUTCOMES = Arrays.stream(CallOutcome.values()).filter(CallOutcome::ofACall)
            .map(Enum::name).toList();
    /** The ledger keeps 2,000 characters of evidence; the event's id (up to 200) follows the note. */
    private static final int MAX_NOTE = 1700;

    private final CallOutcomes outcomes;
    private final Contacts contacts;
    private final Consents consents;
    private final Clock clock;

    CallOutcomeEvents(CallOutcomes outcomes, Contacts contacts, Consents consents, Clock clock) {
        this.outcomes = outcomes;
        this.contacts = contacts;
        this.consents = consents;
        this.clock = clock;
    }

    @Override
    public String problem(ActivityType type, String target, Map<String, String> properties) {
        if (type != ActivityType.CALL_OUTCOME || OUTCOMES.contains(target)) {
            return null;
        }
        return "a CALL_OUTCOME says how the call went in target, one of " + OUTCOMES
                + (target == null ? "" : ", not '" + target + "'");
    }

    @Override
    public void follow(List<LoggedActivity> batch) {
        List<LoggedActivity> calls = batch.stream().filter(a -> a.type() == ActivityType.CALL_OUTCOME
                && a.clientEventId() != null && changesTheContact(a.target())).toList();
        if (calls.isEmpty()) {
            return;
        }
        Map<Long, Contact> found = contacts.getAll(calls.stream().map(LoggedActivity::contactId).distinct().toList());
        Instant now = clock.instant();
        String by = Actors.current();
        for (LoggedActivity call : calls) {
            Contact contact = found.get(call.contactId());
            if (contact == null) {
                continue;
            }
            if (CallOutcome.WRONG_NUMBER.name().equals(call.target())) {
                outcomes.wrongNumber(contact, now, by);
            } else if (!spokenSince(contact.id(), call.occurredAt())) {
                outcomes.doNotCall(contact, new Consents.Evidence("events API", null, evidence(call)), now, by);
            }
        }
    }

    private static boolean changesTheContact(String outcome) {
        return CallOutcome.WRONG_NUMBER.name().equals(outcome) || CallOutcome.DO_NOT_CALL.name().equals(outcome);
    }

    /** Whether the contact made a phone statement after the call: sent in late, "do not call" does not undo it. */
    private boolean spokenSince(long contactId, Instant call) {
        Consents.Current phone = consents.current(contactId).get(Channel.PHONE);
        return phone != null && phone.since() != null && phone.since().isAfter(call);
    }

    /** The sender's note (properties.note) and their event's id, within what the ledger keeps of a statement. */
    private static String evidence(LoggedActivity call) {
        String note = call.properties().get("note");
        String said = note == null || note.isBlank() ? "Asked not to be called again" : note.strip();
        return (said.length() > MAX_NOTE ? said.substring(0, MAX_NOTE - 1) + "…" : said)
                + " (event " + call.clientEventId() + ")";
    }
}
