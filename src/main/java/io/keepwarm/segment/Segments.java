package io.keepwarm.segment;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.ContactSort;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.segment.internal.ConditionBuilder;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.segment.internal.RegionWarnings;
import io.keepwarm.segment.internal.SegmentQueries;
import io.keepwarm.segment.internal.SegmentRows;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Segments: named rules, their counts and members. Membership is refreshed behind them (see Membership). */
@Service
public class Segments {

    /** What a person gives to create or change a segment. */
    public record Draft(String name, String description, Rule rule) {}

    /**
     * How many contacts a rule matches now, with the first few, and what its author should know of how it is read (a
     * region that names several places, as the territory form warns of it).
     */
    public record Preview(long count, List<SegmentMember> sample, List<String> warnings) {}

    /** A segment with how many members it had at its last refresh (segment.refreshedAt; none before the first). */
    public record Sized(Segment segment, long members) {}

    private static final int SAMPLE = 10;

    private final JdbcClient jdbc;
    private final SegmentQueries queries;
    private final AuditLog audit;
    private final Clock clock;
    private final Membership membership;
    private final org.springframework.beans.factory.ObjectProvider<SegmentUsers> users;
    private final Attributes attributes;
    private final Users people;

    Segments(JdbcClient jdbc, SegmentQueries queries, AuditLog audit, Clock clock, Membership membership,
            org.springframework.beans.factory.ObjectProvider<SegmentUsers> users, Attributes attributes, Users people) {
        this.users = users;
        this.attributes = attributes;
        this.people = people;
        this.jdbc = jdbc;
        this.queries = queries;
        this.audit = audit;
        this.clock = clock;
        this.membership = membership;
    }

    /**
     * Tells segments that something their rules read about these contacts changed, for modules segments cannot
     * listen to without a cycle (scoring reads segment rules for its fit grades, segment rules read scores).
     */
    public void recheck(Collection<Long> contactIds) {
        membership.changed(contactIds);
    }

    @Transactional
    public Segment create(Draft draft) {
        String name = draft.name() == null ? "" : draft.name().strip();
        boolean timeDependent = checked(draft, null);
        if (exists(name, null)) {
            throw new ConflictException("A segment named '" + name + "' already exists");
        }
        var now = Timestamps.now(clock);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO segments (name, description, rule_json, time_dependent, rebuild_due, created_by, created_at,
                    updated_at) VALUES (?, ?, ?, ?, TRUE, ?, ?, ?)""")
                .params(name, draft.description(), SegmentRows.json(draft.rule()), timeDependent, Actors.current(), now, now)
                .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        audit.record("SEGMENT_CREATED", "segment", id, Map.of("name", name, "rule", SegmentRows.json(draft.rule())));
        return get(id);
    }

    @Transactional
    public Segment update(long id, Draft draft) {
        get(id);
        String name = draft.name() == null ? "" : draft.name().strip();
        boolean timeDependent = checked(draft, id);
        if (exists(name, id)) {
            throw new ConflictException("A segment named '" + name + "' already exists");
        }
        jdbc.sql("""
                UPDATE segments SET name = ?, description = ?, rule_json = ?, time_dependent = ?, rebuild_due = TRUE,
                    updated_at = ? WHERE id = ?""")
                .params(name, draft.description(), SegmentRows.json(draft.rule()), timeDependent, Timestamps.now(clock), id)
                .update();
        audit.record("SEGMENT_UPDATED", "segment", id, Map.of("name", name, "rule", SegmentRows.json(draft.rule())));
        rebuildUsersOf(id);
        return get(id);
    }

    /**
     * The segments that reach this one through in_segment, directly or through others, read its rule inside theirs:
     * they are rebuilt too, and whether they depend on the date is worked out again with its new rule.
     */
    private void rebuildUsersOf(long id) {
        List<Segment> all = all();
        java.util.Set<Long> reaching = new java.util.HashSet<>(List.of(id));
        boolean grew;
        do {
            grew = false;
            for (Segment s : all) {
                if (!reaching.contains(s.id())
                        && reaching.stream().anyMatch(reached -> SegmentUsers.namesSegment(s.rule(), reached))) {
                    grew |= reaching.add(s.id());
                }
            }
        } while (grew);
        for (Segment s : all) {
            if (s.id() != id && reaching.contains(s.id())) {
                // Their rules are stored, not given now: one with a range written high end first still loads.
                jdbc.sql("UPDATE segments SET time_dependent = ?, rebuild_due = TRUE WHERE id = ?")
                        .params(queries.timeDependent(s.rule(), s.id()), s.id()).update();
            }
        }
    }

    @Transactional
    public void delete(long id) {
        Segment segment = get(id);
        List<String> using = usedBy(id);
        if (!using.isEmpty()) {
            throw new ConflictException("Segment '" + segment.name() + "' is used by " + String.join(", ", using)
                    + "; change those first");
        }
        jdbc.sql("DELETE FROM segments WHERE id = ?").param(id).update();
        audit.record("SEGMENT_DELETED", "segment", id, Map.of("name", segment.name()));
    }

    /**
     * What names the segment, in words a person recognises ("program 'Monthly'", "segment 'Engaged'"): while anything
     * does, the segment is not deleted.
     */
    public List<String> usedBy(long id) {
        // A segment never names itself (a rule that reaches itself is refused on save), so every hit is another one.
        List<String> using = new java.util.ArrayList<>(SegmentRows.naming(jdbc, rule -> SegmentUsers.namesSegment(rule, id)));
        users.orderedStream().forEach(u -> using.addAll(u.usingSegment(id)));
        return using;
    }

    public Segment get(long id) {
        return jdbc.sql("SELECT " + SegmentRows.COLUMNS + " FROM segments WHERE id = ?").param(id)
                .query(SegmentRows.MAPPER).optional().orElseThrow(() -> NotFoundException.of("Segment", id));
    }

    /** The names of those of these ids that exist, by id: one read for a page that names many. */
    public java.util.Map<Long, String> names(java.util.Collection<Long> ids) {
        return io.keepwarm.platform.Names.byId(jdbc, "SELECT id, name FROM segments WHERE id IN (:ids)", ids);
    }

    /** The segments the contact was a member of at their last refresh, by name. */
    public List<Segment> recordedOf(long contactId) {
        return jdbc.sql("SELECT " + SegmentRows.COLUMNS + " " + """
                FROM segments WHERE id IN (SELECT segment_id FROM segment_members WHERE contact_id = ?) ORDER BY name, id""")
                .param(contactId).query(SegmentRows.MAPPER).list();
    }

    public Page<Segment> list(String cursor, int limit) {
        List<Segment> rows = jdbc.sql("SELECT " + SegmentRows.COLUMNS
                        + " FROM segments WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(Cursor.decode(cursor), limit + 1)
                .query(SegmentRows.MAPPER).list();
        return Page.of(rows, limit, Segment::id);
    }

    /** The first segments by id, each with its recorded member count, in one query whatever their number. */
    public List<Sized> sized(int limit) {
        return jdbc.sql("SELECT " + SegmentRows.COLUMNS + """
                        , (SELECT COUNT(*) FROM segment_members m WHERE m.segment_id = s.id) AS members
                        FROM segments s ORDER BY id FETCH FIRST ? ROWS ONLY""")
                .param(limit)
                .query((rs, n) -> new Sized(SegmentRows.MAPPER.mapRow(rs, n), rs.getLong("members"))).list();
    }

    private List<Segment> all() {
        return jdbc.sql("SELECT " + SegmentRows.COLUMNS + " FROM segments ORDER BY id").query(SegmentRows.MAPPER).list();
    }

    /** How many contacts match now; always the live answer, not the last refresh. */
    public long count(long id) {
        return queries.count(get(id).rule(), id);
    }

    public Page<SegmentMember> members(long id, String cursor, int limit) {
        List<SegmentMember> rows = queries.members(get(id).rule(), id, Cursor.decode(cursor), limit + 1);
        return Page.of(rows, limit, SegmentMember::contactId);
    }

    /** The contacts recorded as members at the last refresh, the set SegmentEntered and SegmentLeft tell about. */
    public List<Long> recordedMembers(long id) {
        get(id);
        return jdbc.sql("SELECT contact_id FROM segment_members WHERE segment_id = ? ORDER BY contact_id")
                .param(id).query(Long.class).list();
    }

    /** Those of the given contacts that a rule matches now (a program's goal or branch, for a batch of contacts). */
    public Set<Long> matching(Rule rule, Collection<Long> contactIds) {
        return contactIds.isEmpty() ? Set.of() : new HashSet<>(queries.matching(rule, null, contactIds));
    }

    /**
     * The ids of contacts a rule matches now, above {@code afterContactId} in id order, a page at a time (a trigger's
     * date job walking everyone whose lease runs out in 90 days).
     */
    public List<Long> matchingAfter(Rule rule, long afterContactId, int limit) {
        return queries.members(rule, null, afterContactId, limit).stream().map(SegmentMember::contactId).toList();
    }

    /**
     * As {@link #matchingAfter(Rule, long, int)}, with "today" counted at {@code at}: a job that walks pages of
     * contacts reads every page on the day it began, though a contact's midnight comes while it runs.
     */
    public List<Long> matchingAfter(Rule rule, long afterContactId, int limit, Instant at) {
        return queries.members(rule, null, afterContactId, limit, at).stream().map(SegmentMember::contactId).toList();
    }

    /** Checks a rule that another module keeps (a program's goal or branch); a mistake is a 400 naming the part. */
    public void check(Rule rule) {
        queries.check(rule, null);
    }

    /** Reads a rule in the text syntax ("stage = NURTURE and industry = \"HPC\""); a mistake is a 400 naming the place. */
    public Rule parse(String text) {
        return io.keepwarm.segment.internal.RuleText.parse(text);
    }

    /**
     * Reads a rule in the text syntax and checks it as {@link #check} does (a condition, a fit rule, the contact list's
     * filter): any mistake, of syntax or of meaning ('scroe' is not a field), is a {@link RuleSyntaxException} at its
     * line and column.
     */
    public Rule checked(String text) {
        Rule rule = parse(text);
        try {
            queries.check(rule, null);
        } catch (InvalidInputException e) {
            throw located(text, e);
        }
        return rule;
    }

    /**
     * A refusal of a rule read from this text, at the line and column of the part at fault (a RuleSyntaxException),
     * as a syntax error is; a refusal of anything else (the segment's name) is answered as it is.
     */
    public InvalidInputException located(String text, InvalidInputException e) {
        return io.keepwarm.segment.internal.RuleText.locate(text, e);
    }

    /** A rule in the text syntax, as {@link #parse} reads it. */
    public String print(Rule rule) {
        return io.keepwarm.segment.internal.RuleText.print(rule);
    }

    /**
     * What a condition builder may offer now: every field with the account's custom attributes, the activities, the
     * lists, and the segments other than the one being edited.
     *
     * @param editing the segment being edited, or null for a new one
     */
    public Vocabulary vocabulary(Long editing) {
        return builder(editing).vocabulary();
    }

    /**
     * The rule text with a builder's condition added at its end, joined with and (or with or). A condition that does
     * not fit its field, or that the rule could not use (a segment reaching back to this one), is a 400 saying why.
     */
    public String addCondition(String text, boolean or, Condition condition, Long editing) {
        Rule rule = builder(editing).rule(condition);
        queries.check(rule, editing);
        return ConditionBuilder.append(text, or, rule);
    }

    private ConditionBuilder builder(Long editing) {
        List<Vocabulary.Choice> lists = jdbc.sql("SELECT id, name FROM contact_lists ORDER BY LOWER(name), id")
                .query((rs, n) -> new Vocabulary.Choice(String.valueOf(rs.getLong(1)), rs.getString(2))).list();
        List<Vocabulary.Choice> others = all().stream().filter(s -> editing == null || s.id() != editing)
                .map(s -> new Vocabulary.Choice(String.valueOf(s.id()), s.name())).toList();
        return new ConditionBuilder(attributes.list(), lists, others, owners());
    }

    /**
     * Whom a contact's owner may be, by name: every user, since a contact keeps its owner when that user is disabled or
     * changes role; such a one is marked so, and reps come first.
     */
    private List<Vocabulary.Choice> owners() {
        return people.list().stream()
                .sorted(Comparator.comparing((User u) -> !(u.role() == Role.SALES && u.enabled()))
                        .thenComparing(u -> u.shownName().toLowerCase(Locale.ROOT)))
                .map(u -> new Vocabulary.Choice(String.valueOf(u.id()), u.shownName()
                        + (u.role() == Role.SALES ? "" : " (" + u.role().name().toLowerCase(Locale.ROOT) + ")")
                        + (u.enabled() ? "" : " (disabled)")))
                .toList();
    }


    /**
     * A page of the ids of the contacts a rule matches now, in the sort's order: a list filtered by a rule that is not
     * saved (the contact list's filters).
     */
    public Page<Long> matching(Rule rule, ContactSort sort, String cursor, int limit) {
        queries.check(rule, null);
        return queries.sorted(rule, sort, cursor, limit);
    }

    /** What a rule being edited matches, before it is saved. */
    public Preview preview(Rule rule) {
        queries.check(rule, null);
        return new Preview(queries.count(rule, null), queries.members(rule, null, 0, SAMPLE), RegionWarnings.of(rule));
    }

    private boolean exists(String name, Long except) {
        return jdbc.sql("SELECT COUNT(*) FROM segments WHERE LOWER(name) = LOWER(?) AND id <> ?")
                .params(name, except == null ? -1 : except).query(Long.class).single() > 0;
    }

    /**
     * Whether the segment's rule depends on the day, once everything else about it is right. A taken name comes in the
     * same answer as the other mistakes, as programs, triggers and users answer it; alone, it is left to create and
     * update to answer as a conflict.
     */
    private boolean checked(Draft draft, Long id) {
        List<FieldError> errors = mistakes(draft.name(), draft.description());
        if (draft.rule() == null) {
            errors.add(new FieldError("rule", "is required: give rule (JSON) or text"));
        } else {
            try {
                boolean timeDependent = queries.check(draft.rule(), id);
                if (errors.isEmpty()) {
                    return timeDependent;
                }
            } catch (InvalidInputException e) {
                throw InvalidInputException.together(withTakenName(draft.name(), id, errors), e);
            }
        }
        errors = withTakenName(draft.name(), id, errors);
        throw new InvalidInputException("The segment is not valid: " + errors.getFirst().field() + " "
                + errors.getFirst().message(), errors);
    }

    /**
     * Refuses the draft with every mistake saving it would meet, a name another segment has among them even alone, and
     * saves nothing: for a body whose other values do not all read, where a taken name is one more mistake to fix in
     * the same answer, not a conflict of its own.
     */
    public void checkWhole(Long id, Draft draft) {
        checked(draft, id);
        List<FieldError> taken = withTakenName(draft.name(), id, List.of());
        if (!taken.isEmpty()) {
            throw new InvalidInputException(taken.getFirst().message(), taken);
        }
    }

    /**
     * What is wrong with a segment's name and description, a name another segment has among them, to be answered
     * beside a rule that cannot be read.
     */
    public List<FieldError> mistakes(Long id, String name, String description) {
        return withTakenName(name, id, mistakes(name, description));
    }

    private List<FieldError> withTakenName(String given, Long id, List<FieldError> errors) {
        String name = given == null ? "" : given.strip();
        if (name.isEmpty() || !exists(name, id)) {
            return errors;
        }
        List<FieldError> all = new java.util.ArrayList<>(errors);
        all.addFirst(new FieldError("name", "A segment named '" + name + "' already exists"));
        return all;
    }

    /** What is wrong with a segment's name and description, to be answered beside what is wrong with its rule. */
    private static List<FieldError> mistakes(String name, String description) {
        List<FieldError> errors = new java.util.ArrayList<>();
        String named = name == null ? "" : name.strip();
        if (named.isEmpty() || named.length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        if (description != null && description.length() > 2000) {
            errors.add(new FieldError("description", "is at most 2000 characters"));
        }
        return errors;
    }
}
