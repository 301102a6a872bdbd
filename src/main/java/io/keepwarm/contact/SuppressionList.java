package io.keepwarm.contact;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.internal.ContactValidator;
import io.keepwarm.contact.internal.Suppressions;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The suppression list as an admin sees and keeps it: addresses Keepwarm never mails (a spam complaint, an address an
 * admin put there by hand, an erased person's). The sender reads the same hashes ({@link Suppressions}), so an entry
 * added here holds the next send to that address, a contact's now or one created later, and lifting one lets it go.
 * An erased person's entry is a bare hash: it shows nothing about them and can never be lifted.
 */
@Service
public class SuppressionList {

    public static final String COMPLAINT = "COMPLAINT";
    public static final String MANUAL = "MANUAL";
    public static final String ERASED = "ERASED";

    /**
     * One entry.
     *
     * @param email the address, or null where Keepwarm no longer knows it (an erased person's, or an entry older than
     *     the list's addresses)
     * @param reason COMPLAINT, MANUAL or ERASED
     * @param addedBy who put it there (a user, an API key, "system" for a provider's report); null before it was kept
     * @param contactId the contact who has the address now, if any
     * @param liftable false for an erased person's entry, which stays for good
     */
    public record Entry(long id, String email, String reason, Instant addedAt, String addedBy, String note,
            Long contactId, boolean liftable) {}

    private static final String SELECT = """
            SELECT s.id, s.email, s.reason, s.created_at, s.created_by, s.note,
                   (SELECT MIN(c.id) FROM contacts c WHERE c.email = s.email) AS contact_id
              FROM suppressions s""";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SuppressionList(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** The entries in the order they were added, a page at a time, as the other lists page. */
    public Page<Entry> page(String cursor, int limit) {
        return Page.of(jdbc.sql(SELECT + " WHERE s.id > ? ORDER BY s.id FETCH FIRST ? ROWS ONLY")
                .params(Cursor.decode(cursor), limit + 1).query(SuppressionList::entry).list(), limit, Entry::id);
    }

    /** The entries newest first, a page at a time: what the settings page shows an admin. */
    public Page<Entry> newestFirst(String cursor, int limit) {
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : Cursor.decode(cursor);
        return Page.of(jdbc.sql(SELECT + " WHERE s.id < ? ORDER BY s.id DESC FETCH FIRST ? ROWS ONLY")
                .params(before, limit + 1).query(SuppressionList::entry).list(), limit, Entry::id);
    }

    public Entry get(long id) {
        return find(id).orElseThrow(() -> NotFoundException.of("Suppression list entry", id));
    }

    private Optional<Entry> find(long id) {
        return jdbc.sql(SELECT + " WHERE s.id = ?").param(id).query(SuppressionList::entry).optional();
    }

    /**
     * Puts an address on the list by hand (a legal request from someone not yet a contact, a competitor): the next
     * email to it is withheld as suppressed, and no contact, import or form can take the address on.
     */
    @Transactional
    public Entry add(String rawEmail, String note) {
        List<FieldError> errors = new ArrayList<>();
        String email = ContactValidator.email(rawEmail, errors);
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (cleanNote != null && cleanNote.length() > 500) {
            errors.add(new FieldError("note", "is longer than 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.getFirst().field() + ": " + errors.getFirst().message(), errors);
        }
        String hash = Suppressions.hash(email);
        Optional<Entry> existing = jdbc.sql(SELECT + " WHERE s.email_hash = ?").param(hash)
                .query(SuppressionList::entry).optional();
        if (existing.isPresent()) {
            throw alreadyListed(email, existing.get());
        }
        try {
            jdbc.sql("""
                    INSERT INTO suppressions (email_hash, email, reason, created_at, created_by, note)
                    VALUES (?, ?, 'MANUAL', ?, ?, ?)""")
                    .params(hash, email, Timestamps.now(clock), Actors.current(), cleanNote)
                    .update();
        } catch (org.springframework.dao.DuplicateKeyException sameMoment) {
            // Put there by another request (a complaint, an erasure, another admin) since the read above.
            throw new ConflictException(email + " was put on the suppression list by someone else just now: it stays"
                    + " there; reload the list to see the entry.");
        }
        Entry added = jdbc.sql(SELECT + " WHERE s.email_hash = ?").param(hash).query(SuppressionList::entry).single();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", email);
        if (cleanNote != null) {
            details.put("note", cleanNote);
        }
        audit.record("SUPPRESSION_ADDED", "suppression", added.id(), details);
        if (added.contactId() != null) {
            audit.record("CONTACT_SUPPRESSED", "contact", added.contactId(), Map.of("reason", MANUAL));
            events.publishEvent(ContactsChanged.of(added.contactId()));
        }
        return added;
    }

    /**
     * Puts an address a provider reported a spam complaint about on the list, whether or not a contact has it: a
     * later import or form that brings the address in must not mail it. An address not valid as an email, or already
     * listed, changes nothing. True when it was added.
     */
    @Transactional
    public boolean addComplaint(String rawEmail, String source) {
        List<FieldError> errors = new ArrayList<>();
        String email = ContactValidator.email(rawEmail, errors);
        if (!errors.isEmpty() || email == null) {
            return false;
        }
        String hash = Suppressions.hash(email);
        int added = jdbc.sql("""
                INSERT INTO suppressions (email_hash, email, reason, created_at, created_by, note)
                VALUES (?, ?, 'COMPLAINT', ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(hash, email, Timestamps.now(clock), Actors.current(), "spam complaint via " + source)
                .update();
        if (added > 0) {
            long id = jdbc.sql("SELECT id FROM suppressions WHERE email_hash = ?").param(hash).query(Long.class).single();
            audit.record("SUPPRESSION_ADDED", "suppression", id, Map.of("address", email, "reason", COMPLAINT));
        }
        return added > 0;
    }

    private static ConflictException alreadyListed(String email, Entry entry) {
        // An erased person's entry is not named: which address was erased, and when, is not to be read back.
        if (!entry.liftable()) {
            return new ConflictException(email + " is already on the suppression list, for good.");
        }
        return new ConflictException(email + " is already on the suppression list (entry " + entry.id() + ", "
                + because(entry.reason()) + " on " + entry.addedAt().toString().substring(0, 10) + ").",
                Map.of("existingId", entry.id()));
    }

    private static String because(String reason) {
        return switch (reason) {
            case COMPLAINT -> "a spam complaint";
            case MANUAL -> "added by hand";
            default -> reason.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    /**
     * Takes an entry off the list: the next email to the address goes again, as the pressure policy and consent
     * allow. An erased person's entry cannot be lifted.
     */
    @Transactional
    public void lift(long id) {
        Entry entry = get(id);
        if (!entry.liftable()) {
            throw new ConflictException("Entry " + id + " is an erased person's address and stays on the suppression"
                    + " list for good: erasure keeps only its hash so that no import, form or edit brings the person"
                    + " back, and nobody can take it off.", Map.of("reason", ERASED));
        }
        jdbc.sql("DELETE FROM suppressions WHERE id = ?").param(id).update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", entry.email() == null ? "an address kept only as a hash" : entry.email());
        details.put("reason", because(entry.reason()));
        audit.record("SUPPRESSION_LIFTED", "suppression", id, details);
        if (entry.contactId() != null) {
            audit.record("CONTACT_UNSUPPRESSED", "contact", entry.contactId(), Map.of("reason", "lifted by an admin"));
            events.publishEvent(ContactsChanged.of(entry.contactId()));
        }
    }

    /**
     * An erased person's address: its entry becomes a bare hash (a complaint's or a hand-made entry forgets the address,
     * its note and what the log said of it), and one is made where there was none.
     */
    void erased(String normalisedEmail) {
        String hash = Suppressions.hash(normalisedEmail);
        Optional<Long> id = jdbc.sql("SELECT id FROM suppressions WHERE email_hash = ?").param(hash).query(Long.class)
                .optional();
        if (id.isPresent()) {
            jdbc.sql("UPDATE suppressions SET reason = 'ERASED', email = NULL, note = NULL WHERE id = ?")
                    .param(id.get()).update();
            audit.redact("suppression", id.get());
        } else {
            jdbc.sql("INSERT INTO suppressions (email_hash, reason, created_at, created_by) VALUES (?, 'ERASED', ?, ?)")
                    .params(hash, Timestamps.now(clock), Actors.current())
                    .update();
        }
    }

    private static Entry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String reason = rs.getString("reason");
        boolean erased = ERASED.equals(reason);
        long contactId = rs.getLong("contact_id");
        Long contact = rs.wasNull() || erased ? null : contactId;
        return new Entry(rs.getLong("id"), erased ? null : rs.getString("email"), reason,
                Timestamps.read(rs, "created_at"), rs.getString("created_by"), erased ? null : rs.getString("note"),
                contact, !erased);
    }
}
