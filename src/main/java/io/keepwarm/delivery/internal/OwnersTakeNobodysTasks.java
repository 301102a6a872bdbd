package io.keepwarm.delivery.internal;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact's tasks nobody has (a trigger's, made while the contact had no owner) go to the owner the contact gets,
 * in the transaction of the change: they were nobody's for want of one, and left there another rep could take them
 * from the owner's contact. A disabled owner takes none (a leaver's tasks stay where anyone may take them).
 */
@Component
class OwnersTakeNobodysTasks {

    private final TaskStore store;
    private final Contacts contacts;
    private final Users users;
    private final AuditLog audit;

    OwnersTakeNobodysTasks(TaskStore store, Contacts contacts, Users users, AuditLog audit) {
        this.store = store;
        this.contacts = contacts;
        this.users = users;
        this.audit = audit;
    }

    @EventListener
    void on(ContactsChanged changed) {
        // The usual change concerns no such task: one read of the tasks' contact index, and done.
        Map<Long, Long> nobodys = store.nobodysOf(changed.contactIds());
        if (nobodys.isEmpty()) {
            return;
        }
        Map<Long, Long> owners = new HashMap<>();
        contacts.ownersAndZones(nobodys.values().stream().distinct().toList()).forEach(c -> {
            if (c.ownerId() != null) {
                owners.put(c.contactId(), c.ownerId());
            }
        });
        Map<Long, Optional<Long>> enabled = new HashMap<>();
        Map<Long, List<Long>> byOwner = new LinkedHashMap<>();
        nobodys.forEach((taskId, contactId) -> {
            Long owner = owners.get(contactId);
            if (owner != null && enabled.computeIfAbsent(owner, o -> users.findEnabled(o).map(User::id)).isPresent()) {
                byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(taskId);
            }
        });
        byOwner.forEach((owner, taskIds) -> {
            store.reassign(taskIds, owner);
            audit.record("TASKS_TO_NEW_OWNER", "user", owner, Map.of("taskIds", taskIds));
        });
    }
}
