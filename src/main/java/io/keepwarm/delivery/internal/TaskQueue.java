package io.keepwarm.delivery.internal;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.platform.CountryZones;
import io.keepwarm.platform.EveryClock;
import io.keepwarm.platform.Zones;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Builds a rep's queue, a page at a time: reads open tasks in queue order after where the last page ended, leaves out
 * the calls to contacts who may not be called, and (unless all are asked for) the calls outside calling hours in the
 * contact's own zone (of an unknown zone, on any clock of their country), until the page is full. A follow-up is no
 * call, and a hand-off of a contact who may not be called is decided without one: both stay, the latter flagged.
 */
@Component
public class TaskQueue {

    private static final int READ = 500;
    /** Read beyond a page's worth at first, for the few tasks a page leaves out (another list shows them). */
    private static final int SLACK = 60;
    /** How far ahead the clocks of a contact's country are looked at for a calling hour they share. */
    private static final Duration SHARED_HOURS_WITHIN = Duration.ofDays(3);
    /** Why a contact with phone do-not-contact may not be called, in words. */
    static final String DO_NOT_CONTACT = "do not contact by phone";
    /** Why a contact without a phone number may not be called, in words. */
    static final String NO_PHONE_NUMBER = "no phone number";
    /** Why a contact whose current number a call found wrong may not be called, in words. */
    static final String WRONG_NUMBER = "their number was found wrong";

    private final TaskStore store;
    private final Contacts contacts;
    private final AccountSettings account;

    TaskQueue(TaskStore store, Contacts contacts, AccountSettings account) {
        this.store = store;
        this.contacts = contacts;
        this.account = account;
    }

    public List<Tasks.QueueEntry> of(Long assigneeId, boolean all, int limit, Instant now) {
        return page(assigneeId, all, QueueCursor.first(now), limit, now, e -> true);
    }

    /**
     * Up to {@code limit} entries of the queue after the cursor's position, in queue order as of the cursor's moment,
     * those {@code keep} refuses left out. Tasks are read a page's worth at a time after the last one read, so that a
     * page deep in the queue does not read the tasks before it; only a queue whose calls wait for calling hours (left
     * out unless all are asked for) reads on until the page is full.
     */
    public List<Tasks.QueueEntry> page(Long assigneeId, boolean all, QueueCursor cursor, int limit, Instant now,
            Predicate<Tasks.QueueEntry> keep) {
        // The calling hours as they are now, read once for the whole queue: an admin may change them while it runs.
        AccountSettings.Settings hours = account.current();
        List<Tasks.QueueEntry> found = new ArrayList<>();
        QueuePosition after = cursor.after();
        int read = Math.min(READ, limit + SLACK);
        while (found.size() < limit) {
            List<Task> tasks = store.open(assigneeId, all ? null : now, cursor.at(), after, read);
            Map<Long, Contact> people = contacts.getAll(tasks.stream().map(Task::contactId).distinct().toList());
            Set<Long> notCalled = whyNotCalled(people.values()).keySet();
            for (Task task : tasks) {
                Contact contact = people.get(task.contactId());
                if (contact == null || found.size() >= limit) {
                    continue;
                }
                boolean doNotCall = notCalled.contains(contact.id());
                if (doNotCall && task.kind().onlyACall()) {
                    continue;
                }
                Tasks.QueueEntry entry = entry(task, contact, doNotCall, now, hours);
                boolean waitsForCallingHours = task.kind().call() && !doNotCall && !entry.callableNow();
                if ((all || !waitsForCallingHours) && keep.test(entry)) {
                    found.add(entry);
                }
            }
            if (tasks.size() < read) {
                break;
            }
            after = QueuePosition.of(tasks.getLast(), cursor.at());
            read = READ;
        }
        return found;
    }

    /** Why the contact may not be called (the reasons the queue leaves their calls out for); empty when they may. */
    public Optional<String> whyNotCalled(Contact contact) {
        return Optional.ofNullable(whyNotCalled(List.of(contact)).get(contact.id()));
    }

    /**
     * Of these contacts, those who may not be called, each with why in words: phone do-not-contact, phone consent
     * withdrawn, no phone number, their current number found wrong (one read of the wrong numbers for them all).
     */
    public Map<Long, String> whyNotCalled(Collection<Contact> people) {
        Map<Long, String> phones = new HashMap<>();
        people.stream().filter(TaskQueue::hasPhone).forEach(c -> phones.put(c.id(), c.phone()));
        Set<Long> wrong = phones.isEmpty() ? Set.of() : store.wrongNumbers(phones);
        Map<Long, String> why = new HashMap<>();
        for (Contact contact : people) {
            if (contact.doNotContact().contains(Channel.PHONE)) {
                why.put(contact.id(), DO_NOT_CONTACT);
            } else if (contact.consent().get(Channel.PHONE) == ConsentState.WITHDRAWN) {
                why.put(contact.id(), "phone consent withdrawn");
            } else if (!hasPhone(contact)) {
                why.put(contact.id(), NO_PHONE_NUMBER);
            } else if (wrong.contains(contact.id())) {
                why.put(contact.id(), WRONG_NUMBER);
            }
        }
        return why;
    }

    private static boolean hasPhone(Contact contact) {
        return contact.phone() != null && !contact.phone().isBlank();
    }

    /** One task as the queue shows it. */
    public Tasks.QueueEntry entry(Task task, Contact contact, Instant now) {
        return entry(task, contact, whyNotCalled(contact).isPresent(), now, account.current());
    }

    /**
     * The entry with the contact's clock. A contact whose zone is unknown may keep any clock of their country: they are
     * callable when calling hours hold on every one of them at once (in the United States from 13:00 US Eastern in
     * winter, when Honolulu reaches 08:00, until 20:00, when Puerto Rico reaches 21:00), as the pressure policy takes
     * an unknown zone; of a country whose clocks never share a calling hour, or of no country whose clocks Keepwarm
     * knows (anywhere from UTC-12 to UTC+14), never, and left for a person to fix the zone.
     */
    private static Tasks.QueueEntry entry(Task task, Contact contact, boolean doNotCall, Instant now,
            AccountSettings.Settings hours) {
        Optional<ZoneId> zone = Zones.known(contact.timeZone());
        // A task not due yet (a call-back booked for September) opens at its due time, or the first calling hour after.
        Instant due = task.dueAt() != null && task.dueAt().isAfter(now) ? task.dueAt() : now;
        Instant from = firstCallingMoment(due, zone, contact.country(), hours);
        boolean callable = now.equals(from);
        return new Tasks.QueueEntry(task, new Tasks.Callee(contact.id(), contact.name(), contact.phone(),
                contact.timeZone(), contact.country(),
                zone.map(z -> now.atZone(z).toLocalDateTime().withNano(0)).orElse(null)),
                callable, callable ? null : from, doNotCall);
    }

    /**
     * The first moment at or after this one within calling hours for a contact of this zone (empty or unknown: on every
     * clock of their country at once): this one when it is within them; empty when no moment is.
     */
    public Optional<Instant> firstCallingMoment(Instant at, String timeZone, String country) {
        return Optional.ofNullable(firstCallingMoment(at, Zones.known(timeZone), country, account.current()));
    }

    /** Calling hours as a person reads them ("08:00–21:00"). */
    public String callingHours() {
        return account.current().callingHours();
    }

    /**
     * The first calling moment at or after {@code at}: in the zone when it is known; else on every clock of the country
     * at once, as long as they share a calling hour within a couple of days (they share one every day, if ever); null
     * when they do not, or Keepwarm knows no clocks of the country.
     */
    private static Instant firstCallingMoment(Instant at, Optional<ZoneId> zone, String country,
            AccountSettings.Settings hours) {
        if (zone.isPresent()) {
            return firstCallingMoment(at.atZone(zone.get()), hours);
        }
        Set<ZoneId> clocks = CountryZones.clocksOf(country);
        return clocks.isEmpty() ? null : EveryClock.first(clocks, at, at.plus(SHARED_HOURS_WITHIN),
                (clock, t) -> firstCallingMoment(t.atZone(clock), hours));
    }

    private static Instant firstCallingMoment(ZonedDateTime at, AccountSettings.Settings hours) {
        LocalTime time = at.toLocalTime();
        if (hours.callable(time)) {
            return at.toInstant();
        }
        return (time.isBefore(hours.callingFrom()) ? at.toLocalDate() : at.toLocalDate().plusDays(1))
                .atTime(hours.callingFrom()).atZone(at.getZone()).toInstant();
    }

}
