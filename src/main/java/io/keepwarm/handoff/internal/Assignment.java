package io.keepwarm.handoff.internal;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Days;
import io.keepwarm.platform.Zones;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Puts an open hand-off in a rep's hands: chooses the rep, makes them the contact's owner (unless they stand in for an
 * owner who is away or let the lead lapse), sets the deadline in working hours, gives them a HANDOFF task with the
 * context and alerts them. Also gives a hand-off to the rep who took it on the call, and moves one from its rep to
 * another (overdue, by hand, its rep away or gone, the contact given another owner, or one who is away).
 */
@Component
public class Assignment {

    /** A new lead comes before the rest of the calls due at the same time. */
    static final int HANDOFF_PRIORITY = 90;

    private final RepChoice choice;
    private final HandoffStore store;
    private final HandoffContexts contexts;
    private final Contacts contacts;
    private final Tasks tasks;
    private final Alerts alerts;
    private final Users users;
    private final SlaStore settings;
    private final Zones zones;

    Assignment(RepChoice choice, HandoffStore store, HandoffContexts contexts, Contacts contacts, Tasks tasks,
            Alerts alerts, Users users, SlaStore settings, Zones zones) {
        this.choice = choice;
        this.store = store;
        this.contexts = contexts;
        this.contacts = contacts;
        this.tasks = tasks;
        this.alerts = alerts;
        this.users = users;
        this.settings = settings;
        this.zones = zones;
    }

    /** Why a hand-off changes hands, which the alerts tell both reps. */
    public enum Handover {
        /** It waited past its deadline (the SLA's REASSIGN). */
        OVERDUE,
        /** A marketer, an admin or the rep's manager moved it. */
        BY_HAND,
        /** Its rep is away: a rep of their team first. */
        REP_AWAY,
        /** Its rep has left (disabled) or no longer takes leads. */
        REP_LEFT,
        /** A person made another rep the contact's owner: the lead goes with the contact. */
        OWNER_CHANGED,
        /**
         * A person made a rep who is away the contact's owner: rep choice finds who holds the lead for them, as for an
         * owner away when the lead came (their team first), and the contact stays theirs.
         */
        OWNER_AWAY,
        /** The owner it was handed over from while they were away is back before their stand-in worked it. */
        OWNER_BACK
    }

    /** Assigns the open hand-off; empty (and still unassigned) when no rep is available. */
    public Optional<Long> assign(long handoffId, long contactId, String why, Instant now) {
        Contact contact = contacts.get(contactId);
        return assign(handoffId, contact, why, choice.choose(contact, Set.of()), now);
    }

    /**
     * Assigns each of these new hand-offs (contact id to hand-off id, with why by contact); answers the rep given each
     * assigned one, by contact. The reps and, when there are any, the contacts are read once for the batch.
     */
    public Map<Long, Long> assignAll(Map<Long, Long> handoffByContact, Map<Long, String> whyByContact, Instant now) {
        RepChoice.Reps reps = choice.reps(Set.of());
        Map<Long, Long> assigned = new HashMap<>();
        if (reps.none()) {
            return assigned;
        }
        Map<Long, Contact> found = contacts.getAll(handoffByContact.keySet());
        handoffByContact.forEach((contactId, handoffId) -> Optional.ofNullable(found.get(contactId))
                .flatMap(contact -> assign(handoffId, contact, whyByContact.get(contactId), choice.choose(contact, reps),
                        now))
                .ifPresent(rep -> assigned.put(contactId, rep)));
        return assigned;
    }

    private Optional<Long> assign(long handoffId, Contact contact, String why, Optional<RepChoice.Choice> chosen,
            Instant now) {
        long contactId = contact.id();
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        long rep = chosen.get().repId();
        Long standInFor = standingInFor(contact, rep);
        if (standInFor == null) {
            makeOwner(contact, rep, routing(chosen.get().by()));
        }
        String context = contexts.of(contact, why, chosen.get().note());
        Instant due = due(now);
        store.assign(handoffId, rep, standInFor, chosen.get().by(), context, due, now);
        String name = contact.name();
        store.task(handoffId, tasks.create(new Tasks.NewTask(contactId, rep, TaskKind.HANDOFF, "New lead: " + name,
                context, now, HANDOFF_PRIORITY)));
        // Why rep choice passed a rule over is in the context ("Rep chosen in turn, as every rep of its territory
        // (region DE) is away or gone."): said once there, not again in the first line.
        alerts.alert(rep, contactId, handoffId, "New lead: " + name + " is ready for sales",
                name + " is yours (chosen by " + chosen.get().by() + "). Accept or reject " + name + " by "
                        + deadline(due) + ".\n\n" + context);
        return Optional.of(rep);
    }

    /**
     * Gives the hand-off to the rep who reached the contact and heard they were ready: the same caller, now the owner.
     * They took the lead on the call, so there is no deadline to chase, no task and no alert; the caller accepts it.
     */
    public void toCaller(long handoffId, long contactId, long rep, String why, Instant now) {
        Contact contact = contacts.get(contactId);
        makeOwner(contact, rep, Actors.current());
        store.assign(handoffId, rep, null, Handoff.ChosenBy.CALLER, contexts.of(contact, why), now, now);
    }

    /**
     * Gives an open hand-off to another rep with a fresh deadline, the contact and the HANDOFF task going with it: to
     * the rep named, or (null) to the one rep choice picks past the current rep. Empty when rep choice finds nobody.
     * A hand-off nobody had yet is simply assigned. With OWNER_AWAY rep choice picks as for a new lead of the owner's,
     * and one it leaves with its rep (or finds nobody for) stays there, held for the owner.
     *
     * @param by who moved it, as the alerts name them (with BY_HAND)
     * @param byUserId the user who moved it, who is not alerted about a lead they gave themselves; null for none
     */
    public Optional<Long> reassign(Handoff handoff, Long named, Handover why, String by, Long byUserId, Instant now) {
        return reassign(handoff, named, why, by, byUserId, null, now);
    }

    /** @param within the reps rep choice may pick among (a manager's team); null for any */
    public Optional<Long> reassign(Handoff handoff, Long named, Handover why, String by, Long byUserId,
            Collection<Long> within, Instant now) {
        Contact contact = contacts.get(handoff.contactId());
        // An owner who is away is covered as when the lead came, so the rep who has it is not passed over for that.
        Optional<RepChoice.Choice> chosen = named != null ? Optional.of(new RepChoice.Choice(named,
                why == Handover.OWNER_BACK ? Handoff.ChosenBy.OWNER : Handoff.ChosenBy.HAND))
                : handoff.repId() == null || why == Handover.OWNER_AWAY ? choice.choose(contact, Set.of())
                : choice.chooseNear(contact, handoff.repId(), passedOver(handoff, why), within);
        if (handoff.repId() == null) {
            return assign(handoff.id(), contact, handoff.why(), chosen, now);
        }
        if (why == Handover.OWNER_AWAY && chosen.map(c -> c.repId() == handoff.repId()).orElse(true)) {
            return Optional.of(holdsFor(handoff, contact, by));
        }
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        long rep = chosen.get().repId();
        Instant due = due(now);
        // Told afresh, as to a new lead's rep: how this rep was chosen, and what the contact has been sent by now.
        String context = contexts.of(contact, handoff.why(), chosen.get().note());
        // A person who moves the lead moves the contact, but not from an owner who is away: the new rep holds it for
        // them, as a stand-in rep choice found would. Nor does rep choice covering for an owner who let the lead lapse.
        Long standInFor = why == Handover.BY_HAND && !ownerAway(contact) ? null : standingInFor(contact, rep);
        if (why == Handover.OVERDUE) {
            store.reassigned(handoff.id(), rep, standInFor, handoff.repId(), chosen.get().by(), context, due, now);
        } else {
            store.handedOver(handoff.id(), rep, standInFor, handoff.repId(), chosen.get().by(), context, due, now);
        }
        // After the hand-off has its new rep: the owner's change is seen by OwnerChanges, which must find them agreeing.
        if (standInFor == null) {
            makeOwner(contact, rep, why == Handover.BY_HAND ? Actors.current() : routing(chosen.get().by()));
        }
        String name = contact.name();
        // The task is due now in the new rep's day, as a new lead's is, under their fresh deadline.
        if (tasks.reassign(contact.id(), TaskKind.HANDOFF, rep, context, now) == 0) {
            // The first rep closed their task (a voicemail, a wrong number) without deciding: the new rep gets one.
            store.task(handoff.id(), tasks.create(new Tasks.NewTask(contact.id(), rep, TaskKind.HANDOFF,
                    "New lead: " + name, context, now, HANDOFF_PRIORITY)));
        }
        String previous = users.find(handoff.repId()).map(User::displayName).orElse("the previous rep");
        String newRep = users.find(rep).map(User::displayName).orElse("another rep");
        if (!Objects.equals(byUserId, rep)) {
            alerts.alert(rep, contact.id(), handoff.id(), "Lead reassigned to you: " + name, switch (why) {
                case OVERDUE -> previous + " did not accept or reject " + name + " in time; the lead is yours now.";
                case BY_HAND -> named == null ? "Rep choice gave you " + name + ", who was with " + previous
                        + ", at " + by + "'s request." : by + " gave you " + name + ", who was with " + previous + ".";
                case REP_AWAY -> previous + " is away, so " + name + " is yours now.";
                case REP_LEFT -> previous + " has left, so " + name + " is yours now.";
                case OWNER_CHANGED -> by + " made you the owner of " + name + ", who was with " + previous
                        + "; the lead goes with the contact.";
                case OWNER_AWAY -> by + " made " + ownerName(contact) + " the owner of " + name + ", who was with "
                        + previous + "; " + ownerName(contact) + " is away, so you hold the lead for them.";
                // The owner a lead goes back to is the one who moves it (byUserId, HandoffJob): they hear once of
                // all that came back, not once a lead.
                case OWNER_BACK -> throw new IllegalStateException("A lead given back is its owner's own move");
            } + " Accept or reject " + name + " by " + deadline(due) + ".\n\n" + context);
        }
        // Someone who has left reads no alerts; the rep who moved it themselves knows.
        if (why != Handover.REP_LEFT && !Objects.equals(byUserId, handoff.repId())) {
            alerts.alert(handoff.repId(), contact.id(), "Lead reassigned: " + name, switch (why) {
                case OVERDUE -> name + " waited past the deadline (" + deadline(handoff.dueAt())
                        + ") and went to another rep.";
                case BY_HAND -> named == null ? "Rep choice gave " + name + " to " + newRep + ", at " + by
                        + "'s request." : by + " gave " + name + " to " + newRep + ".";
                case REP_AWAY, REP_LEFT -> "You are away, so " + name + " went to " + newRep + ".";
                case OWNER_CHANGED -> by + " made " + newRep + " the owner of " + name + ", and the lead went with"
                        + " the contact.";
                case OWNER_AWAY -> by + " made " + ownerName(contact) + " the owner of " + name + "; they are away,"
                        + " so the lead went to " + newRep + ", who holds it for them.";
                case OWNER_BACK -> newRep + " is back, so " + name + ", whom you held for them, went back to them.";
            });
        }
        // The owner who is away keeps the contact, and hears who holds the lead for them now (unless told above).
        Long owner = contact.ownerId();
        if (why == Handover.BY_HAND && standInFor != null && !Objects.equals(owner, handoff.repId())
                && !Objects.equals(owner, byUserId)) {
            alerts.alert(owner, contact.id(), "Lead held for you: " + name, by + " gave " + name + ", who was with "
                    + previous + ", to " + newRep + ", who holds the lead for you while you are away; the contact"
                    + " stays yours.");
        }
        return Optional.of(rep);
    }

    /**
     * Who rep choice passes over besides the rep the lead leaves, when a person lets it pick: the rep it was taken from
     * before (one who let it lapse, as the SLA's REASSIGN took it from them), who would otherwise get it back as its
     * owner. Moved for any other reason, the lead may go back to its owner.
     */
    private static Set<Long> passedOver(Handoff handoff, Handover why) {
        return why == Handover.BY_HAND && handoff.previousRepId() != null ? Set.of(handoff.previousRepId()) : Set.of();
    }

    /**
     * The lead stays with its rep, who now holds it for the contact's new owner, away: rep choice found nobody else (or
     * them). Their deadline stands; they are told whose lead it now is.
     */
    private long holdsFor(Handoff handoff, Contact contact, String by) {
        store.standsInFor(handoff.id(), contact.ownerId());
        String name = contact.name();
        alerts.alert(handoff.repId(), contact.id(), handoff.id(), "Lead held for " + ownerName(contact) + ": " + name,
                by + " made " + ownerName(contact) + " the owner of " + name + "; they are away, so you hold the lead"
                        + " for them. Accept or reject " + name + " by " + deadline(handoff.dueAt()) + ".");
        return handoff.repId();
    }

    /** Whether the contact's owner is a rep who is away now (and keeps the contact while someone holds the lead). */
    private boolean ownerAway(Contact contact) {
        return contact.ownerId() != null && users.find(contact.ownerId()).map(User::away).orElse(false);
    }

    private String ownerName(Contact contact) {
        return contact.ownerId() == null ? "nobody"
                : users.find(contact.ownerId()).map(User::displayName).orElse("another rep");
    }

    /**
     * The contact's owner whom the rep only stands in for: a SALES user who may still work (away for now, or late with
     * this lead) keeps their contact, to call again as the same caller when back (seed 002). Null when the rep is to
     * own the contact: it has no owner, or one who has left or sells no more.
     */
    private Long standingInFor(Contact contact, long rep) {
        Long owner = contact.ownerId();
        if (owner == null || owner == rep) {
            return null;
        }
        return users.find(owner).filter(u -> u.role() == Role.SALES && u.enabled()).map(User::id).orElse(null);
    }

    /**
     * The rep who accepts a lead works it, so the contact becomes theirs: one who stood in for an owner away, or took
     * over a lead another let lapse, is its caller from then on, and its first call and later hand-offs are theirs.
     * Call once the hand-off is decided, so the change of owner moves no open lead.
     */
    public void acceptedBy(long contactId, Long rep) {
        if (rep != null) {
            makeOwner(contacts.get(contactId), rep, Actors.current());
        }
    }

    /** @param actor who the change of owner is recorded as: the person whose doing it was, or the routing */
    private void makeOwner(Contact contact, long rep, String actor) {
        if (!Objects.equals(contact.ownerId(), rep)) {
            // The program's open tasks go with the contact, as with any change of owner (delivery's TasksFollowOwners).
            OwnerChanges.assigning(() -> contacts.assignOwner(contact.id(), rep, actor));
        }
    }

    /**
     * Who the audit log says made a rep the owner when rep choice did ("handoff:TERRITORY"): the hand-off's routing,
     * not whoever's request opened it (a prospect asking to be called, a rep logging a call).
     */
    static String routing(Handoff.ChosenBy by) {
        return Handoff.ROUTING_ACTOR + by.name();
    }

    private Instant due(Instant now) {
        return WorkingHours.plus(now, Duration.ofHours(settings.sla().slaHours()), zones.accountZone());
    }

    /** The working hours a rep had for the hand-off: the SLA when it was assigned, whatever it is now. */
    public long slaHoursOf(Handoff handoff) {
        return WorkingHours.between(handoff.assignedAt(), handoff.dueAt(), zones.accountZone()).toHours();
    }

    /**
     * The deadline as people read it, as the pages say a moment ({@link Days#at}): "Fri 8 January 2027, 13:00
     * (Europe/Berlin)", in the account's zone. Written once into the alert, which goes out by email too.
     */
    public String deadline(Instant due) {
        return Days.at(due, zones.accountZone());
    }

}
