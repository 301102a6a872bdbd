package io.keepwarm.delivery.internal;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.contact.OwnersChanged;
import io.keepwarm.identity.User;
import io.keepwarm.identity.UserDisabled;
import io.keepwarm.identity.Users;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Open tasks follow the contact's owner where the one they had cannot work them, in the transaction of the change:
 * <ul>
 *   <li>A disabled user's go each to its contact's owner while the owner may still work, else to nobody, where anyone
 *   may take them (My day's "Tasks nobody has"). A call-back the leaver booked goes too: the promise was made to the
 *   contact, and the leaver can no longer keep it.</li>
 *   <li>A contact's tasks nobody has (a trigger's, made while the contact had no owner) go to the owner the contact
 *   gets: left nobody's, another rep could take them from the owner's contact. A disabled owner takes none.</li>
 *   <li>A contact given another owner (by hand, the API, an import, rep choice) gives them the open tasks its programs
 *   made for the owner before: the program's calls are the owner's work, and left with the one before, the new owner
 *   would never see them. A task a person gave someone else, a call-back a rep booked and a trigger's or a person's
 *   follow-up stay where they are, as does everything when the owner is removed.</li>
 * </ul>
 */
@Component
class TasksFollowOwners {

    private final TaskStore store;
    private final Contacts contacts;
    private final Users users;
    private final AuditLog audit;

    TasksFollowOwners(TaskStore store, Contacts contacts, Users users, AuditLog audit) {
        this.store = store;
        this.contacts = contacts;
        this.users = users;
        this.audit = audit;
    }

    @EventListener
    void on(UserDisabled disabled) {
        Map<Long, List<Long>> byTaker = byTaker(store.openOf(disabled.userId()), disabled.userId());
        if (byTaker.isEmpty()) {
            return;
        }
        Map<String, Object> moved = new LinkedHashMap<>();
        byTaker.forEach((taker, ids) -> {
            store.reassign(ids, taker);
            moved.put(Objects.toString(taker, "nobody"), ids.size());
        });
        audit.record("TASKS_HANDED_OVER", "user", disabled.userId(), moved);
    }

    @EventListener
    void on(ContactsChanged changed) {
        // The usual change concerns no such task: one read of the tasks' contact index, and done.
        Map<Long, Long> nobodys = store.nobodysOf(changed.contactIds());
        if (nobodys.isEmpty()) {
            return;
        }
        byTaker(nobodys, null).forEach((owner, taskIds) -> {
            if (owner != null) {
                store.reassign(taskIds, owner);
                audit.record("TASKS_TO_NEW_OWNER", "user", owner, Map.of("taskIds", taskIds));
            }
        });
    }

    @EventListener
    void on(OwnersChanged changed) {
        for (OwnersChanged.Change change : changed.changes()) {
            if (change.previousOwnerId() != null && change.ownerId() != null) {
                store.reassignProgramTasks(change.contactId(), change.previousOwnerId(), change.ownerId());
            }
        }
    }

    /**
     * These tasks (by id: each one's contact) grouped by who takes them: the contact's owner while they may work,
     * else nobody (null); never {@code leaver}.
     */
    private Map<Long, List<Long>> byTaker(Map<Long, Long> contactOfTask, Long leaver) {
        Map<Long, Long> owners = new HashMap<>();
        contacts.ownersAndZones(contactOfTask.values().stream().distinct().toList()).forEach(c -> {
            if (c.ownerId() != null) {
                owners.put(c.contactId(), c.ownerId());
            }
        });
        Map<Long, Optional<Long>> enabled = new HashMap<>();
        Map<Long, List<Long>> byTaker = new LinkedHashMap<>();
        contactOfTask.forEach((taskId, contactId) -> {
            Long owner = owners.get(contactId);
            Long taker = owner == null || owner.equals(leaver) ? null
                    : enabled.computeIfAbsent(owner, o -> users.findEnabled(o).map(User::id)).orElse(null);
            byTaker.computeIfAbsent(taker, t -> new ArrayList<>()).add(taskId);
        });
        return byTaker;
    }
}
