package io.keepwarm.lifecycle;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.RepEdits;
import io.keepwarm.lifecycle.internal.ReadinessStore;
import io.keepwarm.platform.AskAgain;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Readiness as data: the day a contact expects to be ready and why; on that day it surfaces to its owner. */
@Service
public class Readiness {

    /** A contact's readiness; surfacedAt is null until the date arrives in the contact's zone. */
    public record View(LocalDate readyOn, String reason, Instant surfacedAt) {}

    /** A contact whose ready date has arrived, for its owner's list. */
    public record ReadyContact(long contactId, Long ownerId, LocalDate readyOn, String reason, Instant surfacedAt) {

        public ReadyContact withoutReason() {
            return new ReadyContact(contactId, ownerId, readyOn, null, surfacedAt);
        }
    }

    static final int MAX_REASON = 500;
    private static final int BATCH = 1000;
    /** The stages after which nobody waits for a contact to be ready. */
    private static final java.util.Set<Stage> ENDS_WAITING = java.util.EnumSet.of(Stage.SQL, Stage.CUSTOMER,
            Stage.DISQUALIFIED);

    private final ReadinessStore store;
    private final Contacts contacts;
    private final AuditLog audit;
    private final Zones zones;
    private final RepEdits repEdits;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Readiness(ReadinessStore store, Contacts contacts, AuditLog audit, Zones zones, RepEdits repEdits,
            ApplicationEventPublisher events, Clock clock) {
        this.repEdits = repEdits;
        this.events = events;
        this.store = store;
        this.contacts = contacts;
        this.audit = audit;
        this.zones = zones;
        this.clock = clock;
    }

    /** The days these contacts said to be asked again on, by contact: those without one are left out. */
    public Map<Long, LocalDate> readyOn(Collection<Long> contactIds) {
        return contactIds.isEmpty() ? Map.of() : store.readyOn(contactIds);
    }

    public Optional<View> of(long contactId) {
        return store.find(contactId).map(r -> new View(r.readyOn(), r.reason(), r.surfacedAt()));
    }

    /** Sets the date as a person or an integration asks: a SALES caller only on a contact they may change. */
    @Transactional
    public View setByRequest(long contactId, LocalDate readyOn, String reason) {
        contacts.get(contactId);
        repEdits.checkMayChange(contactId);
        return set(contactId, readyOn, reason);
    }

    /** Clears the date as a person or an integration asks: a SALES caller only on a contact they may change. */
    @Transactional
    public void clearByRequest(long contactId) {
        contacts.get(contactId);
        repEdits.checkMayChange(contactId);
        clear(contactId);
    }

    /** Sets the expected-ready date (today or later in the contact's zone); a new date re-arms it. */
    @Transactional
    public View set(long contactId, LocalDate readyOn, String reason) {
        Contact contact = contacts.get(contactId);
        List<FieldError> errors = new ArrayList<>();
        if (readyOn == null) {
            errors.add(new FieldError("readyOn", "is required, as a date such as 2027-03-01"));
        } else {
            errors.addAll(check(contact, readyOn));
        }
        String clean = reason == null || reason.isBlank() ? null : reason.strip();
        if (clean != null && clean.length() > MAX_REASON) {
            errors.add(new FieldError("reason", "must have at most " + MAX_REASON + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The expected-ready date was not set; nothing was changed", errors);
        }
        store.set(contactId, readyOn, clean);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("readyOn", readyOn.toString());
        details.put("reason", clean);
        audit.record("READINESS_SET", "contact", contactId, details);
        events.publishEvent(new ReadyDateSet(contactId, readyOn,
                readyOn.atStartOfDay(zones.ofContact(contact.timeZone(), contact.country())).toInstant()));
        return of(contactId).orElseThrow();
    }

    /**
     * What is wrong with this date as the contact's expected-ready date, as {@link #set} would refuse it (none when
     * nothing): for a form that sets it with other things, so it can say every mistake at once.
     */
    public List<FieldError> check(long contactId, LocalDate readyOn) {
        return check(contacts.get(contactId), readyOn);
    }

    private List<FieldError> check(Contact contact, LocalDate readyOn) {
        ZoneId zone = zones.ofContact(contact.timeZone(), contact.country());
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        if (readyOn.isBefore(today)) {
            return List.of(new FieldError("readyOn", "must be today or later in the contact's time zone ("
                    + zone.getId() + "), not " + readyOn));
        }
        if (readyOn.isAfter(AskAgain.latest(today))) {
            return List.of(new FieldError("readyOn", "must be within two years, by " + AskAgain.latest(today)
                    + " at the latest, not " + readyOn));
        }
        return List.of();
    }

    @Transactional
    public void clear(long contactId) {
        contacts.get(contactId);
        if (store.clear(contactId)) {
            audit.record("READINESS_CLEARED", "contact", contactId, Map.of());
        }
    }

    /**
     * A contact sales took on (SQL), who bought (CUSTOMER) or who was disqualified waits to be ready no more: a date
     * left from a rejected hand-off or a "not now" call would otherwise surface them to their owner as ready months
     * later, or promise on their page a call that will never come.
     */
    @org.springframework.context.event.EventListener
    void on(ContactStagesChanged moved) {
        moved.changes().stream().filter(m -> ENDS_WAITING.contains(m.to())).forEach(m -> {
            if (store.clear(m.contactId())) {
                audit.record("READINESS_CLEARED", "contact", m.contactId(), Map.of("stage", m.to().name()));
            }
        });
    }

    /** Contacts whose ready date has arrived, of one owner or of all, in id order. */
    public Page<ReadyContact> ready(Long ownerId, String cursor, int limit) {
        List<ReadyContact> found = new ArrayList<>();
        long after = Cursor.decode(cursor);
        boolean more = true;
        while (found.size() <= limit && more) {
            List<ReadinessStore.Row> rows = store.surfaced(after, BATCH);
            more = rows.size() == BATCH;
            if (rows.isEmpty()) {
                break;
            }
            Map<Long, Long> owners = new HashMap<>();
            contacts.ownersAndZones(rows.stream().map(ReadinessStore.Row::contactId).toList())
                    .forEach(c -> owners.put(c.contactId(), c.ownerId()));
            for (ReadinessStore.Row row : rows) {
                Long owner = owners.get(row.contactId());
                if (found.size() <= limit && (ownerId == null || ownerId.equals(owner))) {
                    found.add(new ReadyContact(row.contactId(), owner, row.readyOn(), row.reason(), row.surfacedAt()));
                }
            }
            after = rows.getLast().contactId();
        }
        boolean next = found.size() > limit;
        List<ReadyContact> page = next ? found.subList(0, limit) : found;
        return new Page<>(List.copyOf(page), next ? Cursor.after(page.getLast().contactId()) : null);
    }
}
