package io.keepwarm.handoff.internal;

import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.HandoffState;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The SQL of hand-offs. Reads take "now" to say whether an open hand-off is overdue. */
@Component
public class HandoffStore {

    /** Hand-offs counted by rep, state and reject reason (null unless rejected). */
    public record Count(Long repId, HandoffState state, RejectReason reason, boolean overdue, long count) {}

    private static final String COLUMNS = "id, contact_id, state, rep_id, chosen_by, why, context, task_id, created_at,"
            + " assigned_at, due_at, escalated_at, escalation, previous_rep_id, decided_at, decided_by, reject_reason,"
            + " decision_note, first_call_task_id, first_call, missed_at, missed_by";

    /**
     * Records the hand-off's first lapse, once, with whatever first sees it (a move, the escalation, the decision): its
     * deadline passed while the rep who has it now held it. Set before the statement's new rep and deadline, which
     * read the row as it was; never cleared, so no later move makes the lapse in time.
     */
    private static String missed(String lapsed) {
        return """
                missed_by = CASE WHEN missed_at IS NULL AND %1$s THEN rep_id ELSE missed_by END,
                missed_at = CASE WHEN missed_at IS NULL AND %1$s THEN due_at ELSE missed_at END""".formatted(lapsed);
    }

    /** Open at or past its deadline: lapsed, as {@link Handoff#overdue} says. */
    private static final String MISSED_BY_NOW = missed("due_at <= :now");

    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final AlertStore alerts;

    HandoffStore(JdbcClient jdbc, JdbcTemplate template, AlertStore alerts) {
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Opens a hand-off for each of these contacts (contact id to why) that has none open; answers the new ones' ids
     * by contact, in contact order. Three statements a thousand contacts: which are open already, the inserts, the new ids.
     */
    public Map<Long, Long> openAll(Map<Long, String> whyByContact, Instant now) {
        Map<Long, Long> opened = new TreeMap<>();
        for (List<Long> chunk : Chunks.of(List.copyOf(whyByContact.keySet()), CHUNK)) {
            Set<Long> openBefore = new HashSet<>(jdbc.sql("SELECT open_contact_id FROM handoffs WHERE open_contact_id IN (:ids)")
                    .param("ids", chunk).query(Long.class).list());
            List<Object[]> rows = chunk.stream().filter(id -> !openBefore.contains(id))
                    .map(id -> new Object[] {id, id, whyByContact.get(id), Timestamps.of(now)}).toList();
            if (rows.isEmpty()) {
                continue;
            }
            template.batchUpdate("INSERT INTO handoffs (contact_id, open_contact_id, state, why, created_at)"
                    + " VALUES (?, ?, 'OPEN', ?, ?) ON CONFLICT DO NOTHING", rows);
            jdbc.sql("SELECT open_contact_id, id FROM handoffs WHERE open_contact_id IN (:ids)")
                    .param("ids", rows.stream().map(r -> r[0]).toList())
                    .query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2))).list()
                    .forEach(e -> opened.put(e.getKey(), e.getValue()));
        }
        return opened;
    }

    public Optional<Handoff> find(long id, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM handoffs WHERE id = ?").param(id).query(mapper(now)).optional();
    }

    public Optional<Handoff> findForUpdate(long id, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM handoffs WHERE id = ? FOR UPDATE").param(id).query(mapper(now))
                .optional();
    }

    /**
     * An open hand-off in short: its id and rep (null while nobody has it), and the contact's owner the rep stands in
     * for (null when the rep owns the contact).
     */
    public record Open(long handoffId, Long repId, Long standInFor) {}

    /** The open hand-offs of these contacts, by contact. */
    public Map<Long, Open> openOf(Collection<Long> contactIds) {
        Map<Long, Open> open = new HashMap<>();
        for (var chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            jdbc.sql("SELECT open_contact_id, id, rep_id, stand_in_for FROM handoffs WHERE open_contact_id IN (:ids)")
                    .param("ids", chunk).query(rs -> {
                        open.put(rs.getLong(1), new Open(rs.getLong(2), rs.getObject(3, Long.class),
                                rs.getObject(4, Long.class)));
                    });
        }
        return open;
    }

    /** The rep who stood in now owns the contact: they hold the lead as its owner. */
    public void standInEnded(long id) {
        jdbc.sql("UPDATE handoffs SET stand_in_for = NULL WHERE id = ?").param(id).update();
    }

    /** The rep who has the lead now holds it for the contact's owner, who is away. */
    public void standsInFor(long id, long ownerId) {
        jdbc.sql("UPDATE handoffs SET stand_in_for = ? WHERE id = ?").params(ownerId, id).update();
    }

    /** The contact's open hand-off, locked. */
    public Optional<Handoff> openOf(long contactId, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM handoffs WHERE open_contact_id = ? FOR UPDATE").param(contactId)
                .query(mapper(now)).optional();
    }

    /** @param standInFor the contact's owner the rep stands in for; null when the rep owns the contact */
    public void assign(long id, long repId, Long standInFor, Handoff.ChosenBy by, String context, Instant due,
            Instant now) {
        jdbc.sql("""
                UPDATE handoffs SET rep_id = ?, stand_in_for = ?, chosen_by = ?, context = ?, due_at = ?, assigned_at = ?
                 WHERE id = ?""")
                .params(repId, standInFor, by.name(), context, Timestamps.of(due), Timestamps.of(now), id).update();
    }

    public void task(long id, long taskId) {
        jdbc.sql("UPDATE handoffs SET task_id = ? WHERE id = ?").params(taskId, id).update();
    }

    /** Ends an open hand-off (ACCEPTED, REJECTED or CANCELLED); the contact may then get a new one. */
    public void decide(long id, HandoffState state, Instant now, String by, RejectReason reason, String note) {
        // Decided at its deadline is in time, as the analytics count it.
        jdbc.sql("UPDATE handoffs SET " + missed("due_at < :now") + """
                    , state = :state, open_contact_id = NULL, decided_at = :now, decided_by = :by, reject_reason = :reason,
                    decision_note = :note
                 WHERE id = :id""")
                .param("state", state.name()).param("now", Timestamps.of(now)).param("by", by)
                .param("reason", reason == null ? null : reason.name()).param("note", note).param("id", id).update();
        alerts.settled(id, null, now);
    }

    /** What acceptance gave the rep to do next: the first call (null: none), and in words, that or why not. */
    public void firstCall(long id, Long taskId, String firstCall) {
        jdbc.sql("UPDATE handoffs SET first_call_task_id = ?, first_call = ? WHERE id = ?").params(taskId, firstCall, id)
                .update();
    }

    public void escalated(long id, Handoff.Escalation escalation, Instant now) {
        jdbc.sql("""
                UPDATE handoffs SET %s, escalated_at = :now, escalation = :escalation, reminded_at = NULL
                 WHERE id = :id""".formatted(MISSED_BY_NOW))
                .param("now", Timestamps.of(now)).param("escalation", escalation.name()).param("id", id).update();
    }

    /** The manager (or the admins) heard again that the escalated hand-off still waits. */
    public void reminded(long id, Instant now) {
        jdbc.sql("UPDATE handoffs SET reminded_at = ? WHERE id = ?").params(Timestamps.of(now), id).update();
    }

    /**
     * The overdue hand-off went to another rep: its one escalation, so the new rep's lapse goes to their manager. The
     * rep it was taken from is kept apart from the escalation (reassigned_from), which that lapse overwrites: a lead
     * taken from its owner for letting it lapse never goes back to them as one held while they were away.
     */
    public void reassigned(long id, long repId, Long standInFor, long previousRepId, Handoff.ChosenBy by,
            String context, Instant due, Instant now) {
        jdbc.sql("UPDATE handoffs SET " + MISSED_BY_NOW + """
                    , rep_id = :rep, stand_in_for = :standInFor, previous_rep_id = :previous, chosen_by = :by,
                    context = :context, due_at = :due, assigned_at = :now, escalated_at = :now, escalation = 'REASSIGNED',
                    reassigned_from = :previous
                 WHERE id = :id""")
                .param("rep", repId).param("standInFor", standInFor).param("previous", previousRepId)
                .param("by", by.name()).param("context", context).param("due", Timestamps.of(due))
                .param("now", Timestamps.of(now)).param("id", id).update();
        // The previous rep's alert and any escalation of the lapse to a manager are answered by the move.
        alerts.settled(id, null, now);
    }

    /**
     * The hand-off went to another rep other than for its lapse (a person moved it, or its rep is away or left): the new
     * rep's deadline is watched, and escalated, as a new hand-off's is. A lapse before the move stays recorded; the
     * rep the SLA's REASSIGN took it from before does not, as it now comes from another.
     */
    public void handedOver(long id, long repId, Long standInFor, Long previousRepId, Handoff.ChosenBy by,
            String context, Instant due, Instant now) {
        jdbc.sql("UPDATE handoffs SET " + MISSED_BY_NOW + """
                    , rep_id = :rep, stand_in_for = :standInFor, previous_rep_id = :previous, chosen_by = :by,
                    context = :context, due_at = :due, assigned_at = :now, escalated_at = NULL, escalation = NULL,
                    reminded_at = NULL, reassigned_from = NULL
                 WHERE id = :id""")
                .param("rep", repId).param("standInFor", standInFor).param("previous", previousRepId)
                .param("by", by.name()).param("context", context).param("due", Timestamps.of(due))
                .param("now", Timestamps.of(now)).param("id", id).update();
        // The previous rep's alert and any escalation of the lapse to a manager ("X waits for Paul") are answered by
        // the move; the new rep is alerted after.
        alerts.settled(id, null, now);
    }

    /** Open hand-offs held by these users (reps who cannot take leads now), locked, skipping those another run holds. */
    public List<Long> heldBy(Collection<Long> repIds, long after, int limit) {
        if (repIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT id FROM handoffs WHERE state = 'OPEN' AND rep_id IN (:reps) AND id > :after
                 ORDER BY id FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("reps", List.copyOf(repIds)).param("after", after).param("limit", limit).query(Long.class).list();
    }

    /**
     * Open hand-offs a stand-in holds for their owner since the owner went away, of owners who are back (among these
     * reps), locked, skipping those another run holds: also one whose deadline passed with the stand-in meanwhile,
     * escalated to a manager who left it there (the lapse stays recorded against whoever let it lapse). Not one the
     * SLA's REASSIGN took from the owner for letting it lapse (reassigned_from, which the second rep's own lapse and
     * escalation leave as it is), nor one a person gave on (the rep it came from is then not the owner): those were
     * moved on purpose.
     */
    public List<Long> heldForReturning(Collection<Long> repIds, long after, int limit) {
        if (repIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT id FROM handoffs
                 WHERE state = 'OPEN' AND stand_in_for IN (:reps) AND previous_rep_id = stand_in_for
                   AND rep_id <> stand_in_for AND (reassigned_from IS NULL OR reassigned_from <> stand_in_for)
                   AND id > :after
                 ORDER BY id FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("reps", List.copyOf(repIds)).param("after", after).param("limit", limit).query(Long.class).list();
    }

    /**
     * Open hand-offs past their deadline that were never escalated, or were reassigned and then missed the new rep's
     * deadline too, or were escalated (or last reminded of) at or before {@code remindUpTo} and still wait (null: none
     * of those, as on a day off); locked, skipping those another run holds.
     */
    public List<Long> overdue(Instant now, Instant remindUpTo, long after, int limit) {
        return jdbc.sql("""
                SELECT id FROM handoffs
                 WHERE state = 'OPEN' AND rep_id IS NOT NULL AND due_at <= :now AND id > :after
                   AND (escalated_at IS NULL OR (escalation = 'REASSIGNED' AND escalated_at < due_at)
                        OR (:remind AND escalation IN ('ESCALATED', 'NO_MANAGER')
                            AND COALESCE(reminded_at, escalated_at) <= :remindUpTo))
                 ORDER BY id FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamps.of(now)).param("after", after).param("remind", remindUpTo != null)
                .param("remindUpTo", Timestamps.of(remindUpTo == null ? now : remindUpTo)).param("limit", limit)
                .query(Long.class).list();
    }

    /** Open hand-offs still without a rep, locked, skipping those another run holds. */
    public List<Long> unassigned(long after, int limit) {
        return jdbc.sql("""
                SELECT id FROM handoffs WHERE state = 'OPEN' AND rep_id IS NULL AND id > ?
                 ORDER BY id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .params(after, limit).query(Long.class).list();
    }

    /** Hand-offs in id order after a cursor, of a state, one of some reps and a contact (each null: any). */
    public List<Handoff> page(HandoffState state, Collection<Long> reps, Long contactId, long after, int limit,
            Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM handoffs
                        WHERE id > :after AND (CAST(:state AS VARCHAR) IS NULL OR state = :state)
                          AND (:anyRep OR rep_id IN (:reps))
                          AND (CAST(:contact AS BIGINT) IS NULL OR contact_id = :contact)
                        ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("after", after).param("state", state == null ? null : state.name())
                .param("anyRep", reps == null)
                // IN () is no SQL: with no rep named, a list no rep id matches, which anyRep makes moot.
                .param("reps", reps == null || reps.isEmpty() ? List.of(-1L) : List.copyOf(reps))
                .param("contact", contactId)
                .param("limit", limit).query(mapper(now)).list();
    }

    /**
     * Every open hand-off, however old, and those decided since an instant (null: ever), counted by rep, state, reject
     * reason and being overdue.
     */
    public List<Count> counts(Instant since, Instant now) {
        return jdbc.sql("""
                SELECT rep_id, state, reject_reason, late, COUNT(*) FROM (
                    SELECT rep_id, state, reject_reason,
                           CASE WHEN state = 'OPEN' AND due_at <= :now THEN 1 ELSE 0 END AS late
                      FROM handoffs
                     WHERE state = 'OPEN' OR CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR decided_at >= :since) h
                 GROUP BY rep_id, state, reject_reason, late""")
                .param("since", Timestamps.of(since)).param("now", Timestamps.of(now))
                .query((rs, n) -> new Count(rs.getObject(1, Long.class), HandoffState.valueOf(rs.getString(2)),
                        rs.getString(3) == null ? null : RejectReason.valueOf(rs.getString(3)), rs.getInt(4) == 1,
                        rs.getLong(5)))
                .list();
    }

    /**
     * Missed deadlines by the rep who held the lead when its deadline passed, whoever has it now or decided it: of every
     * open hand-off and those decided since an instant (null: ever), as {@link #counts} reads them. One open past its
     * deadline that nothing has moved yet counts against the rep who has it.
     */
    public Map<Long, Long> missedByRep(Instant since, Instant now) {
        return missedByRep(since, null, now);
    }

    /** As {@link #missedByRep(Instant, Instant)}, of those decided before {@code until} (null: any time) too. */
    public Map<Long, Long> missedByRep(Instant since, Instant until, Instant now) {
        Map<Long, Long> missed = new HashMap<>();
        jdbc.sql("""
                SELECT lapsed_by, COUNT(*) FROM (
                    SELECT CASE WHEN missed_at IS NOT NULL THEN missed_by
                                WHEN state = 'OPEN' AND due_at <= :now THEN rep_id END AS lapsed_by
                      FROM handoffs
                     WHERE state = 'OPEN' OR ((CAST(:since AS TIMESTAMP WITH TIME ZONE) IS NULL OR decided_at >= :since)
                                              AND (CAST(:until AS TIMESTAMP WITH TIME ZONE) IS NULL
                                                   OR decided_at < :until))) h
                 WHERE lapsed_by IS NOT NULL
                 GROUP BY lapsed_by""")
                .param("since", Timestamps.of(since)).param("until", Timestamps.of(until))
                .param("now", Timestamps.of(now))
                .query(rs -> {
                    missed.put(rs.getLong(1), rs.getLong(2));
                });
        return missed;
    }

    /**
     * Hand-offs decided (accepted or rejected) in a span, counted under the rep who held each when it was decided, the
     * one whose decision it was: how many, how many in time, and the median and 90th percentile of the time from the
     * hand-off's creation to the decision. In time for these reps: decided by the deciding rep's deadline, and no
     * earlier deadline on the way missed by one of them (null reps: by anyone); a lapse of another team's rep before
     * the lead came to them counts against that rep, not them. One never assigned had no deadline to meet. The time
     * to decide runs from the hand-off's creation, whoever had it before.
     */
    private static String decisions(boolean byRep) {
        return """
                SELECT %s COUNT(*) AS decided,
                       COALESCE(SUM(CASE WHEN due_at IS NOT NULL AND decided_at <= due_at
                                          AND (missed_at IS NULL OR NOT (:anyRep OR missed_by IN (:reps)))
                                         THEN 1 ELSE 0 END), 0) AS in_time,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
                           EXTRACT(EPOCH FROM decided_at) - EXTRACT(EPOCH FROM created_at)) AS median_seconds,
                       PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY
                           EXTRACT(EPOCH FROM decided_at) - EXTRACT(EPOCH FROM created_at)) AS p90_seconds
                  FROM handoffs
                 WHERE state IN ('ACCEPTED', 'REJECTED')
                   AND (CAST(:from AS TIMESTAMP WITH TIME ZONE) IS NULL OR decided_at >= :from) AND decided_at < :to
                   AND (:anyRep OR rep_id IN (:reps))%s""".formatted(byRep ? "rep_id," : "",
                byRep ? " GROUP BY rep_id" : "");
    }

    /** Decisions as {@link #decisions(boolean)} counts them; the times in seconds, null when none was decided. */
    public record Decisions(long decided, long inTime, Double medianSeconds, Double p90Seconds) {}

    /** The decisions of these reps (null: everyone's) from an instant (null: ever) until another. */
    public Decisions decisions(Instant from, Instant to, Collection<Long> reps) {
        return decided(decisions(false), from, to, reps).query((rs, n) -> decisions(rs, 1)).single();
    }

    /** As {@link #decisions(Instant, Instant, Collection)}, each rep's (null for those nobody had). */
    public Map<Long, Decisions> decisionsByRep(Instant from, Instant to, Collection<Long> reps) {
        Map<Long, Decisions> byRep = new HashMap<>();
        decided(decisions(true), from, to, reps).query(rs -> {
            byRep.put(rs.getObject(1, Long.class), decisions(rs, 2));
        });
        return byRep;
    }

    private JdbcClient.StatementSpec decided(String sql, Instant from, Instant to, Collection<Long> reps) {
        return jdbc.sql(sql).param("from", Timestamps.of(from)).param("to", Timestamps.of(to))
                .param("anyRep", reps == null)
                // IN () is no SQL: with no rep named, a list no rep id matches, which anyRep makes moot.
                .param("reps", reps == null || reps.isEmpty() ? List.of(-1L) : List.copyOf(reps));
    }

    private static Decisions decisions(ResultSet rs, int first) throws SQLException {
        long decided = rs.getLong(first);
        // H2 answers an empty PERCENTILE_CONT with 0, not NULL: no decision has no median.
        double median = rs.getDouble(first + 2);
        Double medianSeconds = rs.wasNull() || decided == 0 ? null : median;
        double p90 = rs.getDouble(first + 3);
        Double p90Seconds = rs.wasNull() || decided == 0 ? null : p90;
        return new Decisions(decided, rs.getLong(first + 1), medianSeconds, p90Seconds);
    }

    public List<Handoff> ofContact(long contactId, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM handoffs WHERE contact_id = ? ORDER BY id").param(contactId)
                .query(mapper(now)).list();
    }

    private static RowMapper<Handoff> mapper(Instant now) {
        return (rs, n) -> handoff(rs, now);
    }

    private static Handoff handoff(ResultSet rs, Instant now) throws SQLException {
        HandoffState state = HandoffState.valueOf(rs.getString("state"));
        Instant due = Timestamps.read(rs, "due_at");
        return new Handoff(rs.getLong("id"), rs.getLong("contact_id"), state, rs.getObject("rep_id", Long.class),
                rs.getString("chosen_by") == null ? null : Handoff.ChosenBy.valueOf(rs.getString("chosen_by")),
                rs.getString("why"), rs.getString("context"), rs.getObject("task_id", Long.class),
                Timestamps.read(rs, "created_at"), Timestamps.read(rs, "assigned_at"), due,
                state == HandoffState.OPEN && due != null && !now.isBefore(due), Timestamps.read(rs, "escalated_at"),
                rs.getString("escalation") == null ? null : Handoff.Escalation.valueOf(rs.getString("escalation")),
                rs.getObject("previous_rep_id", Long.class), Timestamps.read(rs, "decided_at"), rs.getString("decided_by"),
                rs.getString("reject_reason") == null ? null : RejectReason.valueOf(rs.getString("reject_reason")),
                rs.getString("decision_note"), rs.getObject("first_call_task_id", Long.class), rs.getString("first_call"),
                Timestamps.read(rs, "missed_at"), rs.getObject("missed_by", Long.class));
    }
}
