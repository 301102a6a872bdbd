package io.keepwarm.trigger.internal;

import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.trigger.Firing;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The firing history: one row per trigger, contact and occurrence, and what each action did. */
@Component
public class FiringStore {

    /** A firing to record. */
    record New(long triggerId, long contactId, String occurrence, String cue, Firing.Outcome outcome, String reason,
            List<Long> chain) {

        String identity() {
            return triggerId + "/" + contactId + "/" + occurrence;
        }
    }

    /** What one action did, to record; held only for a stage move an open hand-off held. */
    record Result(long firingId, int position, String action, String outcome, String detail, Firing.Held held) {

        Result(long firingId, int position, String action, String outcome, String detail) {
            this(firingId, position, action, outcome, detail, null);
        }
    }

    private static final int CHUNK = 1000;
    /** The actions that change what a segment sees of a contact; alerts, tasks and webhooks do not. */
    private static final List<String> CONTACT_CHANGING = List.of("enroll", "unenroll", "changeStage", "addTag",
            "removeTag", "setAttribute", "adjustScore");
    private static final String COLUMNS = """
            f.id, f.trigger_id, t.name, f.contact_id, f.occurrence, f.cue, f.outcome, f.reason, f.chain, f.fired_at""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    FiringStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * How many times each of these contacts had a trigger fire (not skipped) since the instant, with the contacts
     * locked until the caller's transaction ends: another evaluator of one of them waits, then counts the firings
     * this one records, instead of counting beside it and firing past the daily limit. Locked in id order, so two
     * evaluators wait for each other instead of deadlocking.
     */
    Map<Long, Integer> lockAndCountFiredSince(Collection<Long> contactIds, Instant since) {
        List<Long> ids = contactIds.stream().distinct().sorted().toList();
        for (var chunk : Chunks.of(ids, CHUNK)) {
            jdbc.sql("""
                    INSERT INTO trigger_firing_locks (contact_id)
                    SELECT id FROM contacts WHERE id IN (:ids) ORDER BY id ON CONFLICT DO NOTHING""")
                    .param("ids", chunk).update();
            jdbc.sql("SELECT contact_id FROM trigger_firing_locks WHERE contact_id IN (:ids) ORDER BY contact_id FOR UPDATE")
                    .param("ids", chunk).query(Long.class).list();
        }
        Map<Long, Integer> counts = new HashMap<>();
        for (var chunk : Chunks.of(ids, CHUNK)) {
            jdbc.sql("""
                    SELECT contact_id, COUNT(*) FROM trigger_firings
                     WHERE contact_id IN (:ids) AND outcome = 'FIRED' AND fired_at > :since GROUP BY contact_id""")
                    .param("ids", chunk).param("since", Timestamps.of(since))
                    .query(rs -> {
                        counts.put(rs.getLong(1), rs.getInt(2));
                    });
        }
        return counts;
    }

    /**
     * Per contact, the chain that the triggers which fired for it since the instant and changed it (a tag, a stage,
     * an attribute, a score, a program) stand in, oldest first: each firing's own chain, then its trigger.
     */
    Map<Long, List<Long>> recentChains(Collection<Long> contactIds, Instant since) {
        Map<Long, Set<Long>> chains = new HashMap<>();
        for (var chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            jdbc.sql("""
                    SELECT f.contact_id, f.trigger_id, f.chain FROM trigger_firings f
                     WHERE f.contact_id IN (:ids) AND f.outcome = 'FIRED' AND f.fired_at > :since
                       AND EXISTS (SELECT 1 FROM trigger_action_results r WHERE r.firing_id = f.id AND r.outcome = 'DONE'
                                      AND r.action IN (:changing))
                     ORDER BY f.contact_id, f.id""")
                    .param("ids", chunk).param("since", Timestamps.of(since)).param("changing", CONTACT_CHANGING)
                    .query(rs -> {
                        Set<Long> chain = chains.computeIfAbsent(rs.getLong(1), id -> new LinkedHashSet<>());
                        chain.addAll(FiringChain.read(rs.getString(3)));
                        chain.add(rs.getLong(2));
                    });
        }
        Map<Long, List<Long>> answer = new HashMap<>();
        chains.forEach((contact, chain) -> answer.put(contact, List.copyOf(chain)));
        return answer;
    }

    /** The occurrences of a trigger already recorded for these contacts, as "contact/occurrence". */
    Set<String> known(long triggerId, Collection<Long> contactIds) {
        Set<String> known = new HashSet<>();
        for (var chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            jdbc.sql("SELECT contact_id, occurrence FROM trigger_firings WHERE trigger_id = :t AND contact_id IN (:ids)")
                    .param("t", triggerId).param("ids", chunk)
                    .query(rs -> {
                        known.add(rs.getLong(1) + "/" + rs.getString(2));
                    });
        }
        return known;
    }

    /**
     * Records the firings whose (trigger, contact, occurrence) has none yet and answers the ids of those this call
     * inserted, by identity: an occurrence another instance recorded first is not among them. Rows go in the order
     * given, so two instances inserting the same occurrences wait for each other instead of deadlocking.
     */
    Map<String, Long> insertAll(List<New> firings, Instant now) {
        if (firings.isEmpty()) {
            return Map.of();
        }
        String run = UUID.randomUUID().toString();
        var at = Timestamps.of(now);
        template.batchUpdate("""
                INSERT INTO trigger_firings (trigger_id, contact_id, occurrence, cue, outcome, reason, chain, run_id, fired_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", firings, CHUNK, (ps, f) -> {
            ps.setLong(1, f.triggerId());
            ps.setLong(2, f.contactId());
            ps.setString(3, Cues.cut(f.occurrence(), 200));
            ps.setString(4, Cues.cut(f.cue(), 500));
            ps.setString(5, f.outcome().name());
            ps.setString(6, f.reason() == null ? null : Cues.cut(f.reason(), 500));
            ps.setString(7, FiringChain.write(f.chain()));
            ps.setString(8, run);
            ps.setObject(9, at);
        });
        Map<String, Long> inserted = new HashMap<>();
        jdbc.sql("SELECT id, trigger_id, contact_id, occurrence FROM trigger_firings WHERE run_id = ?").param(run)
                .query(rs -> {
                    inserted.put(rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getString(4), rs.getLong(1));
                });
        return inserted;
    }

    void results(List<Result> results, Instant now) {
        var at = Timestamps.of(now);
        template.batchUpdate("""
                INSERT INTO trigger_action_results (firing_id, position, action, outcome, detail, held_handoff_id,
                                                    held_rep_id, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", results, CHUNK, (ps, r) -> {
            ps.setLong(1, r.firingId());
            ps.setInt(2, r.position());
            ps.setString(3, r.action());
            ps.setString(4, r.outcome());
            ps.setString(5, r.detail() == null ? null : Cues.cut(r.detail(), 1000));
            ps.setObject(6, r.held() == null ? null : r.held().handoffId(), java.sql.Types.BIGINT);
            ps.setObject(7, r.held() == null ? null : r.held().repId(), java.sql.Types.BIGINT);
            ps.setObject(8, at);
        });
    }

    /** A queued action (a webhook call) settled. */
    void settle(long firingId, int position, String outcome, String detail, Instant now) {
        jdbc.sql("UPDATE trigger_action_results SET outcome = ?, detail = ?, updated_at = ? WHERE firing_id = ? AND position = ?")
                .params(outcome, Cues.cut(detail, 1000), Timestamps.of(now), firingId, position).update();
    }

    public Page<Firing> ofTrigger(long triggerId, String cursor, int limit) {
        return page("f.trigger_id = :owner", triggerId, cursor, limit);
    }

    public Page<Firing> ofContact(long contactId, String cursor, int limit) {
        return page("f.contact_id = :owner", contactId, cursor, limit);
    }

    /** Newest first: the cursor is the id below which the next page starts. */
    private Page<Firing> page(String where, long owner, String cursor, int limit) {
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : Cursor.decode(cursor);
        List<Firing> rows = jdbc.sql("SELECT " + COLUMNS + " FROM trigger_firings f JOIN triggers t ON t.id = f.trigger_id"
                        + " WHERE " + where + " AND f.id < :before ORDER BY f.id DESC FETCH FIRST :limit ROWS ONLY")
                .param("owner", owner).param("before", before).param("limit", limit + 1)
                .query(FiringStore::firing).list();
        boolean more = rows.size() > limit;
        List<Firing> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(withResults(page), more ? Cursor.after(page.getLast().id()) : null);
    }

    private List<Firing> withResults(List<Firing> firings) {
        if (firings.isEmpty()) {
            return firings;
        }
        Map<Long, List<Firing.ActionResult>> results = new HashMap<>();
        jdbc.sql("""
                SELECT firing_id, position, action, outcome, detail, held_handoff_id, held_rep_id, updated_at
                  FROM trigger_action_results WHERE firing_id IN (:ids) ORDER BY firing_id, position""")
                .param("ids", firings.stream().map(Firing::id).toList())
                .query(rs -> {
                    Long handoffId = rs.getObject(6, Long.class);
                    results.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new Firing.ActionResult(
                            rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            handoffId == null ? null : new Firing.Held(handoffId, rs.getObject(7, Long.class)),
                            Timestamps.read(rs, 8)));
                });
        Map<Long, Firing> ordered = new LinkedHashMap<>();
        for (Firing f : firings) {
            ordered.put(f.id(), new Firing(f.id(), f.triggerId(), f.triggerName(), f.contactId(), f.occurrence(), f.cue(),
                    f.outcome(), f.reason(), f.chain(), f.firedAt(), results.getOrDefault(f.id(), List.of())));
        }
        return List.copyOf(ordered.values());
    }

    /** The survivor of a merge takes the duplicate's firings, except occurrences it has of its own. */
    void merge(long survivorId, long mergedId) {
        jdbc.sql("""
                UPDATE trigger_firings SET contact_id = :s WHERE contact_id = :m AND NOT EXISTS (
                    SELECT 1 FROM trigger_firings k WHERE k.contact_id = :s AND k.trigger_id = trigger_firings.trigger_id
                       AND k.occurrence = trigger_firings.occurrence)""")
                .param("s", survivorId).param("m", mergedId).update();
    }

    private static Firing firing(ResultSet rs, int n) throws SQLException {
        return new Firing(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                Firing.Outcome.valueOf(rs.getString(7)), rs.getString(8), FiringChain.read(rs.getString(9)),
                Timestamps.read(rs, 10), List.of());
    }
}
