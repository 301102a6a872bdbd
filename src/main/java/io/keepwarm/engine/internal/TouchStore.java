package io.keepwarm.engine.internal;

import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Claims;
import io.keepwarm.contact.Channel;
import io.keepwarm.engine.Touch;
import java.util.Optional;
import io.keepwarm.platform.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.keepwarm.platform.CustomPlans;
import io.keepwarm.platform.Database;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Touches as stored. */
@Component
public class TouchStore {

    /**
     * A touch to write; its natural key is (enrollment, step, occurrence). Planned to go at {@code dueAt}, or, when a
     * planning pass has already settled it, written in the state it ends in: sent, deferred (planned, with a reason
     * and a later due time), suppressed or failed.
     */
    public record Plan(long enrollmentId, long programId, long contactId, int step, int occurrence, Touch.Kind kind,
            Channel channel, Long contentId, String note, Instant dueAt, Instant staleAt, Touch.State state,
            String reason, String reasonDetail) {

        public Plan(long enrollmentId, long programId, long contactId, int step, int occurrence, Touch.Kind kind,
                Channel channel, Long contentId, String note, Instant dueAt, Instant staleAt) {
            this(enrollmentId, programId, contactId, step, occurrence, kind, channel, contentId, note, dueAt, staleAt,
                    Touch.State.PLANNED, null, null);
        }

        /** The same plan on another channel with another piece: a readiness check by phone asked by email. */
        public Plan as(Channel channel, Long contentId) {
            return new Plan(enrollmentId, programId, contactId, step, occurrence, kind, channel, contentId, note, dueAt,
                    staleAt, state, reason, reasonDetail);
        }

        public Plan settled(Touch.State state, String reason, String reasonDetail, Instant dueAt) {
            return new Plan(enrollmentId, programId, contactId, step, occurrence, kind, channel, contentId, note, dueAt,
                    staleAt, state, reason, reasonDetail);
        }

        /** The touch this plan is once written with {@code id} at {@code at}. */
        public Touch touch(long id, Instant at) {
            return new Touch(id, enrollmentId, programId, contactId, step, occurrence, kind, channel, contentId, note,
                    state, reason, at, dueAt, staleAt, state == Touch.State.SENT ? at : null, reasonDetail);
        }

        private int attempts() {
            return state == Touch.State.SENT ? 1 : 0;
        }
    }

    private static final String COLUMNS = """
            id, enrollment_id, program_id, contact_id, step, occurrence, kind, channel, content_id, note, state, reason,
            planned_at, due_at, stale_at, sent_at, reason_detail""";

    /** A page of a program's touches in id order: a range of the index (program_id, id), read until it is full. */
    static final String PROGRAM_PAGE = "SELECT " + COLUMNS
            + " FROM touches WHERE program_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY";

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;
    private final CustomPlans customPlans;
    private final boolean postgres;
    private final java.time.Clock clock;

    TouchStore(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template, CustomPlans customPlans,
            Database database, java.time.Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.template = template;
        this.customPlans = customPlans;
        this.postgres = database.postgres();
    }

    /**
     * Writes the touches whose natural keys hold none yet, each in its plan's state, in one statement per thousand,
     * and returns the new ones with their ids. A key already taken (a tick retried after a crash) is left as it is.
     */
    public java.util.Map<Plan, Long> planAll(List<Plan> plans, Instant now) {
        java.util.Map<Plan, Long> created = new java.util.LinkedHashMap<>();
        if (plans.isEmpty()) {
            return created;
        }
        // Whole microseconds, as both databases keep them, so H2's read-back below finds exactly this batch's rows.
        var at = Timestamps.of(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        if (postgres) {
            for (var chunk : Chunks.of(plans, 1000)) {
                planReturning(chunk, at, created);
            }
            return created;
        }
        template.batchUpdate("""
                INSERT INTO touches (enrollment_id, program_id, contact_id, step, occurrence, kind, channel, content_id,
                    note, state, reason, planned_at, due_at, stale_at, attempts, sent_at, reason_detail, ended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", plans, 1000, (ps, p) -> {
            ps.setLong(1, p.enrollmentId());
            ps.setLong(2, p.programId());
            ps.setLong(3, p.contactId());
            ps.setInt(4, p.step());
            ps.setInt(5, p.occurrence());
            ps.setString(6, p.kind().name());
            ps.setString(7, p.channel() == null ? null : p.channel().name());
            ps.setObject(8, p.contentId());
            ps.setString(9, p.note());
            ps.setString(10, p.state().name());
            ps.setString(11, p.reason());
            ps.setObject(12, at);
            ps.setObject(13, Timestamps.of(p.dueAt()));
            ps.setObject(14, Timestamps.of(p.staleAt()));
            ps.setInt(15, p.attempts());
            ps.setObject(16, p.state() == Touch.State.SENT ? at : null);
            ps.setString(17, p.reasonDetail());
            ps.setObject(18, ended(p.state()) ? at : null);
        });
        java.util.Map<String, Plan> byKey = new java.util.HashMap<>();
        plans.forEach(p -> byKey.put(p.enrollmentId() + "/" + p.step() + "/" + p.occurrence(), p));
        List<Long> enrollments = plans.stream().map(Plan::enrollmentId).distinct().toList();
        for (var chunk : Chunks.of(enrollments, 1000)) {
            // Custom plans, as for history: a generic plan cached while touches was nearly empty scans it whole.
            customPlans.around(() -> jdbc.sql(
                            "SELECT id, enrollment_id, step, occurrence FROM touches WHERE enrollment_id IN (:e) AND planned_at = :at")
                    .param("e", chunk).param("at", at)
                    .query(rs -> {
                        Plan plan = byKey.get(rs.getLong(2) + "/" + rs.getInt(3) + "/" + rs.getInt(4));
                        if (plan != null) {
                            created.put(plan, rs.getLong(1));
                        }
                    }));
        }
        return created;
    }

    /**
     * On PostgreSQL, one statement over arrays that answers with the rows it created: no read-back of the new ids,
     * which cost a tick at a million enrollments about as much as marking its touches sent.
     */
    private void planReturning(List<Plan> plans, java.time.OffsetDateTime at, java.util.Map<Plan, Long> created) {
        java.util.Map<String, Plan> byKey = new java.util.HashMap<>();
        plans.forEach(p -> byKey.put(p.enrollmentId() + "/" + p.step() + "/" + p.occurrence(), p));
        jdbc.sql("""
                INSERT INTO touches (enrollment_id, program_id, contact_id, step, occurrence, kind, channel, content_id,
                    note, state, reason, planned_at, due_at, stale_at, attempts, sent_at, reason_detail, ended_at)
                SELECT v.e, v.p, v.c, v.s, v.o, v.k, v.ch, v.ct, v.n, v.state, v.r, :at, v.d, v.st, v.a,
                       CASE WHEN v.a > 0 THEN CAST(:at AS TIMESTAMP WITH TIME ZONE) END, v.rd,
                       CASE WHEN v.state IN ('SUPPRESSED', 'FAILED') THEN CAST(:at AS TIMESTAMP WITH TIME ZONE) END
                  FROM unnest(:e, :p, :c, :s, :o, :k, :ch, :ct, :n, :state, :r, :d, :st, :a, :rd)
                       AS v(e, p, c, s, o, k, ch, ct, n, state, r, d, st, a, rd)
                ON CONFLICT DO NOTHING RETURNING id, enrollment_id, step, occurrence""")
                .param("at", at)
                .param("e", array("bigint", plans, Plan::enrollmentId))
                .param("p", array("bigint", plans, Plan::programId))
                .param("c", array("bigint", plans, Plan::contactId))
                .param("s", array("int4", plans, Plan::step))
                .param("o", array("int4", plans, Plan::occurrence))
                .param("k", array("varchar", plans, p -> p.kind().name()))
                .param("ch", array("varchar", plans, p -> p.channel() == null ? null : p.channel().name()))
                .param("ct", array("bigint", plans, Plan::contentId))
                .param("n", array("varchar", plans, Plan::note))
                .param("state", array("varchar", plans, p -> p.state().name()))
                .param("r", array("varchar", plans, Plan::reason))
                .param("rd", array("varchar", plans, Plan::reasonDetail))
                .param("a", array("int4", plans, Plan::attempts))
                .param("d", array("timestamptz", plans, p -> Timestamps.of(p.dueAt())))
                .param("st", array("timestamptz", plans, p -> Timestamps.of(p.staleAt())))
                .query(rs -> {
                    created.put(byKey.get(rs.getLong(2) + "/" + rs.getInt(3) + "/" + rs.getInt(4)), rs.getLong(1));
                });
    }

    private static org.springframework.jdbc.support.SqlArrayValue array(String type, List<Plan> plans,
            java.util.function.Function<Plan, Object> column) {
        return new org.springframework.jdbc.support.SqlArrayValue(type, plans.stream().map(column).toArray());
    }

    /**
     * Locks up to {@code limit} planned touches of running programs that are due, skipping rows another worker
     * holds, so several engines share the sending without taking the same touch.
     */
    public List<Touch> claimPlanned(Instant now, List<Long> activePrograms, int limit) {
        if (activePrograms.isEmpty()) {
            return List.of();
        }
        // Planned for its own values: a plan kept from before a tick planned 100,000 touches sorted them all.
        List<Touch> claimed = new ArrayList<>();
        customPlans.around(() -> claimed.addAll(jdbc.sql("SELECT " + COLUMNS + """
                         FROM touches WHERE state = 'PLANNED' AND due_at <= :now AND program_id IN (:programs)
                        ORDER BY due_at, contact_id, id FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamps.of(now)).param("programs", activePrograms).param("limit", limit)
                .query(TouchStore::row).list()));
        return Claims.wholeContacts(claimed, limit, Touch::contactId);
    }

    /** After a bulk of new touches: see {@link CustomPlans#analyze}. */
    public void refreshStatistics() {
        customPlans.analyze("touches");
    }

    /** Marks these touches sent, in one statement per thousand: an id array instead of a statement per row. */
    public void sentAll(List<Long> ids, Instant at) {
        for (var chunk : Chunks.of(ids, 1000)) {
            template.update("UPDATE touches SET state = 'SENT', sent_at = ?, reason = NULL, attempts = attempts + 1 WHERE id = ANY(?)",
                    ps -> {
                        ps.setObject(1, Timestamps.of(at));
                        ps.setArray(2, ps.getConnection().createArrayOf("BIGINT", chunk.toArray()));
                    });
        }
    }

    /**
     * A touch of no program the contact asked for (an offer's piece), written once in the state it ends in: SENT, or
     * SUPPRESSED or FAILED with the reason. Answers its id.
     */
    public long insertRequested(long contactId, long contentId, Touch.State state, String reason, Instant now) {
        return insertRequested(contactId, contentId, state, reason, null, now);
    }

    /** The same, with the detail of why it did not go (the cause a piece could not be filled in). */
    public long insertRequested(long contactId, long contentId, Touch.State state, String reason, String detail,
            Instant now) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        var at = Timestamps.of(now);
        jdbc.sql("""
                INSERT INTO touches (contact_id, step, occurrence, kind, channel, content_id, state, reason, planned_at,
                    due_at, stale_at, attempts, sent_at, reason_detail, ended_at)
                VALUES (?, 0, 0, 'SEND', 'EMAIL', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""")
                .params(contactId, contentId, state.name(), reason, at, at, at, state == Touch.State.SENT ? at : null,
                        detail, ended(state) ? at : null)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** How a touch the contact asked for stands: its state, and the reason it was withheld or failed. */
    public record Requested(Touch.State state, String reason) {}

    /** The latest piece the contact asked for (a touch of no program) planned at or after the instant. */
    public Optional<Requested> requestedSince(long contactId, long contentId, Instant since) {
        return jdbc.sql("""
                SELECT state, reason FROM touches WHERE contact_id = ? AND content_id = ? AND enrollment_id IS NULL
                   AND planned_at >= ? ORDER BY id DESC FETCH FIRST 1 ROW ONLY""")
                .params(contactId, contentId, Timestamps.of(since))
                .query((rs, row) -> new Requested(Touch.State.valueOf(rs.getString(1)), rs.getString(2))).optional();
    }

    /** A readiness check by phone turned to email ({@link ReadinessByEmail}): its channel and piece now. */
    public void reroute(long id, Channel channel, Long contentId) {
        jdbc.sql("UPDATE touches SET channel = ?, content_id = ? WHERE id = ?").params(channel.name(), contentId, id)
                .update();
    }

    public void defer(long id, Instant until, String reason) {
        jdbc.sql("UPDATE touches SET due_at = ?, reason = ? WHERE id = ?").params(Timestamps.of(until), reason, id).update();
    }

    public void end(long id, Touch.State state, String reason) {
        end(id, state, reason, null);
    }

    /** Ends a touch that did not go (SUPPRESSED, FAILED), now: the dashboard counts it in the week it ended. */
    public void end(long id, Touch.State state, String reason, String reasonDetail) {
        jdbc.sql("UPDATE touches SET state = ?, reason = ?, reason_detail = ?, ended_at = ? WHERE id = ?")
                .params(state.name(), reason, reasonDetail, Timestamps.of(clock.instant()), id).update();
    }

    /** Whether a touch in this state ended without going, and so has the moment it ended ({@code ended_at}). */
    private static boolean ended(Touch.State state) {
        return state == Touch.State.SUPPRESSED || state == Touch.State.FAILED;
    }

    /** Of these touches, those handed over that never reached the contact: their mail failed or was withheld. */
    public Set<Long> neverArrived(Collection<Long> ids) {
        Set<Long> found = new HashSet<>();
        for (var chunk : Chunks.of(List.copyOf(ids), 1000)) {
            found.addAll(jdbc.sql("SELECT id FROM touches WHERE id = ANY(:ids) AND state IN ('FAILED', 'SUPPRESSED')")
                    .param("ids", new org.springframework.jdbc.support.SqlArrayValue("bigint", chunk.toArray()))
                    .query(Long.class).list());
        }
        return found;
    }

    /**
     * Of these stream enrollments, those whose latest cadence touch (step 0) was suppressed, with its reason.
     */
    public java.util.Map<Long, String> lastCadenceSuppressed(Collection<Long> enrollmentIds) {
        java.util.Map<Long, String> reasons = new java.util.HashMap<>();
        for (var chunk : Chunks.of(List.copyOf(enrollmentIds), 1000)) {
            jdbc.sql("""
                    SELECT t.enrollment_id, t.reason FROM touches t
                     WHERE t.enrollment_id = ANY(:e) AND t.step = 0 AND t.state = 'SUPPRESSED'
                       AND t.occurrence = (SELECT MAX(l.occurrence) FROM touches l
                                            WHERE l.enrollment_id = t.enrollment_id AND l.step = 0)""")
                    .param("e", new org.springframework.jdbc.support.SqlArrayValue("bigint", chunk.toArray()))
                    .query(rs -> { reasons.put(rs.getLong(1), rs.getString(2)); });
        }
        return reasons;
    }

    /**
     * Of these enrollments of a stream, those with a piece of its cadence still on its way (planned, held by quiet hours
     * or a cap, or being sent), each with when the latest of them is due.
     */
    public java.util.Map<Long, Instant> poolPieceOnItsWay(long programId, Collection<Long> enrollmentIds) {
        java.util.Map<Long, Instant> due = new java.util.HashMap<>();
        for (var chunk : Chunks.of(List.copyOf(enrollmentIds), 1000)) {
            jdbc.sql("""
                    SELECT enrollment_id, MAX(due_at) FROM touches
                     WHERE program_id = :p AND enrollment_id = ANY(:e) AND step = 0 AND state IN ('PLANNED', 'SENDING')
                     GROUP BY enrollment_id""")
                    .param("p", programId)
                    .param("e", new org.springframework.jdbc.support.SqlArrayValue("bigint", chunk.toArray()))
                    .query(rs -> { due.put(rs.getLong(1), Timestamps.read(rs, 2)); });
        }
        return due;
    }

    /**
     * For each of these contacts, which of the pieces it has received (handed over, {@link Touch#HANDED_OVER}) and
     * which are planned for it, from any program, in one statement.
     */
    public ContentHistory history(Collection<Long> contactIds, Collection<Long> contentIds) {
        ContentHistory history = ContentHistory.none();
        if (contactIds.isEmpty() || contentIds.isEmpty()) {
            return history;
        }
        Object[] handedOver = Touch.HANDED_OVER.stream().map(Enum::name).toArray();
        Object[] held = java.util.stream.Stream.concat(Touch.HANDED_OVER.stream(), java.util.stream.Stream.of(Touch.State.PLANNED))
                .map(Enum::name).toArray();
        // touches fills during a tick; a plan cached at its start would scan the whole table each batch later on.
        // The ids as two arrays: PostgreSQL plans a list of 500 values several times slower (1.7 against 0.4 ms).
        customPlans.around(() -> jdbc.sql("""
                SELECT contact_id, content_id, MAX(CASE WHEN state = ANY(:handedOver) THEN 1 ELSE 0 END) FROM touches
                 WHERE contact_id = ANY(:c) AND content_id = ANY(:ids) AND state = ANY(:held)
                 GROUP BY contact_id, content_id""")
                .param("c", new org.springframework.jdbc.support.SqlArrayValue("bigint", contactIds.toArray()))
                .param("ids", new org.springframework.jdbc.support.SqlArrayValue("bigint", contentIds.toArray()))
                .param("handedOver", new org.springframework.jdbc.support.SqlArrayValue("varchar", handedOver))
                .param("held", new org.springframework.jdbc.support.SqlArrayValue("varchar", held))
                .query(rs -> {
                    (rs.getInt(3) == 1 ? history.received() : history.planned())
                            .computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
                }));
        return history;
    }

    /** Of these enrollments, those holding a touch under the key (step, occurrence), whatever its state. */
    public Set<Long> keyed(Collection<Long> enrollmentIds, int step, int occurrence) {
        Set<Long> found = new HashSet<>();
        for (var chunk : Chunks.of(List.copyOf(enrollmentIds), 1000)) {
            found.addAll(jdbc.sql("""
                    SELECT enrollment_id FROM touches WHERE enrollment_id = ANY(:e) AND step = :s AND occurrence = :o""")
                    .param("e", new org.springframework.jdbc.support.SqlArrayValue("bigint", chunk.toArray()))
                    .param("s", step).param("o", occurrence).query(Long.class).list());
        }
        return found;
    }

    /** These touches, those that still exist, in id order. */
    public List<Touch> byIds(Collection<Long> ids) {
        List<Touch> found = new ArrayList<>();
        for (var chunk : Chunks.of(List.copyOf(ids), 1000)) {
            found.addAll(jdbc.sql("SELECT " + COLUMNS + " FROM touches WHERE id IN (:ids) ORDER BY id")
                    .param("ids", chunk).query(TouchStore::row).list());
        }
        return found;
    }

    public List<Touch> forContact(long contactId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM touches WHERE contact_id = ? ORDER BY id").param(contactId)
                .query(TouchStore::row).list();
    }

    /** Up to {@code limit} of the contact's touches after the one with id {@code after}, in id order. */
    public List<Touch> forContact(long contactId, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM touches WHERE contact_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(contactId, after, limit).query(TouchStore::row).list();
    }

    /** Up to {@code limit} of the program's touches after the one with id {@code after}, in id order. */
    public List<Touch> forProgram(long programId, long after, int limit) {
        return jdbc.sql(PROGRAM_PAGE).params(programId, after, limit).query(TouchStore::row).list();
    }

    private static Touch row(ResultSet rs, int n) throws SQLException {
        String channel = rs.getString("channel");
        return new Touch(rs.getLong("id"), rs.getLong("enrollment_id"), rs.getLong("program_id"), rs.getLong("contact_id"),
                rs.getInt("step"), rs.getInt("occurrence"), Touch.Kind.valueOf(rs.getString("kind")),
                channel == null ? null : Channel.valueOf(channel), rs.getObject("content_id", Long.class),
                rs.getString("note"), Touch.State.valueOf(rs.getString("state")), rs.getString("reason"),
                Timestamps.read(rs, "planned_at"), Timestamps.read(rs, "due_at"), Timestamps.read(rs, "stale_at"),
                Timestamps.read(rs, "sent_at"), rs.getString("reason_detail"));
    }
}
