package io.keepwarm.contact;

import org.springframework.context.ApplicationEventPublisher;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.internal.ContactValidator;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tags on contacts: free labels such as 'trade-show-2026' or 'hpc', and the contact's own choices in the preference
 * centre ({@link #TOPIC_TAG}, {@link #ONLY_WEBINARS_TAG}), which the engine honours.
 */
@Service
public class Tags {

    /** Tags carrying a topic the contact chose in the preference centre start with this: "topic:hpc". */
    public static final String TOPIC_TAG = "topic:";
    /** The tag of the contact's choice, in the preference centre, of webinar invitations only. */
    public static final String ONLY_WEBINARS_TAG = "only-webinars";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    private final RepEdits repEdits;

    Tags(JdbcClient jdbc, AuditLog audit, Clock clock, ApplicationEventPublisher events, RepEdits repEdits) {
        this.repEdits = repEdits;
        this.events = events;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public List<String> list(long contactId) {
        ContactChecks.exists(jdbc, contactId);
        return jdbc.sql("SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag").param(contactId).query(String.class).list();
    }

    /** The contact's tags in alphabetical order, a page at a time. */
    public Page<String> page(long contactId, String cursor, int limit) {
        ContactChecks.exists(jdbc, contactId);
        return Page.ofKeys(jdbc.sql("SELECT tag FROM contact_tags WHERE contact_id = ? AND tag > ? ORDER BY tag FETCH FIRST ? ROWS ONLY")
                .params(contactId, Cursor.decodeKey(cursor), limit + 1).query(String.class).list(), limit, tag -> tag);
    }

    /** The tags of each of these contacts that has any, a few statements for a whole batch. */
    public Map<Long, List<String>> ofAll(java.util.Collection<Long> contactIds) {
        Map<Long, List<String>> found = new java.util.HashMap<>();
        for (var chunk : io.keepwarm.platform.Chunks.of(List.copyOf(contactIds), 1000)) {
            jdbc.sql("SELECT contact_id, tag FROM contact_tags WHERE contact_id IN (:ids) ORDER BY tag")
                    .param("ids", chunk)
                    .query(rs -> {
                        found.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2));
                    });
        }
        return found;
    }

    /** Adds the tags as the system does (the preference centre, a program's step, a trigger's action). */
    @Transactional
    public List<String> add(long contactId, List<String> tags) {
        return add(contactId, tags, false);
    }

    /**
     * Adds the tags as a person or an integration asks: a SALES caller only on a contact they may change, and not a
     * choice the contact makes in the preference centre (see {@link RepEdits}); one the contact already has is no
     * change and passes.
     */
    @Transactional
    public List<String> addByRequest(long contactId, List<String> tags) {
        repEdits.checkMayChange(contactId);
        return add(contactId, tags, true);
    }

    private List<String> add(long contactId, List<String> tags, boolean byRequest) {
        ContactChecks.exists(jdbc, contactId);
        List<FieldError> errors = new ArrayList<>();
        List<String> clean = new ArrayList<>();
        for (String tag : tags) {
            String value = ContactValidator.text("tags", tag, 60, errors);
            if (value == null && errors.isEmpty()) {
                errors.add(new FieldError("tags", "must not be blank"));
            }
            if (value != null) {
                clean.add(ContactValidator.tag(value));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("A tag breaks rules; no tag was added", errors);
        }
        List<String> current = list(contactId);
        Set<String> seen = new TreeSet<>(current);
        List<String> added = clean.stream().filter(seen::add).toList();
        if (byRequest) {
            repEdits.mayAddTags(contactId, added);
        }
        if (!added.isEmpty()) {
            // Touched first: the update locks the contact, so an erasure cannot slip between it and the tag rows
            // (which have no foreign key on PostgreSQL, V18_1); a contact erased meanwhile is not found.
            if (!touch(contactId)) {
                throw NotFoundException.of("Contact", contactId);
            }
            for (String tag : added) {
                jdbc.sql("INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING").params(contactId, tag).update();
            }
            // Told once the tags are there: the fit grade and segments read them at once.
            events.publishEvent(ContactsChanged.of(contactId));
            audit.record("TAGS_ADDED", "contact", contactId, Map.of("tags", added));
            events.publishEvent(TagsAdded.of(contactId, added));
        }
        return list(contactId);
    }

    /** Whether the tag carries the contact's own choice in the preference centre (a topic, "only webinars"). */
    public static boolean isContactsChoice(String tag) {
        String value = ContactValidator.tag(tag);
        return value.startsWith(TOPIC_TAG) || value.equals(ONLY_WEBINARS_TAG);
    }

    /**
     * Removes the tag as a person or an integration asks: a SALES caller only on a contact they may change, and not the
     * contact's own choices from the preference centre (see {@link RepEdits}).
     */
    @Transactional
    public List<String> removeByRequest(long contactId, String tag) {
        repEdits.checkMayChange(contactId);
        repEdits.mayRemoveTag(contactId, tag);
        return remove(contactId, tag);
    }

    @Transactional
    public List<String> remove(long contactId, String tag) {
        ContactChecks.exists(jdbc, contactId);
        int removed = jdbc.sql("DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?").params(contactId, ContactValidator.tag(tag)).update();
        if (removed > 0) {
            touch(contactId);
            events.publishEvent(ContactsChanged.of(contactId));
            audit.record("TAG_REMOVED", "contact", contactId, Map.of("tag", tag));
        }
        return list(contactId);
    }

    /** Marks the contact changed, which locks it as every change of a contact does; false when it is gone. */
    private boolean touch(long contactId) {
        return jdbc.sql("UPDATE contacts SET updated_at = ? WHERE id = ?").params(Timestamps.now(clock), contactId).update() == 1;
    }
}
