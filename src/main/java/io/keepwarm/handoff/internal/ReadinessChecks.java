package io.keepwarm.handoff.internal;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.ReadinessChecksNotMade;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.lifecycle.ContactBecameReady;
import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.ReadyDateSet;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.StageChange;
import io.keepwarm.platform.Days;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Periodically and gently checking readiness: when a contact's ready date arrives (set by a rep's "not now", the
 * preference centre's "ask me again in N months", a rejection or the API), its owner gets a READINESS_CHECK call,
 * or nobody's queue (where anyone may take it) when it has no owner, unless a call to the contact is already due
 * around the date (the rep's own ask-again call among them). A follow-up or a call-back months away is no call on
 * the day, and the date is surfaced once: a date passed over would never be asked about. It runs in the lifecycle
 * job's transaction that marks the date surfaced, which happens once per date set: a restart or a second instance
 * makes no second call.
 */
@Component
class ReadinessChecks {

    /** Where a readiness call makes sense: not yet with sales, nor out of the funnel for good. */
    private static final Set<Stage> ASKABLE = EnumSet.of(Stage.NEW, Stage.NURTURE, Stage.DORMANT, Stage.RECYCLED,
            Stage.LOST);
    private static final String WITH_SALES = "Handed to sales: the lead is marketing-qualified, and sales ask whether it is"
            + " ready";
    /** The audit action that puts a readiness check not made on the contact's timeline. */
    static final String NOT_MADE = "READINESS_CHECK_NOT_MADE";
    /** As the rep's own ask-again call: after call-backs and new leads. */
    private static final int PRIORITY = 50;
    /** A call already due within this long after the date asks the question on time enough. */
    private static final Duration AROUND = Duration.ofDays(7);

    private final Tasks tasks;
    private final Lifecycle lifecycle;
    private final Contacts contacts;
    private final Users users;
    private final Alerts alerts;
    private final AuditLog audit;
    private final Clock clock;

    ReadinessChecks(Tasks tasks, Lifecycle lifecycle, Contacts contacts, Users users, Alerts alerts, AuditLog audit,
            Clock clock) {
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.contacts = contacts;
        this.users = users;
        this.alerts = alerts;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    void on(ContactBecameReady ready) {
        if (!ASKABLE.contains(lifecycle.current(ready.contactId()).stage())
                || tasks.callDueBy(ready.contactId(), clock.instant().plus(AROUND))) {
            return;
        }
        // Nobody named: the owner, or nobody's queue (where anyone may take it) when there is none or they have left.
        tasks.create(new Tasks.NewTask(ready.contactId(), null, TaskKind.READINESS_CHECK,
                "Ready date " + Days.said(ready.readyOn()) + ": is now a good time?", ready.reason(), clock.instant(), PRIORITY));
    }

    /**
     * A lead that became marketing-qualified is with sales, who ask for themselves (the hand-off's call): a readiness
     * check still open, a program's or a ready date's, would ask it again, by another caller.
     */
    @EventListener
    void on(ContactStagesChanged moved) {
        tasks.cancel(moved.changes().stream().filter(m -> m.to() == Stage.MQL).map(StageChange::contactId).toList(),
                TaskKind.READINESS_CHECK, WITH_SALES);
    }

    /**
     * They said when to ask again: until that day the question is answered, so a readiness check or a program's call
     * due before it ends (as the engine makes no new one); one booked for the day (a "not now" call's next call) stays,
     * and the day brings the owner's call otherwise.
     */
    @EventListener
    void on(ReadyDateSet set) {
        if (!set.askFrom().isAfter(clock.instant())) {
            return; // today: the question is open again
        }
        String note = "They asked to be asked again on " + Days.said(set.readyOn()) + "; the owner gets a call that day";
        tasks.cancelDueBefore(set.contactId(), TaskKind.READINESS_CHECK, set.askFrom(), note);
        tasks.cancelDueBefore(set.contactId(), TaskKind.CALL, set.askFrom(), note);
    }

    /**
     * A readiness check ended without a call, as its contact may not be called (a ready day's call for a contact with
     * no number, a program's for a number found wrong and a check-in with no email side): the question was never
     * asked. The contact's timeline says so for each check; their owner (every marketer, for a contact without one) is
     * alerted, with what would let it be asked, once for the cause: a second check ended for the same number found
     * wrong (or the same missing one) tells them nothing new, until the cause changes (a number entered, and found
     * wrong in turn, alerts again).
     */
    @EventListener
    void on(ReadinessChecksNotMade notMade) {
        for (ReadinessChecksNotMade.NotMade check : notMade.checks()) {
            Contact contact = contacts.get(check.contactId());
            String remedy = remedy(check);
            String cause = cause(check, contact);
            boolean told = lastCause(contact.id()).filter(cause::equals).isPresent();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("taskId", check.taskId());
            details.put("title", check.title());
            details.put("why", check.whyNotCalled());
            details.put("remedy", remedy);
            details.put("cause", cause);
            audit.record(NOT_MADE, "contact", contact.id(), details);
            if (told) {
                continue;
            }
            String name = contact.name();
            String body = "The readiness check \"" + check.title() + "\" for " + name + " was cancelled without a"
                    + " call: " + check.whyNotCalled() + ". Nobody has asked them whether now is a good time. " + remedy;
            for (User user : ReplyAlerts.ownerOrMarketers(contact, users)) {
                alerts.alert(user.id(), contact.id(), "Readiness check not made: " + name + " may not be called ("
                        + check.whyNotCalled() + ")", body);
            }
        }
    }

    /**
     * Why nobody may call, with the number it is about (none, or the one found wrong), as a digest: the audit log keeps
     * no phone number of its own, and the same number written with other spaces is the same cause.
     */
    private static String cause(ReadinessChecksNotMade.NotMade check, Contact contact) {
        String number = contact.phone() == null ? "" : contact.phone().replaceAll("[^0-9+]", "");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((check.whyNotCalled() + "\n" + number).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cause of the contact's last readiness check not made, as {@link #cause} wrote it; empty for none. */
    private Optional<String> lastCause(long contactId) {
        // Before a moment after now: a check ended a moment ago, in this same event, is the last.
        return audit.about("contact", contactId, List.of(NOT_MADE), clock.instant().plusSeconds(1), 1).stream()
                .findFirst().map(last -> JsonMapper.shared().readTree(last.details()).path("cause").asString(""))
                .filter(cause -> !cause.isEmpty());
    }

    /** What would let the question be asked, as the person alerted can do it. */
    private static String remedy(ReadinessChecksNotMade.NotMade check) {
        return check.numberToFix()
                ? "Enter their right phone number on their page and call them, or ask them by email."
                : "They may not be called: ask them by email (a check-in), if they take nurture email.";
    }
}
