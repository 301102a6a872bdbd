package io.keepwarm.handoff;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.internal.AlertMail;
import io.keepwarm.handoff.internal.Assignment;
import io.keepwarm.handoff.internal.HandoffStore;
import io.keepwarm.handoff.internal.WorkingHours;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hand-off run, on the clock: gives the open hand-offs of reps who are away or have left (disabled, or no longer
 * SALES) to a rep who is here (their team first), gives a lead held for an owner who was away back to them when they
 * are back and the stand-in has not worked it (also one whose deadline passed meanwhile), telling them once of all that
 * came back, escalates each overdue hand-off once (alerts the rep's manager, or the admins when the
 * rep has none, or gives it to another rep, as the SLA setting says; a reassigned one that lapses again goes to the new
 * rep's manager), assigns
 * hand-offs that found no rep when one is available now, and retries alert emails the server did not take. A hundred
 * hand-offs per transaction, locked with SKIP LOCKED so two instances never move or escalate the same one.
 */
@Service
public class HandoffJob {

    /**
     * What a run did.
     *
     * @param handedOver open hand-offs whose rep is away or has left, given to a rep who is here (their team first)
     * @param givenBack open hand-offs held for an owner who was away and is back, given back to them before their
     *     stand-in worked them
     * @param reminded escalated hand-offs still waiting for their rep a working day after the escalation or the last reminder:
     *     the manager (or the admins) told again
     * @param alertEmailsSent email copies of alerts that went out in the run: those of its own alerts (escalations,
     *     leads given) and earlier ones retried
     */
    public record Report(Instant ranAt, List<Long> handedOver, List<Long> givenBack, List<Long> escalated,
            List<Long> reassigned, List<Long> withoutManager, List<Long> reminded, List<Long> assigned,
            int alertEmailsSent) {}

    static final int BATCH = 100;
    /** Working time between an escalation's reminders: one each working day. */
    private static final java.time.Duration REMIND_AFTER = java.time.Duration.ofHours(24);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HandoffJob.class);

    private final HandoffStore store;
    private final Assignment assignment;
    private final HandoffSettings settings;
    private final Alerts alerts;
    private final AlertMail mail;
    private final Contacts contacts;
    private final Tasks tasks;
    private final Users users;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoints;

    HandoffJob(HandoffStore store, Assignment assignment, HandoffSettings settings, Alerts alerts, AlertMail mail,
            Contacts contacts, Tasks tasks, Users users, AuditLog audit, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.tasks = tasks;
        this.store = store;
        this.assignment = assignment;
        this.settings = settings;
        this.alerts = alerts;
        this.mail = mail;
        this.contacts = contacts;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.savepoints = new TransactionTemplate(transactionManager);
        this.savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public Report run() {
        try (AlertMail.Tally emailed = mail.tally()) {
            return run(emailed);
        }
    }

    private Report run(AlertMail.Tally emailed) {
        Instant now = clock.instant();
        HandoffSettings.Sla sla = settings.current();
        List<Long> handedOver = new ArrayList<>();
        Map<Long, User> unavailable = new HashMap<>();
        users.list().stream().filter(u -> u.role() != Role.SALES || !u.enabled() || u.away())
                .forEach(u -> unavailable.put(u.id(), u));
        inBatches(after -> store.heldBy(unavailable.keySet(), after, BATCH), id -> {
            Handoff handoff = store.find(id, now).orElseThrow();
            User rep = unavailable.get(handoff.repId());
            Assignment.Handover why = rep.enabled() && rep.role() == Role.SALES ? Assignment.Handover.REP_AWAY
                    : Assignment.Handover.REP_LEFT;
            assignment.reassign(handoff, null, why, null, null, now).ifPresent(to -> {
                handedOver.add(id);
                audit.record("HANDOFF_REASSIGNED", "contact", handoff.contactId(), Map.of("handoffId", id,
                        "from", handoff.repId(), "to", to, "because", why));
            });
        });
        List<Long> givenBack = new ArrayList<>();
        List<Long> here = users.list().stream().filter(u -> !unavailable.containsKey(u.id())).map(User::id).toList();
        Map<Long, List<String>> cameBack = new LinkedHashMap<>();
        inBatches(after -> store.heldForReturning(here, after, BATCH), id -> {
            Handoff handoff = store.find(id, now).orElseThrow();
            if (untouched(handoff)) {
                long owner = handoff.previousRepId();
                // The owner hears once of all that came back (below), not once a lead.
                assignment.reassign(handoff, owner, Assignment.Handover.OWNER_BACK, null, owner, now);
                givenBack.add(id);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("handoffId", id);
                details.put("from", handoff.repId());
                details.put("to", owner);
                details.put("because", Assignment.Handover.OWNER_BACK);
                // Its deadline passed with the stand-in: escalation leaves the lapsed deadline on it until a move.
                if (handoff.overdue()) {
                    details.put("lapsedMeanwhile", true);
                }
                audit.record("HANDOFF_REASSIGNED", "contact", handoff.contactId(), details);
                cameBack.computeIfAbsent(owner, o -> new ArrayList<>()).add(cameBack(handoff, now));
            }
        });
        transactions.executeWithoutResult(tx -> cameBack.forEach(this::welcomeBack));
        List<Long> escalated = new ArrayList<>();
        List<Long> reassigned = new ArrayList<>();
        List<Long> withoutManager = new ArrayList<>();
        List<Long> reminded = new ArrayList<>();
        Instant remindUpTo = remindUpTo(now);
        inBatches(after -> store.overdue(now, remindUpTo, after, BATCH), id -> {
            Handoff handoff = store.find(id, now).orElseThrow();
            if (handoff.escalation() == Handoff.Escalation.ESCALATED
                    || handoff.escalation() == Handoff.Escalation.NO_MANAGER) {
                // Escalated a working day ago or more, and still waiting: whoever heard of it is told again.
                alertOverdue(handoff, now, true);
                reminded.add(id);
                return;
            }
            switch (escalate(handoff, sla, now)) {
                case ESCALATED -> escalated.add(id);
                case REASSIGNED -> reassigned.add(id);
                case NO_MANAGER -> withoutManager.add(id);
            }
        });
        List<Long> assigned = new ArrayList<>();
        inBatches(after -> store.unassigned(after, BATCH), id -> {
            Handoff handoff = store.find(id, now).orElseThrow();
            assignment.assign(id, handoff.contactId(), handoff.why(), now).ifPresent(rep -> assigned.add(id));
        });
        mail.retryPending();
        return new Report(now, handedOver, givenBack, escalated, reassigned, withoutManager, reminded, assigned,
                emailed.sent());
    }

    /** One lead that came back, as the returning rep's alert lists it: whose, who held it, by when to decide. */
    private String cameBack(Handoff handoff, Instant now) {
        String name = contacts.get(handoff.contactId()).name();
        String held = users.find(handoff.repId()).map(User::displayName).orElse("a stand-in");
        String lapsed = handoff.overdue() ? "; its deadline passed while " + held + " held it" : "";
        Instant due = store.find(handoff.id(), now).map(Handoff::dueAt).orElse(null);
        return "- " + name + " (held by " + held + lapsed + "): accept or reject by "
                + (due == null ? "your deadline" : assignment.deadline(due));
    }

    /**
     * Tells a rep who is back, once, which leads came back to them: those held for them while they were away that
     * the stand-in had not worked, a lapsed one too, each with a fresh deadline.
     */
    private void welcomeBack(long owner, List<String> leads) {
        String count = leads.size() == 1 ? "1 lead" : leads.size() + " leads";
        alerts.alert(owner, null, "Welcome back: " + count + " came back to you", "While you were away, a stand-in"
                + " held these leads for you. None was accepted or rejected yet, nor worked, so each is yours again,"
                + " with a fresh deadline and its task in your day:\n" + String.join("\n", leads));
    }

    /**
     * How long ago an escalation (or the last reminder of it) must be for its manager to hear again: a working day, on
     * the SLA's clock, so a lead escalated on Friday comes up again on Monday, not over the weekend; null on a day off,
     * when nobody is reminded (a reminder the job could not send on Friday waits for Monday too).
     */
    private Instant remindUpTo(Instant now) {
        java.time.ZoneId zone = settings.zone();
        return WorkingHours.working(now, zone) ? WorkingHours.minus(now, REMIND_AFTER, zone) : null;
    }

    /**
     * Whether the stand-in has not worked the lead yet: its HANDOFF task is still open, no call logged on it. One they
     * called stays theirs to decide, or the contact would hear from two reps about one lead.
     */
    private boolean untouched(Handoff handoff) {
        return handoff.taskId() == null || tasks.get(handoff.taskId()).status() == Task.Status.OPEN;
    }

    /**
     * Works the ids a query locks, a batch per transaction, in id order until a batch comes back short. Each id works
     * under a savepoint: one that fails (and is tried again next run) does not hold up the rest.
     */
    private void inBatches(LongFunction<List<Long>> lock, LongConsumer work) {
        long after = 0;
        while (true) {
            long from = after;
            List<Long> batch = transactions.execute(tx -> {
                List<Long> ids = lock.apply(from);
                for (long id : ids) {
                    try {
                        savepoints.executeWithoutResult(s -> work.accept(id));
                    } catch (RuntimeException e) {
                        log.warn("Hand-off {} could not be handled this run; it is tried again at the next: {}", id,
                                e.getMessage(), e);
                    }
                }
                return ids;
            });
            if (batch.size() < BATCH) {
                return;
            }
            after = batch.getLast();
        }
    }

    private Handoff.Escalation escalate(Handoff handoff, HandoffSettings.Sla sla, Instant now) {
        // A lead goes to another rep once; if the second rep lets it lapse too, their manager hears of it, so a lead
        // nobody answers does not travel round the team.
        if (sla.onOverdue() == HandoffSettings.OnOverdue.REASSIGN && handoff.escalation() != Handoff.Escalation.REASSIGNED
                && assignment.reassign(handoff, null, Assignment.Handover.OVERDUE, null, null, now).isPresent()) {
            audit.record("HANDOFF_REASSIGNED", "contact", handoff.contactId(), Map.of("handoffId", handoff.id(),
                    "from", handoff.repId()));
            return Handoff.Escalation.REASSIGNED;
        }
        return alertOverdue(handoff, now, false);
    }

    /**
     * Tells the rep's manager (or the admins, without one) that the hand-off waits past its deadline: its escalation,
     * or a reminder of it while it stays overdue.
     */
    private Handoff.Escalation alertOverdue(Handoff handoff, Instant now, boolean reminder) {
        Optional<User> rep = users.find(handoff.repId());
        // A manager who has left (disabled) hears nothing: the lead counts as having no manager to escalate to. Nor has
        // a rep whose managers loop back to them (saved before loops were refused): their "manager" is also their own
        // report, or they themselves, so the admins hear of it, with the loop to break.
        Optional<String> loop = rep.flatMap(users::managerLoop);
        Long manager = loop.isPresent() ? null
                : rep.map(User::managerId).flatMap(users::findEnabled).map(User::id).orElse(null);
        String name = contacts.get(handoff.contactId()).name();
        String repName = rep.map(User::displayName).orElse("the rep");
        String overdue = repName + " has neither accepted nor rejected " + name + " within " + assignment.slaHoursOf(handoff) + " hours (weekends not counted); it was due "
                + assignment.deadline(handoff.dueAt()) + ".";
        if (manager == null) {
            return withoutManager(handoff, rep, loop, name, repName, overdue, reminder, now);
        }
        alerts.alert(manager, handoff.contactId(), handoff.id(), subject(reminder) + name + " waits for " + repName,
                overdue + "\n\nWhy now: " + handoff.why());
        if (reminder) {
            store.reminded(handoff.id(), now);
            return Handoff.Escalation.ESCALATED;
        }
        store.escalated(handoff.id(), Handoff.Escalation.ESCALATED, now);
        audit.record("HANDOFF_ESCALATED", "contact", handoff.contactId(), Map.of("handoffId", handoff.id(),
                "managerId", manager));
        return Handoff.Escalation.ESCALATED;
    }

    /**
     * The escalation a rep without a manager (or with one who has left, or whose managers loop back to them) would
     * otherwise lose, or send round the loop: it goes to the admins,
     * in the app and by email as a manager's would, naming the gap. Admins rather than marketers, because setting a
     * rep's manager is an admin's work (and an admin may reassign the lead meanwhile); marketers see overdue leads in
     * the hand-off report already.
     */
    private Handoff.Escalation withoutManager(Handoff handoff, Optional<User> rep, Optional<String> loop, String name,
            String repName, String overdue, boolean reminder, Instant now) {
        String gap = loop.map(chain -> repName + "'s managers loop back to them (" + chain + ")")
                .or(() -> rep.map(User::managerId).flatMap(users::find)
                        .map(m -> repName + "'s manager, " + m.displayName() + ", has left (disabled)"))
                .orElse(repName + " has no manager set");
        // A loop has managers in it, just none to alert: the subject says so, as an admin reading subjects would
        // otherwise go looking for a manager to set rather than a loop to break.
        String why = loop.isPresent() ? ", whose managers loop back to them" : ", who has no manager to alert";
        List<Long> admins = users.list().stream().filter(u -> u.role() == Role.ADMIN && u.enabled()).map(User::id)
                .toList();
        admins.forEach(admin -> alerts.alert(admin, handoff.contactId(), handoff.id(),
                subject(reminder) + name + " waits for " + repName + why,
                overdue + " " + gap + ", so this comes to the admins: reassign the lead, or set " + repName
                        + "'s manager (Users) so their overdue leads reach them.\n\nWhy now: " + handoff.why()));
        if (reminder) {
            store.reminded(handoff.id(), now);
            return Handoff.Escalation.NO_MANAGER;
        }
        store.escalated(handoff.id(), Handoff.Escalation.NO_MANAGER, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("handoffId", handoff.id());
        details.put("noManager", true);
        details.put("adminIds", admins);
        // The loop as it was then, for the timeline to say why the admins were told rather than "no manager".
        loop.ifPresent(chain -> details.put("managerLoop", chain));
        audit.record("HANDOFF_ESCALATED", "contact", handoff.contactId(), details);
        return Handoff.Escalation.NO_MANAGER;
    }

    private static String subject(boolean reminder) {
        return reminder ? "Still overdue: " : "Overdue hand-off: ";
    }
}
