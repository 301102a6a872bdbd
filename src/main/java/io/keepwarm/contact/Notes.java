package io.keepwarm.contact;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Free-text notes on a contact: the customer cues a rep picks up on a call. */
@Service
public class Notes {

    /** One note. */
    public record Note(long id, long contactId, String author, Instant createdAt, String body) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Notes(JdbcClient jdbc, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    public List<Note> list(long contactId) {
        ContactChecks.exists(jdbc, contactId);
        return jdbc.sql("SELECT id, contact_id, author, created_at, body FROM contact_notes WHERE contact_id = ? ORDER BY id DESC")
                .param(contactId)
                .query(Note.class)
                .list();
    }

    /** The contact's notes newest first, a page at a time. */
    public Page<Note> page(long contactId, String cursor, int limit) {
        ContactChecks.exists(jdbc, contactId);
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : Cursor.decode(cursor);
        return Page.of(jdbc.sql("""
                        SELECT id, contact_id, author, created_at, body FROM contact_notes
                         WHERE contact_id = :contact AND id < :before ORDER BY id DESC FETCH FIRST :limit ROWS ONLY""")
                .param("contact", contactId).param("before", before).param("limit", limit + 1)
                .query(Note.class)
                .list(), limit, Note::id);
    }

    /** One note of the contact; a note of another contact is not found here. */
    public Note get(long contactId, long noteId) {
        ContactChecks.exists(jdbc, contactId);
        return jdbc.sql("SELECT id, contact_id, author, created_at, body FROM contact_notes WHERE contact_id = ? AND id = ?")
                .params(contactId, noteId)
                .query(Note.class)
                .optional()
                .orElseThrow(() -> NotFoundException.of("Note", noteId + " of contact " + contactId));
    }

    @Transactional
    public Note add(long contactId, String body) {
        ContactChecks.exists(jdbc, contactId);
        if (body == null || body.isBlank() || body.length() > 10_000) {
            throw InvalidInputException.field("body", "must hold 1 to 10000 characters");
        }
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO contact_notes (contact_id, author, created_at, body) VALUES (?, ?, ?, ?)")
                .params(contactId, Actors.current(), Timestamps.of(now), body.strip())
                .update();
        Note note = jdbc.sql("SELECT id, contact_id, author, created_at, body FROM contact_notes WHERE contact_id = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .param(contactId)
                .query(Note.class)
                .single();
        audit.record("NOTE_ADDED", "contact", contactId, Map.of("noteId", note.id()));
        events.publishEvent(new NoteAdded(contactId, note.id(), note.body()));
        return note;
    }
}
