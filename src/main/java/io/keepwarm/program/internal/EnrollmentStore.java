package io.keepwarm.program.internal;

import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Claims;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Enrollments as stored, read and written in batches. */
@Component
public class EnrollmentStore {

    private static final int CHUNK = 1000;
    private static final List<String> NOT_THROUGH = java.util.stream.Stream.concat(
            Enrollments.TAKEN_OUT_BY_STAGE.stream(), java.util.stream.Stream.of(Enrollments.MERGED)).toList();
    private static final String COLUMNS = """
            id, program_id, contact_id, status, source, enrolled_at, step, occurrence, next_due_at, ended_at, end_reason,
            exhausted_at""";

    /** A new enrollment, the sequence step it starts at (0 but for a contact coming back), and when it is due. */
    public record New(long contactId, int step, Instant nextDueAt) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    EnrollmentStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Of the given contacts, those the program may not enroll: active now, or ever enrolled when once is all. */
    public Set<Long> blocked(long programId, Collection<Long> contactIds, boolean ever) {
        Set<Long> blocked = new HashSet<>();
        List<Long> ids = List.copyOf(contactIds);
        for (var chunk : Chunks.of(ids, CHUNK)) {
            // An enrollment ended because its contact's stage took it out does not count as having been through, nor
            // does a duplicate's place a merge folded into the contact's own: that place decides.
            blocked.addAll(jdbc.sql("SELECT DISTINCT contact_id FROM enrollments WHERE program_id = :p AND contact_id IN (:ids)"
                            + (ever ? " AND (end_reason IS NULL OR end_reason NOT IN (:back))" : " AND status = 'ACTIVE'"))
                    .param("p", programId).param("ids", chunk).param("back", NOT_THROUGH)
                    .query(Long.class).list());
        }
        return blocked;
    }

    /** Of the given contacts, those the program let go for their stage, with the step the latest such one stood at. */
    public Map<Long, Integer> takenOutByStage(long programId, Collection<Long> contactIds) {
        Map<Long, Integer> steps = new HashMap<>();
        for (var chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            jdbc.sql("""
                    SELECT contact_id, step FROM enrollments
                     WHERE program_id = :p AND contact_id IN (:ids) AND end_reason IN (:back) ORDER BY id""")
                    .param("p", programId).param("ids", chunk).param("back", Enrollments.TAKEN_OUT_BY_STAGE)
                    .query(rs -> { steps.put(rs.getLong(1), rs.getInt(2)); });
        }
        return steps;
    }

    /** A contact's latest place in a program, ended because its stage took it out of nurture. */
    public record LeftForStage(long programId, long contactId, Enrollment.Source source, int step) {}

    /**
     * Of these contacts, each latest place in an active or paused program that their stage ended (a place a merge
     * folded into theirs does not count as later), in program order.
     */
    public List<LeftForStage> leftForStage(Collection<Long> contactIds) {
        List<LeftForStage> left = new ArrayList<>();
        for (var chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            left.addAll(jdbc.sql("""
                    SELECT e.program_id, e.contact_id, e.source, e.step FROM enrollments e
                     WHERE e.contact_id IN (:ids) AND e.end_reason IN (:back)
                       AND e.program_id IN (SELECT p.id FROM programs p WHERE p.status IN ('ACTIVE', 'PAUSED'))
                       AND NOT EXISTS (SELECT 1 FROM enrollments l
                                        WHERE l.program_id = e.program_id AND l.contact_id = e.contact_id
                                          AND l.id > e.id AND COALESCE(l.end_reason, '') <> :merged)
                     ORDER BY e.program_id, e.contact_id""")
                    .param("ids", chunk).param("back", Enrollments.TAKEN_OUT_BY_STAGE)
                    .param("merged", Enrollments.MERGED)
                    .query((rs, n) -> new LeftForStage(rs.getLong(1), rs.getLong(2),
                            Enrollment.Source.valueOf(rs.getString(3)), rs.getInt(4))).list());
        }
        return left;
    }

    public void insert(long programId, List<New> enrollments, Enrollment.Source source, Instant now) {
        template.batchUpdate("""
                INSERT INTO enrollments (program_id, contact_id, active_contact_id, status, source, enrolled_at, step,
                    occurrence, next_due_at)
                VALUES (?, ?, ?, 'ACTIVE', ?, ?, ?, 0, ?)""", enrollments, CHUNK, (ps, e) -> {
            ps.setLong(1, programId);
            ps.setLong(2, e.contactId());
            ps.setLong(3, e.contactId());
            ps.setString(4, source.name());
            ps.setObject(5, Timestamps.of(now));
            ps.setInt(6, e.step());
            ps.setObject(7, Timestamps.of(e.nextDueAt()));
        });
    }

    /**
     * Ends every active enrollment of these contacts, in whatever program; answers the programs each left, and puts
     * the ended enrollments' ids in {@code ended}.
     */
    public Map<Long, List<Long>> endAllOf(Collection<Long> contactIds, Enrollment.Status status, String reason,
            Instant now, List<Long> ended) {
        Map<Long, List<Long>> left = new java.util.TreeMap<>();
        for (var chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            String where = " WHERE contact_id IN (:ids) AND status = 'ACTIVE'";
            jdbc.sql("SELECT contact_id, program_id, id FROM enrollments" + where + " ORDER BY contact_id, program_id")
                    .param("ids", chunk)
                    .query(rs -> {
                        left.computeIfAbsent(rs.getLong(1), c -> new ArrayList<>()).add(rs.getLong(2));
                        ended.add(rs.getLong(3));
                    });
            jdbc.sql("UPDATE enrollments SET status = :status, active_contact_id = NULL, next_due_at = NULL,"
                            + " ended_at = :now, end_reason = :reason" + where)
                    .param("ids", chunk).param("status", status.name()).param("now", endedAt(now)).param("reason", reason)
                    .update();
        }
        return left;
    }

    /**
     * Ends the active enrollments of these contacts, or all of the program's when contactIds is null; answers the
     * ended enrollments' contact ids by enrollment id.
     */
    public Map<Long, Long> end(long programId, Collection<Long> contactIds, Enrollment.Status status, String reason,
            Instant now) {
        if (contactIds == null) {
            return endWhere(programId, "", List.of(), status, reason, now);
        }
        Map<Long, Long> ended = new java.util.LinkedHashMap<>();
        List<Long> ids = List.copyOf(contactIds);
        for (var chunk : Chunks.of(ids, CHUNK)) {
            ended.putAll(endWhere(programId, " AND contact_id IN (:ids)", chunk,
                    status, reason, now));
        }
        return ended;
    }

    private Map<Long, Long> endWhere(long programId, String contacts, List<Long> ids, Enrollment.Status status, String reason,
            Instant now) {
        String where = " WHERE program_id = :p AND status = 'ACTIVE'" + contacts;
        Map<String, Object> params = new HashMap<>(Map.of("p", programId, "status", status.name(),
                "now", endedAt(now), "reason", reason));
        if (!ids.isEmpty()) {
            params.put("ids", ids);
        }
        Map<Long, Long> ended = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT id, contact_id FROM enrollments" + where + " ORDER BY id").params(params)
                .query(rs -> { ended.put(rs.getLong(1), rs.getLong(2)); });
        jdbc.sql("UPDATE enrollments SET status = :status, active_contact_id = NULL, next_due_at = NULL, ended_at = :now,"
                        + " end_reason = :reason" + where).params(params).update();
        return ended;
    }

    /**
     * Locks up to {@code limit} active enrollments of active programs that are due, skipping rows another worker
     * holds, so several engines share the work without taking the same enrollment.
     */
    public List<Enrollment> claimDue(Instant now, int limit) {
        return Claims.wholeContacts(jdbc.sql("SELECT " + COLUMNS + """
                         FROM enrollments
                        WHERE status = 'ACTIVE' AND next_due_at <= :now
                          AND program_id IN (SELECT p.id FROM programs p WHERE p.status = 'ACTIVE')
                        ORDER BY next_due_at, contact_id FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamps.of(now)).param("limit", limit).query(EnrollmentStore::row).list(), limit,
                Enrollment::contactId);
    }


    /**
     * Of these enrollments, those that were stopped, by id: exited, or ended because the goal was reached, with when
     * it was reached.
     */
    public Map<Long, Enrollments.Stopped> stopped(Collection<Long> ids) {
        Map<Long, Enrollments.Stopped> stopped = new HashMap<>();
        if (ids.isEmpty()) {
            return stopped;
        }
        jdbc.sql("""
                SELECT id, status, ended_at FROM enrollments
                 WHERE id IN (:ids) AND (status = 'EXITED' OR end_reason = 'GOAL_REACHED')""")
                .param("ids", ids).query(rs -> {
                    stopped.put(rs.getLong("id"), new Enrollments.Stopped("EXITED".equals(rs.getString("status")),
                            Timestamps.read(rs, "ended_at")));
                });
        return stopped;
    }

    /**
     * Moves enrollments on with one statement per group of moves to the same step, occurrence and due time, the
     * group's ids as an array: a stream's batch has a handful of groups (a zone's next cadence moment each), so this
     * is a few statements a batch instead of one per enrollment.
     */
    public void moveAll(List<io.keepwarm.program.Enrollments.Move> moves) {
        Map<Target, List<Long>> groups = new java.util.LinkedHashMap<>();
        moves.forEach(m -> groups.computeIfAbsent(new Target(m.step(), m.occurrence(), m.nextDueAt()), k -> new ArrayList<>())
                .add(m.enrollmentId()));
        List<Map.Entry<Target, List<Long>>> chunks = new ArrayList<>();
        groups.forEach((target, ids) -> Chunks.of(ids, CHUNK).forEach(chunk -> chunks.add(Map.entry(target, chunk))));
        // Only the active: a walk's own step (a stage that takes the contact out of nurture) may have ended one.
        template.batchUpdate("UPDATE enrollments SET step = ?, occurrence = ?, next_due_at = ? WHERE id = ANY(?)"
                + " AND status = 'ACTIVE'", chunks,
                CHUNK, (ps, group) -> {
                    ps.setInt(1, group.getKey().step());
                    ps.setInt(2, group.getKey().occurrence());
                    ps.setObject(3, Timestamps.of(group.getKey().nextDueAt()));
                    ps.setArray(4, ps.getConnection().createArrayOf("BIGINT", group.getValue().toArray()));
                });
    }

    /** Where a move puts an enrollment. */
    private record Target(int step, int occurrence, Instant nextDueAt) {}

    /** Notes when the enrollment ran out of content; answers whether it had content until this call. */
    public boolean exhausted(long id, Instant at) {
        return jdbc.sql("UPDATE enrollments SET exhausted_at = ? WHERE id = ? AND exhausted_at IS NULL")
                .params(Timestamps.of(at), id).update() > 0;
    }

    /** Forgets that these enrollments ran out of content. */
    public void replenished(List<Long> ids) {
        for (List<Long> chunk : Chunks.of(ids, CHUNK)) {
            jdbc.sql("UPDATE enrollments SET exhausted_at = NULL WHERE id IN (:ids)").param("ids", chunk).update();
        }
    }

    /** Ends the enrollment if it is active; answers whether it was. */
    public List<Enrollment> ofContact(long contactId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM enrollments WHERE contact_id = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY")
                .params(contactId, limit).query(EnrollmentStore::row).list();
    }

    public boolean endOne(long id, Enrollment.Status status, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE enrollments SET status = ?, active_contact_id = NULL, next_due_at = NULL, ended_at = ?, end_reason = ?
                 WHERE id = ? AND status = 'ACTIVE'""")
                .params(status.name(), endedAt(now), reason, id).update() > 0;
    }

    /**
     * Whole microseconds, cut rather than rounded as the databases would: a touch planned in the walk that ended
     * the enrollment (its planned_at cut alike) is then never taken for one planned before the end.
     */
    private static java.time.OffsetDateTime endedAt(Instant now) {
        return Timestamps.of(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    /**
     * The active enrollments of these contacts in these programs. The ids go as two arrays, 1,000 contacts at a time:
     * PostgreSQL plans a list of a thousand values far slower, and the activity feed asks this of every batch.
     */
    public List<Enrollment> activeIn(Collection<Long> programIds, Collection<Long> contactIds) {
        List<Enrollment> found = new ArrayList<>();
        for (var chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            found.addAll(jdbc.sql("SELECT " + COLUMNS + """
                             FROM enrollments
                            WHERE contact_id = ANY(:ids) AND program_id = ANY(:programs) AND status = 'ACTIVE'""")
                    .param("ids", new org.springframework.jdbc.support.SqlArrayValue("bigint", chunk.toArray()))
                    .param("programs", new org.springframework.jdbc.support.SqlArrayValue("bigint", programIds.toArray()))
                    .query(EnrollmentStore::row).list());
        }
        return found;
    }

    /** The active enrollments of these contacts in the program. */
    public List<Enrollment> activeOf(long programId, Collection<Long> contactIds) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM enrollments WHERE program_id = :p AND active_contact_id IN (:ids)")
                .param("p", programId).param("ids", contactIds).query(EnrollmentStore::row).list();
    }

    public Page<Enrollment> listOfContact(long contactId, Enrollment.Status status, String cursor, int limit) {
        return Page.of(jdbc.sql("SELECT " + COLUMNS + """
                         FROM enrollments WHERE contact_id = :c AND id > :after
                          AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                        ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("c", contactId).param("after", Cursor.decode(cursor))
                .param("status", status == null ? null : status.name()).param("limit", limit + 1)
                .query(EnrollmentStore::row).list(), limit, Enrollment::id);
    }

    public Page<Enrollment> list(long programId, Enrollment.Status status, String cursor, int limit) {
        return Page.of(jdbc.sql("SELECT " + COLUMNS + """
                         FROM enrollments WHERE program_id = :p AND id > :after
                          AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                        ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("p", programId).param("after", Cursor.decode(cursor))
                .param("status", status == null ? null : status.name()).param("limit", limit + 1)
                .query(EnrollmentStore::row).list(), limit, Enrollment::id);
    }

    /**
     * Moves a sequence's enrollments to their places in its edited steps ({@code places[old] = new}), the ended ones
     * too (where they stood is what the program's figures show), and starts a new round of touch keys for the active
     * ones (occurrence + 1): a step that now sits where an old touch's step was is a different step and must not be
     * taken for sent.
     */
    public void moveToEditedSteps(long programId, int[] places) {
        StringBuilder cases = new StringBuilder("CASE step");
        List<Object> params = new ArrayList<>();
        for (int old = 0; old < places.length; old++) {
            cases.append(" WHEN ? THEN ?");
            params.add(old);
            params.add(places[old]);
        }
        cases.append(" ELSE step END");
        params.add(programId);
        jdbc.sql("UPDATE enrollments SET step = " + cases
                        + ", occurrence = CASE WHEN status = 'ACTIVE' THEN occurrence + 1 ELSE occurrence END WHERE program_id = ?")
                .params(params).update();
    }

    /** An active enrollment waiting to go on: whose contact, and when. */
    public record Waiting(long id, long contactId, Instant due) {}

    /** Up to {@code limit} active enrollments at this step with a due time, after id {@code afterId}, by id. */
    public List<Waiting> waitingAt(long programId, int step, long afterId, int limit) {
        return jdbc.sql("""
                SELECT id, contact_id, next_due_at FROM enrollments
                 WHERE program_id = ? AND status = 'ACTIVE' AND step = ? AND next_due_at IS NOT NULL AND id > ?
                 ORDER BY id FETCH FIRST ? ROWS ONLY""")
                .params(programId, step, afterId, limit)
                .query((rs, n) -> new Waiting(rs.getLong(1), rs.getLong(2), Timestamps.read(rs, "next_due_at"))).list();
    }

    /** Sets each enrollment's due time. */
    public void setDue(Map<Long, Instant> dueById) {
        template.batchUpdate("UPDATE enrollments SET next_due_at = ? WHERE id = ?", List.copyOf(dueById.entrySet()),
                1_000, (ps, due) -> {
                    ps.setObject(1, Timestamps.of(due.getValue()));
                    ps.setLong(2, due.getKey());
                });
    }

    /** Active enrollments per step, for what an edit would touch. */
    public List<int[]> activeByStep(long programId) {
        return jdbc.sql("SELECT step, COUNT(*) FROM enrollments WHERE program_id = ? AND status = 'ACTIVE' GROUP BY step ORDER BY step")
                .param(programId).query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)}).list();
    }

    /**
     * Counts each person once, where they stand: ACTIVE, COMPLETED (walked through its steps), GOAL_REACHED (completed
     * at the goal) or EXITED, so they add up to everyone ever enrolled; and, of the active, how many ran out of content
     * (EXHAUSTED). A person with several places (back from sales, enrolled again after an end, a duplicate merged in)
     * stands where the best of them does, in that order; a place a merge folded into another (MERGED) is not counted at
     * all. Counting places made one person two "ever enrolled", and a merged pair two goals reached.
     */
    public Map<String, Long> counts(long programId) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Enrollment.Status status : Enrollment.Status.values()) {
            counts.put(status.name(), 0L);
        }
        counts.put(Enrollments.GOAL_REACHED, 0L);
        String[] standings = {"ACTIVE", Enrollments.GOAL_REACHED, "COMPLETED", "EXITED"};
        jdbc.sql("""
                SELECT standing, COUNT(*) FROM (
                    SELECT contact_id, MIN(CASE WHEN status = 'ACTIVE' THEN 0
                                                WHEN status = 'COMPLETED' AND end_reason = 'GOAL_REACHED' THEN 1
                                                WHEN status = 'COMPLETED' THEN 2 ELSE 3 END) AS standing
                      FROM enrollments WHERE program_id = :p AND COALESCE(end_reason, '') <> :merged
                     GROUP BY contact_id) e
                 GROUP BY standing""").param("p", programId).param("merged", Enrollments.MERGED)
                .query(rs -> { counts.put(standings[rs.getInt(1)], rs.getLong(2)); });
        counts.put("EXHAUSTED", jdbc.sql("""
                SELECT COUNT(*) FROM enrollments WHERE program_id = ? AND status = 'ACTIVE' AND exhausted_at IS NOT NULL""")
                .param(programId).query(Long.class).single());
        return counts;
    }

    private static Enrollment row(ResultSet rs, int n) throws SQLException {
        return new Enrollment(rs.getLong("id"), rs.getLong("program_id"), rs.getLong("contact_id"),
                Enrollment.Status.valueOf(rs.getString("status")), Enrollment.Source.valueOf(rs.getString("source")),
                Timestamps.read(rs, "enrolled_at"), rs.getInt("step"), rs.getInt("occurrence"),
                Timestamps.read(rs, "next_due_at"), Timestamps.read(rs, "ended_at"), rs.getString("end_reason"),
                Timestamps.read(rs, "exhausted_at"));
    }
}
