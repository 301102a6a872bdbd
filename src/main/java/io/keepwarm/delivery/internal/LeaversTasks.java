package io.keepwarm.delivery.internal;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
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
 * A disabled user's open tasks go where someone reads them, in the transaction that disabled them: each to its
 * contact's owner while the owner may still work, else to nobody, where anyone
 * may take them (My day's "Tasks nobody has"). A call-back the leaver
 * booked goes too: the promise was made to the contact, and the leaver can no longer keep it.
 */
@Component
class LeaversTasks {

    private final TaskStore store;
    private final Contacts contacts;
    private final Users users;
    private final AuditLog audit;

    LeaversTasks(TaskStore store, Contacts contacts, Users users, AuditLog audit) {
        this.store = store;
        this.contacts = contacts;
        this.users = users;
        this.audit = audit;
    }

    @EventListener
    void on(UserDisabled disabled) {
        Map<Long, Long> open = store.openOf(disabled.userId());
        if (open.isEmpty()) {
            return;
        }
        Map<Long, Contact> found = contacts.getAll(open.values().stream().distinct().toList());
        Map<Long, Optional<Long>> takers = new HashMap<>();
        Map<Long, List<Long>> byTaker = new LinkedHashMap<>();
        open.forEach((taskId, contactId) -> {
            Long owner = Optional.ofNullable(found.get(contactId)).map(Contact::ownerId).orElse(null);
            Long taker = owner == null || owner == disabled.userId() ? null
                    : takers.computeIfAbsent(owner, o -> users.findEnabled(o).map(User::id)).orElse(null);
            byTaker.computeIfAbsent(taker, t -> new ArrayList<>()).add(taskId);
        });
        Map<String, Object> moved = new LinkedHashMap<>();
        byTaker.forEach((taker, ids) -> {
            store.reassign(ids, taker);
            moved.put(Objects.toString(taker, "nobody"), ids.size());
        });
        audit.record("TASKS_HANDED_OVER", "user", disabled.userId(), moved);
    }
}
