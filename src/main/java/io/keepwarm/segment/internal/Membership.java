package io.keepwarm.segment.internal;

import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.SegmentEntered;
import io.keepwarm.segment.SegmentLeft;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each segment's recorded members in step with its rule and tells other modules who entered and left.
 * Changed contacts are re-checked in batches, so the work follows what changed, not how many contacts there
 * are; segments whose rules move with time are rebuilt whole on a schedule, as are new and edited segments.
 */
@Component
public class Membership {

    static final int BATCH = 5000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Membership.class);
    private static final int EVENT_SIZE = 10_000;

    private record Stored(long id, Rule rule, boolean timeDependent) {}

    /** What one refresh did. */
    public record Refreshed(int contactsChecked, int segmentsRebuilt, long entered, long left) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final SegmentQueries queries;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;

    Membership(JdbcClient jdbc, JdbcTemplate template, SegmentQueries queries, Clock clock,
            ApplicationEventPublisher events, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.template = template;
        this.queries = queries;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Queues contacts for a re-check, in the caller's transaction; nothing to do while no segment exists. */
    public void changed(Collection<Long> contactIds) {
        if (contactIds.isEmpty() || jdbc.sql("SELECT COUNT(*) FROM segments").query(Long.class).single() == 0) {
            return;
        }
        template.batchUpdate("INSERT INTO segment_changes (contact_id) VALUES (?)", new ArrayList<>(contactIds),
                BATCH, (ps, id) -> ps.setLong(1, id));
    }

    /** Rebuilds segments that are new, edited or move with time, then re-checks every queued contact. */
    public Refreshed refresh(boolean includeTimeDependent) {
        long[] totals = new long[2];
        int rebuilt = 0;
        for (long id : jdbc.sql("SELECT id FROM segments WHERE rebuild_due" + (includeTimeDependent ? " OR time_dependent" : "")
                + " ORDER BY id").query(Long.class).list()) {
            long[] moved;
            try {
                moved = tx.execute(status -> rebuild(id));
            } catch (RuntimeException broken) {
                // One segment whose rule no longer works (an attribute it names was deleted) holds up no other.
                log.error("Segment {} could not be rebuilt; its members stay as they were", id, broken);
                continue;
            }
            totals[0] += moved[0];
            totals[1] += moved[1];
            rebuilt++;
        }
        int checked = 0;
        while (true) {
            long[] moved = tx.execute(status -> recheckBatch());
            if (moved == null) {
                break;
            }
            checked += (int) moved[2];
            totals[0] += moved[0];
            totals[1] += moved[1];
        }
        return new Refreshed(checked, rebuilt, totals[0], totals[1]);
    }

    /**
     * Marks the segment rebuilt first, which holds its row to the end: a second rebuild (the admin's refresh beside
     * the job, another instance) waits, then works out the difference again from what the first committed and finds
     * none, and an edit saved meanwhile waits too, so its rule is the one read here or its rebuild stays due. An
     * UPDATE rather than FOR UPDATE, because it leaves re-checks free to add members meanwhile (their foreign key
     * shares the row) where FOR UPDATE deadlocked with them.
     */
    private long[] rebuild(long segmentId) {
        if (jdbc.sql("UPDATE segments SET rebuild_due = FALSE, refreshed_at = ? WHERE id = ?")
                .params(Timestamps.now(clock), segmentId).update() == 0) {
            return new long[2];
        }
        Stored segment = load(segmentId);
        List<Long> entering = queries.entering(segmentId, segment.rule());
        List<Long> leaving = queries.leaving(segmentId, segment.rule());
        return apply(segmentId, entering, leaving);
    }

    /** One batch of queued contacts against every segment; null when the queue is empty. */
    private long[] recheckBatch() {
        List<long[]> queued = jdbc.sql("SELECT id, contact_id FROM segment_changes ORDER BY id FETCH FIRST " + BATCH
                        + " ROWS ONLY FOR UPDATE SKIP LOCKED")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        if (queued.isEmpty()) {
            return null;
        }
        Set<Long> contacts = new TreeSet<>();
        queued.forEach(row -> contacts.add(row[1]));
        long entered = 0;
        long left = 0;
        for (Stored segment : all()) {
            Set<Long> matching;
            try {
                matching = new HashSet<>(savepoint.execute(status -> queries.matching(segment.rule(), segment.id(), contacts)));
            } catch (RuntimeException broken) {
                // A segment whose rule no longer works keeps its members; the queued contacts go on to the others.
                log.error("Segment {} could not be checked; its members stay as they were", segment.id(), broken);
                continue;
            }
            Set<Long> members = new HashSet<>(jdbc.sql("""
                    SELECT contact_id FROM segment_members WHERE segment_id = :segment AND contact_id IN (:ids)""")
                    .param("segment", segment.id()).param("ids", contacts).query(Long.class).list());
            List<Long> entering = contacts.stream().filter(id -> matching.contains(id) && !members.contains(id)).toList();
            List<Long> leaving = contacts.stream().filter(id -> members.contains(id) && !matching.contains(id)).toList();
            long[] moved = apply(segment.id(), entering, leaving);
            entered += moved[0];
            left += moved[1];
        }
        template.batchUpdate("DELETE FROM segment_changes WHERE id = ?", queued, BATCH, (ps, row) -> ps.setLong(1, row[0]));
        return new long[] {entered, left, contacts.size()};
    }

    /**
     * Records who entered and left and tells of exactly those rows that changed: a re-check and a rebuild of the same
     * segment may run at once (they do not wait for each other), and the one that comes second finds the rows
     * already there or already gone. Returns how many entered and left.
     */
    private long[] apply(long segmentId, List<Long> entering, List<Long> leaving) {
        var now = Timestamps.now(clock);
        // A contact erased or merged away since it was queued is simply gone; the foreign key would refuse it.
        // INSERT ... SELECT is never rewritten into one multi-row statement, so each count is that contact's own.
        List<Long> entered = changed(entering, template.batchUpdate("""
                INSERT INTO segment_members (segment_id, contact_id, entered_at)
                SELECT ?, id, ? FROM contacts WHERE id = ? ON CONFLICT DO NOTHING""", entering, BATCH, (ps, id) -> {
            ps.setLong(1, segmentId);
            ps.setObject(2, now);
            ps.setLong(3, id);
        }));
        List<Long> left = changed(leaving, template.batchUpdate(
                "DELETE FROM segment_members WHERE segment_id = ? AND contact_id = ?", leaving, BATCH, (ps, id) -> {
                    ps.setLong(1, segmentId);
                    ps.setLong(2, id);
                }));
        for (var chunk : Chunks.of(entered, EVENT_SIZE)) {
            events.publishEvent(new SegmentEntered(segmentId, new TreeSet<>(chunk)));
        }
        for (var chunk : Chunks.of(left, EVENT_SIZE)) {
            events.publishEvent(new SegmentLeft(segmentId, new TreeSet<>(chunk)));
        }
        return new long[] {entered.size(), left.size()};
    }

    /** The contacts whose statement in the batch changed a row. */
    private static List<Long> changed(List<Long> contacts, int[][] counts) {
        List<Long> changed = new ArrayList<>();
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count == java.sql.Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("The database did not say which segment members changed");
                }
                if (count > 0) {
                    changed.add(contacts.get(i));
                }
                i++;
            }
        }
        return changed;
    }

    private List<Stored> all() {
        return jdbc.sql("SELECT id, rule_json, time_dependent FROM segments ORDER BY id")
                .query((rs, n) -> new Stored(rs.getLong(1), SegmentRows.rule(rs.getString(2)), rs.getBoolean(3))).list();
    }

    private Stored load(long id) {
        return jdbc.sql("SELECT id, rule_json, time_dependent FROM segments WHERE id = ?").param(id)
                .query((rs, n) -> new Stored(rs.getLong(1), SegmentRows.rule(rs.getString(2)), rs.getBoolean(3)))
                .single();
    }
}
