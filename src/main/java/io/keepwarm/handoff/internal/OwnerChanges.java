package io.keepwarm.handoff.internal;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ForbiddenException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The lead goes with the contact: a person who makes another rep the owner of a contact with an open hand-off (the
 * API, the contact page, an import) gives that rep the hand-off, with its HANDOFF task, a fresh deadline and an alert
 * to both, as reassigning it would. Before, the hand-off stayed with the first rep, who could still accept a contact
 * that was no longer theirs. An owner who is away has the lead held for them as rep choice holds an away owner's when
 * the lead comes: by a rep of their team first, else of the territory, else in turn (the rep who has it, when rep
 * choice picks them or nobody else is here), while the contact stays theirs; before, the first rep kept it, and
 * accepting it took the contact back from the owner a person had just chosen. An owner who takes no leads at all
 * (disabled, not SALES: no person can choose one) leaves it where it is. A rep who stands in for an owner who is away
 * (or let the lead lapse) holds the lead while the contact stays the owner's: only a change of that owner moves it,
 * not any other edit of the contact (a consent, a tag, the owner back). Runs in the transaction of the change.
 */
@Component
class OwnerChanges {

    private final HandoffStore store;
    private final Assignment assignment;
    private final Contacts contacts;
    private final Users users;
    private final AuditLog audit;
    private final Clock clock;

    OwnerChanges(HandoffStore store, Assignment assignment, Contacts contacts, Users users, AuditLog audit,
            Clock clock) {
        this.store = store;
        this.assignment = assignment;
        this.contacts = contacts;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** Set while rep choice itself makes the chosen rep the owner, in whoever's request opened the hand-off. */
    private static final ThreadLocal<Boolean> ASSIGNING = ThreadLocal.withInitial(() -> false);

    /** Runs a change of owner that rep choice makes: no person's right to move a lead is asked. */
    static void assigning(Runnable change) {
        // Rep choice can run again inside the change (a listener reassigning): the outer one keeps its flag.
        boolean outer = ASSIGNING.get();
        ASSIGNING.set(true);
        try {
            change.run();
        } finally {
            if (!outer) {
                ASSIGNING.remove();
            }
        }
    }

    @EventListener
    void on(ContactsChanged changed) {
        // The usual change concerns no open hand-off: one read of the index on open hand-offs, and done.
        Map<Long, HandoffStore.Open> open = new LinkedHashMap<>();
        store.openOf(changed.contactIds()).forEach((contactId, handoff) -> {
            if (handoff.repId() != null) {
                open.put(contactId, handoff);
            }
        });
        if (open.isEmpty()) {
            return;
        }
        Map<Long, Contact> found = contacts.getAll(List.copyOf(open.keySet()));
        open.forEach((contactId, handoff) -> {
            Contact contact = found.get(contactId);
            Long owner = contact == null ? null : contact.ownerId();
            if (owner == null || owner.equals(handoff.standInFor())) {
                // The owner a stand-in holds the lead for, unchanged: an edit of the contact, no change of owner.
                return;
            }
            if (owner.equals(handoff.repId())) {
                if (handoff.standInFor() != null) {
                    store.standInEnded(handoff.handoffId());
                }
            } else if (takesLeads(owner)) {
                mayMove(contactId, handoff.repId());
                follow(handoff.handoffId(), handoff.repId(), owner, Assignment.Handover.OWNER_CHANGED);
            } else if (isAway(owner)) {
                mayMove(contactId, handoff.repId());
                follow(handoff.handoffId(), handoff.repId(), owner, Assignment.Handover.OWNER_AWAY);
            }
        });
    }

    /**
     * Moving the lead is reassigning it: a SALES user may do it only as the rep's manager, or a rep could take a
     * colleague's lead (or pass their own on) by making someone its owner. Thrown in the change's transaction, the
     * owner stays as it was.
     */
    private void mayMove(long contactId, long repId) {
        if (ASSIGNING.get()) {
            return;
        }
        Caller caller = users.caller();
        if (caller.role() == Role.SALES && !caller.manages(users.find(repId).orElse(null))) {
            throw new ForbiddenException("Contact " + contactId + " has an open hand-off with its rep; a new owner"
                    + " takes it over, so the owner is changed by that rep's manager, a marketer or an admin");
        }
    }

    private boolean takesLeads(long userId) {
        return users.find(userId).filter(u -> u.role() == Role.SALES && u.enabled() && !u.away()).isPresent();
    }

    private boolean isAway(long userId) {
        return users.find(userId).filter(u -> u.role() == Role.SALES && u.enabled() && u.away()).isPresent();
    }

    /**
     * Gives the lead to the new owner, or (OWNER_AWAY) to whoever rep choice finds to hold it for them; the audit log
     * says to whom, and for whom they hold it.
     */
    private void follow(long handoffId, long from, long owner, Assignment.Handover why) {
        Instant now = clock.instant();
        store.findForUpdate(handoffId, now).filter(h -> Objects.equals(h.repId(), from)).ifPresent(handoff -> {
            Caller caller = users.caller();
            User user = caller.user();
            String by = user == null ? users.shown(Actors.current()) : user.displayName();
            boolean away = why == Assignment.Handover.OWNER_AWAY;
            assignment.reassign(handoff, away ? null : owner, why, by, user == null ? null : user.id(), now)
                    .ifPresent(to -> {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("handoffId", handoff.id());
                        details.put("from", from);
                        details.put("to", to);
                        details.put("why", away ? "owner changed to a rep who is away" : "owner changed");
                        if (away) {
                            details.put("standInFor", owner);
                        }
                        audit.record("HANDOFF_REASSIGNED", "contact", handoff.contactId(), details);
                    });
        });
    }
}
