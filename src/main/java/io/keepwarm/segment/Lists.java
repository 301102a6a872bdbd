package io.keepwarm.segment;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.segment.internal.ListFiles;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.segment.internal.SegmentRows;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.io.input.BOMInputStream;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Static lists of contacts, for rules to name ("in_list(3)") and for people to keep by hand. */
@Service
public class Lists {

    /** What adding members did. */
    public record Added(int added, int alreadyMembers, List<Rejected> rejected) {}

    /** A line of a members file that was not added, and why. */
    public record Rejected(long line, String reason) {}

    private static final int MAX_IDS = 10_000;
    private static final RowMapper<ContactList> MAPPER = (rs, n) -> new ContactList(rs.getLong("id"), rs.getString("name"),
            rs.getString("description"), rs.getLong("size"), rs.getString("created_by"), Timestamps.read(rs, "created_at"));
    private static final String SELECT = """
            SELECT l.id, l.name, l.description, l.created_by, l.created_at,
                   (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id) AS size
              FROM contact_lists l""";

    private final JdbcClient jdbc;
    private final Membership membership;
    private final AuditLog audit;
    private final Clock clock;
    private final Contacts contacts;
    private final org.springframework.beans.factory.ObjectProvider<SegmentUsers> users;

    Lists(JdbcClient jdbc, Membership membership, AuditLog audit, Clock clock, Contacts contacts,
            org.springframework.beans.factory.ObjectProvider<SegmentUsers> users) {
        this.users = users;
        this.contacts = contacts;
        this.jdbc = jdbc;
        this.membership = membership;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates a list. A name another list has is a conflict on its own, but beside other mistakes it is one more to fix
     * at once, in the same refusal, as programs, triggers and segments answer it.
     */
    @Transactional
    public ContactList create(String name, String description) {
        List<FieldError> mistakes = mistakes(name, description);
        Optional<FieldError> taken = takenName(name, mistakes);
        if (!mistakes.isEmpty()) {
            List<FieldError> all = new ArrayList<>(mistakes);
            taken.ifPresent(all::addFirst);
            throw new InvalidInputException("The list is not valid: " + all.getFirst().field() + " "
                    + all.getFirst().message(), all);
        }
        taken.ifPresent(clash -> {
            throw new ConflictException(clash.message());
        });
        String clean = name.strip();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO contact_lists (name, description, created_by, created_at) VALUES (?, ?, ?, ?)")
                .params(clean, description, Actors.current(), Timestamps.now(clock)).update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        audit.record("LIST_CREATED", "list", id, Map.of("name", clean));
        return get(id);
    }

    /**
     * Every mistake creating this list would meet, each at its field, a name another list has among them (first), and
     * nothing saved: for a body whose values do not all read, answered with those values at once.
     */
    public List<FieldError> problems(String name, String description) {
        List<FieldError> problems = new ArrayList<>(mistakes(name, description));
        takenName(name, problems).ifPresent(problems::addFirst);
        return problems;
    }

    private static List<FieldError> mistakes(String name, String description) {
        List<FieldError> mistakes = new ArrayList<>();
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 200) {
            mistakes.add(new FieldError("name", "is required, at most 200 characters"));
        }
        // the column's width: a longer one failed at the database, answered as no one's mistake
        if (description != null && description.length() > 2000) {
            mistakes.add(new FieldError("description", "is at most 2000 characters"));
        }
        return mistakes;
    }

    /** A name another list has, case aside, at its field, when the name itself is fine ({@code mistakes} say so). */
    private Optional<FieldError> takenName(String name, List<FieldError> mistakes) {
        if (mistakes.stream().anyMatch(mistake -> mistake.field().equals("name"))) {
            return Optional.empty();
        }
        String clean = name.strip();
        boolean taken = jdbc.sql("SELECT COUNT(*) FROM contact_lists WHERE LOWER(name) = LOWER(?)").param(clean)
                .query(Long.class).single() > 0;
        return taken ? Optional.of(new FieldError("name", "A list named '" + clean + "' already exists"))
                : Optional.empty();
    }

    public ContactList get(long id) {
        return jdbc.sql(SELECT + " WHERE l.id = ?").param(id).query(MAPPER).optional()
                .orElseThrow(() -> NotFoundException.of("List", id));
    }

    /** The names of those of these ids that exist, by id: one read for a page that names many. */
    public java.util.Map<Long, String> names(java.util.Collection<Long> ids) {
        return io.keepwarm.platform.Names.byId(jdbc, "SELECT id, name FROM contact_lists WHERE id IN (:ids)", ids);
    }

    /** The lists the contact is a member of, by name. */
    public List<ContactList> of(long contactId) {
        return jdbc.sql(SELECT + " WHERE l.id IN (SELECT list_id FROM list_members WHERE contact_id = ?) ORDER BY l.name, l.id")
                .param(contactId).query(MAPPER).list();
    }

    public Page<ContactList> list(String cursor, int limit) {
        return Page.of(jdbc.sql(SELECT + " WHERE l.id > ? ORDER BY l.id FETCH FIRST ? ROWS ONLY")
                .params(Cursor.decode(cursor), limit + 1).query(MAPPER).list(), limit, ContactList::id);
    }

    /**
     * What names the list in a rule ("in_list(3)"), in words a person recognises: segments, and whatever outside the
     * module does (triggers, fit rules, programs); a list so named is not deleted. Empty when nothing names it.
     */
    public List<String> usedBy(long id) {
        List<String> using = new ArrayList<>(SegmentRows.naming(jdbc, rule -> SegmentUsers.namesList(rule, id)));
        users.orderedStream().forEach(u -> using.addAll(u.usingList(id)));
        return using;
    }

    @Transactional
    public void delete(long id) {
        ContactList list = get(id);
        List<String> using = usedBy(id);
        if (!using.isEmpty()) {
            throw new ConflictException("List '" + list.name() + "' is used by " + String.join(", ", using)
                    + "; change those first");
        }
        List<Long> members = jdbc.sql("SELECT contact_id FROM list_members WHERE list_id = ?").param(id).query(Long.class).list();
        jdbc.sql("DELETE FROM contact_lists WHERE id = ?").param(id).update();
        membership.changed(members);
        audit.record("LIST_DELETED", "list", id, Map.of("name", list.name()));
    }

    /** Adds contacts by id; if any id is unknown, adds none and says which. */
    @Transactional
    public Added add(long listId, List<Long> contactIds) {
        get(listId);
        Set<Long> ids = ids(contactIds);
        Set<Long> known = new java.util.HashSet<>(jdbc.sql("SELECT id FROM contacts WHERE id IN (:ids)")
                .param("ids", ids).query(Long.class).list());
        List<Long> unknown = ids.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw InvalidInputException.field("contactIds", "no contact has the id " + unknown.stream().limit(20)
                    .map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + "; nothing was added");
        }
        return insert(listId, ids, List.of());
    }

    /**
     * Adds the contacts a file names by email: a CSV with an email column (found by its header as a contact import
     * finds it), or one address per line. An address merged away adds the contact it was merged into. Each line that
     * names no contact is reported with its number; the others are added.
     */
    @Transactional
    public Added importMembers(long listId, Reader file) {
        get(listId);
        ListFiles.Emails emails = ListFiles.emails(file);
        List<Rejected> rejected = new ArrayList<>();
        emails.bad().forEach((line, reason) -> rejected.add(new Rejected(line, reason)));
        List<String> addresses = List.copyOf(new LinkedHashSet<>(emails.good().values()));
        Map<String, Long> byEmail = new HashMap<>(contacts.findIdsByEmail(addresses));
        // an address merged away names the contact it was merged into, as an import finds it
        List<String> missing = addresses.stream().filter(email -> !byEmail.containsKey(email)).toList();
        if (!missing.isEmpty()) {
            byEmail.putAll(contacts.survivorsOfEmails(missing));
        }
        Set<Long> ids = new LinkedHashSet<>();
        emails.good().forEach((line, email) -> {
            Long id = byEmail.get(email);
            if (id == null) {
                rejected.add(new Rejected(line, "no contact has the address " + email));
            } else {
                ids.add(id);
            }
        });
        rejected.sort(java.util.Comparator.comparingLong(Rejected::line));
        return insert(listId, ids, rejected);
    }

    /** As {@link #importMembers(long, Reader)}, from the bytes of an uploaded file in UTF-8; an empty file is refused. */
    @Transactional
    public Added importMembers(long listId, InputStream file) {
        get(listId);
        // Without the byte-order mark Excel writes first: with it, the first address would not be found.
        try (var bytes = new BufferedInputStream(BOMInputStream.builder().setInputStream(file).get());
                Reader reader = new InputStreamReader(bytes, StandardCharsets.UTF_8)) {
            bytes.mark(1);
            if (bytes.read() < 0) {
                throw InvalidInputException.field("file", "is empty; send a CSV with an 'email' column or one address per line");
            }
            bytes.reset();
            return importMembers(listId, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Transactional
    public int remove(long listId, List<Long> contactIds) {
        get(listId);
        Set<Long> ids = ids(contactIds);
        int removed = jdbc.sql("DELETE FROM list_members WHERE list_id = :list AND contact_id IN (:ids)")
                .param("list", listId).param("ids", ids).update();
        membership.changed(ids);
        audit.record("LIST_MEMBERS_REMOVED", "list", listId, Map.of("count", removed));
        return removed;
    }

    public Page<SegmentMember> members(long listId, String cursor, int limit) {
        get(listId);
        return Page.of(jdbc.sql("""
                        SELECT c.id, c.email, c.first_name, c.last_name FROM list_members m JOIN contacts c ON c.id = m.contact_id
                         WHERE m.list_id = ? AND c.id > ? ORDER BY c.id FETCH FIRST ? ROWS ONLY""")
                .params(listId, Cursor.decode(cursor), limit + 1)
                .query((rs, n) -> new SegmentMember(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list(), limit, SegmentMember::contactId);
    }

    private Added insert(long listId, Set<Long> ids, List<Rejected> rejected) {
        var now = Timestamps.now(clock);
        int added = 0;
        for (long id : ids) {
            added += jdbc.sql("INSERT INTO list_members (list_id, contact_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(listId, id, now).update();
        }
        membership.changed(ids);
        audit.record("LIST_MEMBERS_ADDED", "list", listId, Map.of("count", added));
        return new Added(added, ids.size() - added, rejected);
    }

    private static Set<Long> ids(List<Long> contactIds) {
        if (contactIds == null || contactIds.isEmpty() || contactIds.size() > MAX_IDS) {
            throw InvalidInputException.field("contactIds", "give from 1 to " + MAX_IDS + " contact ids");
        }
        return new LinkedHashSet<>(contactIds);
    }
}
