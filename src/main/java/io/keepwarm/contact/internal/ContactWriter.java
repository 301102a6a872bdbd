package io.keepwarm.contact.internal;

import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.contact.OwnersChanged;
import io.keepwarm.contact.TagsAdded;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.platform.Actors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Creates or updates contacts by email, a batch at a time, with a handful of statements per batch whatever
 * its size: the one write path for the API and for imports. Runs inside the caller's transaction.
 */
@Component
public class ContactWriter {

    /** What happened to one input. */
    public enum Kind {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /** The outcome for the input at the same position. */
    public record Outcome(long contactId, Kind kind) {}

    private static final String UPDATE = """
            UPDATE contacts SET first_name = ?, last_name = ?, phone = ?, title = ?, company_id = ?, country = ?,
                region = ?, city = ?, time_zone = ?, source = ?, owner_id = ?, validity = ?, preferred_channel = ?,
                updated_at = ?, region_key = ?, language = ?
            WHERE id = ?""";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate template;
    private final Companies companies;
    private final Clock clock;
    private final NewContacts newContacts;

    ContactWriter(JdbcClient jdbc, JdbcTemplate template, Companies companies, NewContacts newContacts, Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.template = template;
        this.companies = companies;
        this.clock = clock;
        this.newContacts = newContacts;
    }

    /**
     * Writes the batch. Inputs for the same address are folded into one, later fields over earlier ones, so a
     * file naming a person twice ends as if it named them once with everything it said.
     *
     * @param defaultSource the source of contacts created without one
     * @return the outcome for the input at the same position; a repeated address counts as UPDATED where it
     *     added something to what the batch said before, else UNCHANGED
     */
    public List<Outcome> upsert(List<ValidContact> batch, ContactSource defaultSource) {
        return upsert(batch, defaultSource, null);
    }

    /**
     * As {@link #upsert(List, ContactSource)}, with the batch's companies already resolved ({@link Companies#resolve}):
     * their ids by key, or null to resolve them here.
     */
    public List<Outcome> upsert(List<ValidContact> batch, ContactSource defaultSource, Map<String, Long> companyIds) {
        Map<String, ValidContact> folded = new LinkedHashMap<>();
        List<Boolean> added = new ArrayList<>(batch.size());
        for (ValidContact contact : batch) {
            ValidContact before = folded.get(contact.email());
            ValidContact after = before == null ? contact : before.then(contact);
            folded.put(contact.email(), after);
            added.add(!after.equals(before));
        }
        List<OwnersChanged.Change> owners = new ArrayList<>();
        Map<String, Outcome> outcomes = upsertDistinct(new ArrayList<>(folded.values()), defaultSource, companyIds,
                owners);
        Set<String> seen = new HashSet<>();
        List<Outcome> result = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = outcomes.get(batch.get(i).email());
            if (seen.add(batch.get(i).email()) || outcome.kind() == Kind.UNCHANGED) {
                result.add(outcome);
            } else {
                result.add(new Outcome(outcome.contactId(), added.get(i) ? Kind.UPDATED : Kind.UNCHANGED));
            }
        }
        Set<Long> changed = result.stream().filter(o -> o.kind() != Kind.UNCHANGED).map(Outcome::contactId)
                .collect(Collectors.toCollection(HashSet::new));
        if (!changed.isEmpty()) {
            events.publishEvent(new ContactsChanged(changed));
        }
        if (!owners.isEmpty()) {
            events.publishEvent(new OwnersChanged(owners));
        }
        return result;
    }

    /** @param owners gains a change for each stored contact the batch gives another owner */
    private Map<String, Outcome> upsertDistinct(List<ValidContact> batch, ContactSource defaultSource,
            Map<String, Long> resolved, List<OwnersChanged.Change> owners) {
        if (batch.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        Map<String, Long> companyIds = resolved != null ? resolved
                : companies.resolve(batch.stream().map(ValidContact::company).toList());
        // Each input's company id, its key made once: a key per row is a lower-casing and a hash.
        Map<ValidContact, Long> companyOf = new IdentityHashMap<>(batch.size() * 2);
        batch.forEach(in -> companyOf.put(in, in.company() == null ? null
                : companyIds.get(Companies.key(in.company().name()))));
        Located located = locate(batch, companyOf, defaultSource, now);
        Map<String, ContactRow> existing = located.existing();
        Map<String, Long> created = located.created();

        List<ContactRow> changed = new ArrayList<>();
        for (ValidContact in : batch) {
            ContactRow current = existing.get(in.email());
            if (current != null) {
                ContactRow next = current.overlay(in, companyOf.get(in)).placedSince(current);
                if (!next.sameFacts(current)) {
                    changed.add(next);
                    if (!Objects.equals(next.ownerId(), current.ownerId())) {
                        owners.add(new OwnersChanged.Change(current.id(), current.ownerId(), next.ownerId()));
                    }
                }
            }
        }
        changed.sort(Comparator.comparing(ContactRow::id));
        update(changed, now);

        Map<String, Long> ids = new HashMap<>(created);
        existing.forEach((email, row) -> ids.put(email, row.id()));
        Set<Long> fresh = new HashSet<>(created.values());
        Set<Long> touched = new HashSet<>();
        changed.forEach(row -> touched.add(row.id()));
        touched.addAll(writeAttributes(batch, ids, fresh));
        touched.addAll(writeTags(batch, ids, fresh));
        touched.addAll(writeConsents(batch, ids, fresh, now));
        Set<Long> bumped = new HashSet<>(touched);
        changed.forEach(row -> bumped.remove(row.id()));
        bumped.removeAll(fresh);
        bumped.stream().sorted().forEach(id -> touch(id, now));

        Map<String, Outcome> outcomes = new HashMap<>();
        for (ValidContact in : batch) {
            long id = ids.get(in.email());
            Kind kind = fresh.contains(id) ? Kind.CREATED : touched.contains(id) ? Kind.UPDATED : Kind.UNCHANGED;
            outcomes.put(in.email(), new Outcome(id, kind));
        }
        return outcomes;
    }

    /** The stored contacts of a batch by address, and the ids of those created for it now. */
    private record Located(Map<String, ContactRow> existing, Map<String, Long> created) {}

    /** Finds the batch's stored contacts and creates the others. */
    private Located locate(List<ValidContact> batch, Map<ValidContact, Long> companyOf, ContactSource defaultSource,
            Instant now) {
        Map<String, ContactRow> existing = new HashMap<>();
        List<ValidContact> candidates = new ArrayList<>();
        if (newContacts.insertsFirst()) {
            // Insert first, then look up only what was not new: an import of new people reads nothing back.
            Set<String> mergedAway = mergedAway(batch.stream().map(ValidContact::email).toList());
            batch.stream().filter(in -> !mergedAway.contains(in.email())).forEach(candidates::add);
        } else {
            existing.putAll(findExisting(batch.stream().map(ValidContact::email).toList()));
            batch.stream().filter(in -> !existing.containsKey(in.email())).forEach(candidates::add);
        }
        // In one order (addresses, ids), so two writers touching the same rows lock them alike and never deadlock.
        candidates.sort(Comparator.comparing(ValidContact::email));
        Map<String, Long> created = newContacts.insert(candidates, companyOf::get, defaultSource, now);
        // Addresses already stored, or created first by another transaction (a lost race is an update).
        List<String> rest = batch.stream().map(ValidContact::email)
                .filter(email -> !created.containsKey(email) && !existing.containsKey(email)).toList();
        if (!rest.isEmpty()) {
            existing.putAll(findExisting(rest));
        }
        return new Located(existing, created);
    }

    /** The addresses among these that were merged away into another contact. */
    private Set<String> mergedAway(List<String> emails) {
        return new HashSet<>(jdbc.sql("SELECT merged_email FROM contact_merges WHERE merged_email IN (:emails)")
                .param("emails", emails).query(String.class).list());
    }

    /**
     * The stored contacts for these addresses, by address. An address that was merged away into another
     * contact finds the survivor, so a re-import after a merge updates it instead of bringing the duplicate back.
     */
    private Map<String, ContactRow> findExisting(List<String> emails) {
        Map<String, ContactRow> rows = findByEmail(emails);
        List<String> missing = emails.stream().filter(email -> !rows.containsKey(email)).toList();
        if (!missing.isEmpty()) {
            Map<Long, List<String>> survivors = new HashMap<>();
            jdbc.sql("SELECT merged_email, survivor_id FROM contact_merges WHERE merged_email IN (:emails)")
                    .param("emails", missing)
                    .query(rs -> {
                        survivors.computeIfAbsent(rs.getLong(2), id -> new ArrayList<>()).add(rs.getString(1));
                    });
            if (!survivors.isEmpty()) {
                jdbc.sql("SELECT " + ContactRow.COLUMNS + " FROM contacts WHERE id IN (:ids)")
                        .param("ids", survivors.keySet())
                        .query(ContactRow.MAPPER)
                        .list().stream()
                        .forEach(row -> survivors.get(row.id()).forEach(email -> rows.put(email, row)));
            }
        }
        return rows;
    }

    private void update(List<ContactRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        java.time.OffsetDateTime at = Timestamps.of(now);
        template.batchUpdate(UPDATE, rows, 1000, (ps, row) -> {
            ps.setString(1, row.firstName());
            ps.setString(2, row.lastName());
            ps.setString(3, row.phone());
            ps.setString(4, row.title());
            ps.setObject(5, row.companyId());
            ps.setString(6, row.country());
            ps.setString(7, row.region());
            ps.setString(8, row.city());
            ps.setString(9, row.timeZone());
            ps.setString(10, row.source());
            ps.setObject(11, row.ownerId());
            ps.setString(12, row.validity());
            ps.setString(13, row.preferredChannel());
            ps.setObject(14, at);
            ps.setString(15, row.regionKey());
            ps.setString(16, row.language());
            ps.setLong(17, row.id());
        });
    }

    private void touch(long id, Instant now) {
        jdbc.sql("UPDATE contacts SET updated_at = ? WHERE id = ?").params(Timestamps.of(now), id).update();
    }

    /** Sets the given attribute values that differ from the stored ones; returns the contacts it changed. */
    private Set<Long> writeAttributes(List<ValidContact> batch, Map<String, Long> ids, Set<Long> fresh) {
        Map<Long, Map<String, AttributeValue>> wanted = new LinkedHashMap<>();
        for (ValidContact in : batch) {
            if (!in.attributes().isEmpty()) {
                wanted.put(ids.get(in.email()), in.attributes());
            }
        }
        if (wanted.isEmpty()) {
            return Set.of();
        }
        Map<Long, Map<String, AttributeValue>> stored = new HashMap<>();
        List<Long> known = stale(wanted.keySet(), fresh);
        if (!known.isEmpty()) {
            jdbc.sql("""
                    SELECT contact_id, attr_key, value_text, value_number, value_date, value_boolean
                    FROM contact_attributes WHERE contact_id IN (:ids)""")
                    .param("ids", known)
                    .query(rs -> {
                        stored.computeIfAbsent(rs.getLong(1), id -> new HashMap<>()).put(rs.getString(2),
                                ContactReads.attributeValue(rs, 3));
                    });
        }
        record Change(long contactId, String key, AttributeValue value) {}
        List<Change> changes = new ArrayList<>();
        wanted.forEach((id, values) -> values.forEach((key, value) -> {
            if (!value.equals(stored.getOrDefault(id, Map.of()).get(key))) {
                changes.add(new Change(id, key, value));
            }
        }));
        template.batchUpdate("DELETE FROM contact_attributes WHERE contact_id = ? AND attr_key = ?", changes, 1000,
                (ps, c) -> {
                    ps.setLong(1, c.contactId());
                    ps.setString(2, c.key());
                });
        template.batchUpdate("""
                INSERT INTO contact_attributes (contact_id, attr_key, value_text, value_number, value_date, value_boolean)
                VALUES (?, ?, ?, ?, ?, ?)""", changes, 1000, (ps, c) -> {
                    ps.setLong(1, c.contactId());
                    ps.setString(2, c.key());
                    ps.setString(3, c.value().text());
                    ps.setBigDecimal(4, c.value().number());
                    ps.setObject(5, c.value().date());
                    ps.setObject(6, c.value().bool());
                });
        Set<Long> touched = new HashSet<>();
        changes.forEach(c -> touched.add(c.contactId()));
        return touched;
    }

    /** Adds the given tags that are missing; returns the contacts that gained one. */
    private Set<Long> writeTags(List<ValidContact> batch, Map<String, Long> ids, Set<Long> fresh) {
        Map<Long, Set<String>> wanted = new LinkedHashMap<>();
        for (ValidContact in : batch) {
            if (!in.tags().isEmpty()) {
                wanted.put(ids.get(in.email()), in.tags());
            }
        }
        if (wanted.isEmpty()) {
            return Set.of();
        }
        Map<Long, Set<String>> stored = new HashMap<>();
        List<Long> known = stale(wanted.keySet(), fresh);
        if (!known.isEmpty()) {
            jdbc.sql("SELECT contact_id, tag FROM contact_tags WHERE contact_id IN (:ids)")
                    .param("ids", known)
                    .query(rs -> {
                        stored.computeIfAbsent(rs.getLong(1), id -> new HashSet<>()).add(rs.getString(2).toLowerCase(Locale.ROOT));
                    });
        }
        record Tag(long contactId, String tag) {}
        List<Tag> missing = new ArrayList<>();
        wanted.forEach((id, tags) -> tags.stream()
                .filter(tag -> !stored.getOrDefault(id, Set.of()).contains(tag.toLowerCase(Locale.ROOT)))
                .forEach(tag -> missing.add(new Tag(id, tag))));
        Set<Long> gone = gone(missing.stream().map(Tag::contactId).filter(id -> !fresh.contains(id)).toList());
        missing.removeIf(tag -> gone.contains(tag.contactId()));
        if (!missing.isEmpty()) {
            // One statement with two arrays instead of a batch of rows: a batch's tags cost one parse and plan.
            jdbc.sql("INSERT INTO contact_tags (contact_id, tag) SELECT * FROM unnest(?, ?) ON CONFLICT DO NOTHING")
                    .params(new SqlArrayValue("bigint", missing.stream().map(Tag::contactId).toArray()),
                            new SqlArrayValue("varchar", missing.stream().map(Tag::tag).toArray()))
                    .update();
        }
        Map<Long, List<String>> added = new LinkedHashMap<>();
        missing.forEach(t -> added.computeIfAbsent(t.contactId(), id -> new ArrayList<>()).add(t.tag()));
        if (!added.isEmpty()) {
            events.publishEvent(new TagsAdded(added));
        }
        return added.keySet();
    }

    /**
     * Locks these stored contacts (they are about to be tagged) and returns those deleted meanwhile. Tags have no
     * foreign key on PostgreSQL (V18_1): the lock keeps an erasure from deleting the contact's tags before these
     * are written, and a contact erased first is not tagged. Contacts this transaction created need no lock.
     */
    private Set<Long> gone(List<Long> stored) {
        if (stored.isEmpty()) {
            return Set.of();
        }
        Set<Long> gone = new HashSet<>(stored);
        // In id order, as every other writer of contacts locks them, so two never deadlock.
        jdbc.sql("SELECT id FROM contacts WHERE id IN (:ids) ORDER BY id FOR UPDATE").param("ids", gone)
                .query(Long.class).list().forEach(gone::remove);
        return gone;
    }

    /** A withdrawal of consent an input would undo: the channel, when it was withdrawn and by what. */
    public record Withdrawal(Channel channel, Instant at, String source) {}

    /**
     * The inputs, by position, that would move a channel away from WITHDRAWN, as the ledger or an earlier input of
     * the batch left it, each with the withdrawal it would undo: an import may record a withdrawal but never grant
     * consent again, only the person can. Locks the stored contacts first, as {@code Consents} does, so an
     * unsubscribe at the same moment is either seen here or waits until this transaction has written.
     */
    public Map<Integer, Withdrawal> undoingWithdrawals(List<ValidContact> batch, Instant now) {
        return withdrawalsMet(batch, now).undoing();
    }

    /**
     * The withdrawals of consent the inputs meet, by position: those they would undo, and those they say a sheet's
     * "no" to, which leaves consent withdrawn, as it was.
     */
    public record WithdrawalsMet(Map<Integer, Withdrawal> undoing, Map<Integer, Withdrawal> saidNo) {}

    /** As {@link #undoingWithdrawals}, also naming the inputs that say "no" to a withdrawn channel. */
    public WithdrawalsMet withdrawalsMet(List<ValidContact> batch, Instant now) {
        List<String> emails = batch.stream().filter(in -> !in.consents().isEmpty()).map(ValidContact::email)
                .distinct().toList();
        if (emails.isEmpty()) {
            return new WithdrawalsMet(Map.of(), Map.of());
        }
        Map<String, ContactRow> stored = findExisting(emails);
        Map<Long, String> addresses = new HashMap<>();
        stored.values().forEach(row -> addresses.put(row.id(), row.email()));
        // By the stored address, so an address merged away and its survivor's share one state.
        Map<String, Map<Channel, Withdrawal>> withdrawn = new HashMap<>();
        if (!addresses.isEmpty()) {
            gone(List.copyOf(addresses.keySet()));
            jdbc.sql("""
                    SELECT e.contact_id, e.channel, e.recorded_at, e.source FROM consent_events e
                    WHERE e.contact_id IN (:ids) AND e.state = 'WITHDRAWN'
                      AND e.id = (SELECT MAX(l.id) FROM consent_events l
                                  WHERE l.contact_id = e.contact_id AND l.channel = e.channel)""")
                    .param("ids", addresses.keySet())
                    .query(rs -> {
                        Channel channel = Channel.valueOf(rs.getString(2));
                        withdrawn.computeIfAbsent(addresses.get(rs.getLong(1)), email -> new EnumMap<>(Channel.class))
                                .put(channel, new Withdrawal(channel, Timestamps.read(rs, 3), rs.getString(4)));
                    });
        }
        Map<Integer, Withdrawal> undoing = new HashMap<>();
        Map<Integer, Withdrawal> saidNo = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            ValidContact in = batch.get(i);
            ContactRow row = stored.get(in.email());
            Map<Channel, Withdrawal> channels = withdrawn.computeIfAbsent(row == null ? in.email() : row.email(),
                    email -> new EnumMap<>(Channel.class));
            Withdrawal undone = in.consents().stream()
                    .filter(c -> channels.containsKey(c.channel()) && !c.restates(ConsentState.WITHDRAWN))
                    .map(c -> channels.get(c.channel())).findFirst().orElse(null);
            if (undone != null) {
                undoing.put(i, undone);
            } else {
                int at = i;
                in.consents().stream().filter(c -> c.notGranted() && c.state() != ConsentState.WITHDRAWN
                        && channels.containsKey(c.channel())).findFirst()
                        .ifPresent(c -> saidNo.put(at, channels.get(c.channel())));
                in.consents().stream().filter(c -> c.state() == ConsentState.WITHDRAWN)
                        .forEach(c -> channels.putIfAbsent(c.channel(), new Withdrawal(c.channel(), now, c.source())));
            }
        }
        return new WithdrawalsMet(undoing, saidNo);
    }

    /**
     * Appends a consent statement to the ledger only where it changes the current state, read with the contacts
     * locked, as {@code Consents} reads it; answers the contacts whose consent changed (segments read it).
     */
    private Set<Long> writeConsents(List<ValidContact> batch, Map<String, Long> ids, Set<Long> fresh, Instant now) {
        Map<Long, List<ValidContact.Consent>> wanted = new LinkedHashMap<>();
        for (ValidContact in : batch) {
            if (!in.consents().isEmpty()) {
                // an address merged away and its survivor's are one contact: both inputs' statements count
                wanted.computeIfAbsent(ids.get(in.email()), id -> new ArrayList<>()).addAll(in.consents());
            }
        }
        if (wanted.isEmpty()) {
            return Set.of();
        }
        wanted.keySet().removeAll(gone(stale(wanted.keySet(), fresh)));
        Map<Long, Map<Channel, ConsentState>> current = ContactReads.currentConsents(jdbc, stale(wanted.keySet(), fresh));
        record Statement(long contactId, ValidContact.Consent consent) {}
        List<Statement> statements = new ArrayList<>();
        wanted.forEach((id, consents) -> {
            Map<Channel, ConsentState> states = new HashMap<>(current.getOrDefault(id, Map.of()));
            for (ValidContact.Consent consent : consents) {
                if (!consent.restates(states.getOrDefault(consent.channel(), ConsentState.UNKNOWN))) {
                    statements.add(new Statement(id, consent));
                    states.put(consent.channel(), consent.state());
                }
            }
        });
        java.time.OffsetDateTime at = Timestamps.of(now);
        String actor = Actors.current();
        template.batchUpdate("""
                INSERT INTO consent_events (contact_id, channel, state, source, recorded_at, recorded_by,
                    evidence_form, evidence_ip, evidence_text, evidence_language)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", statements, 1000, (ps, s) -> {
                    Consents.Evidence evidence = s.consent().evidence();
                    ps.setLong(1, s.contactId());
                    ps.setString(2, s.consent().channel().name());
                    ps.setString(3, s.consent().state().name());
                    ps.setString(4, s.consent().source());
                    ps.setObject(5, at);
                    ps.setString(6, actor);
                    ps.setString(7, evidence == null ? null : evidence.form());
                    ps.setString(8, evidence == null ? null : evidence.ip());
                    ps.setString(9, evidence == null ? null : evidence.text());
                    ps.setString(10, evidence == null ? null : evidence.language());
                });
        Set<Long> changed = new HashSet<>();
        statements.forEach(statement -> changed.add(statement.contactId()));
        return changed;
    }

    /** The ids that may already have stored rows; a contact created in this batch has none yet. */
    private static List<Long> stale(Set<Long> ids, Set<Long> fresh) {
        List<Long> stale = new ArrayList<>(ids);
        stale.removeAll(fresh);
        return stale;
    }

    private Map<String, ContactRow> findByEmail(List<String> emails) {
        Map<String, ContactRow> rows = new HashMap<>();
        jdbc.sql("SELECT " + ContactRow.COLUMNS + " FROM contacts WHERE email IN (:emails)")
                .param("emails", emails)
                .query(ContactRow.MAPPER)
                .list().stream()
                .forEach(row -> rows.put(row.email(), row));
        return rows;
    }

}
