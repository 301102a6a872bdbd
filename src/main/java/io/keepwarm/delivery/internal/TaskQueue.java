package io.keepwarm.delivery.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.Tasks;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Builds a rep's queue: reads open tasks in queue order a few hundred at a time, leaves out contacts who may not be
 * called, and (unless all are asked for) those outside calling hours in their own zone, until the page is full.
 */
@Component
public class TaskQueue {

    private static final int READ = 500;

    private final TaskStore store;
    private final Contacts contacts;
    private final TaskSettings settings;

    TaskQueue(TaskStore store, Contacts contacts, TaskSettings settings) {
        this.store = store;
        this.contacts = contacts;
        this.settings = settings;
    }

    public List<Tasks.QueueEntry> of(Long assigneeId, boolean all, int limit, Instant now) {
        List<Tasks.QueueEntry> found = new ArrayList<>();
        for (int offset = 0; found.size() < limit; offset += READ) {
            List<Task> tasks = store.open(assigneeId, all ? null : now, offset, READ);
            Map<Long, Contact> people = contacts.getAll(tasks.stream().map(Task::contactId).distinct().toList());
            Map<Long, String> phones = new HashMap<>();
            people.values().stream().filter(c -> c.phone() != null).forEach(c -> phones.put(c.id(), c.phone()));
            Set<Long> wrong = store.wrongNumbers(phones);
            for (Task task : tasks) {
                Contact contact = people.get(task.contactId());
                if (contact != null && mayCall(contact) && !wrong.contains(contact.id()) && found.size() < limit) {
                    Tasks.QueueEntry entry = entry(task, contact, now);
                    if (all || entry.callableNow()) {
                        found.add(entry);
                    }
                }
            }
            if (tasks.size() < READ) {
                break;
            }
        }
        return found;
    }

    /** Phone do-not-contact and withdrawn phone consent each keep a contact out of every queue. */
    private static boolean mayCall(Contact contact) {
        return !contact.doNotContact().contains(Channel.PHONE)
                && contact.consent().get(Channel.PHONE) != ConsentState.WITHDRAWN;
    }

    private Tasks.QueueEntry entry(Task task, Contact contact, Instant now) {
        ZonedDateTime local = now.atZone(zoneOf(contact.timeZone()));
        LocalTime time = local.toLocalTime();
        boolean callable = !time.isBefore(settings.callingFrom()) && time.isBefore(settings.callingUntil());
        Instant from = callable ? null
                : (time.isBefore(settings.callingFrom()) ? local.toLocalDate() : local.toLocalDate().plusDays(1))
                        .atTime(settings.callingFrom()).atZone(local.getZone()).toInstant();
        return new Tasks.QueueEntry(task, new Tasks.Callee(contact.id(), name(contact), contact.phone(),
                contact.timeZone(), local.toLocalDateTime().withNano(0)), callable, from);
    }

    private static String name(Contact contact) {
        String name = ((contact.firstName() == null ? "" : contact.firstName()) + " "
                + (contact.lastName() == null ? "" : contact.lastName())).strip();
        return name.isEmpty() ? contact.email() : name;
    }

    /** The contact's zone; an unreadable one (the contact module checks them) counts as UTC. */
    public static ZoneId zoneOf(String zone) {
        try {
            return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
