package io.keepwarm.analytics.internal;

import io.keepwarm.analytics.Period;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Moves into MQL and hand-off decisions by week (the figures of the decisions are the hand-off module's), from the lifecycle's and the hand-off module's tables (read only). */
@Component
public class HandoffQueries {

    /**
     * Each kind of event in the week of its own time: the move, the opening, the decision; with {@code team}, only
     * the hand-offs of its reps, and the moves into MQL of the contacts handed to one of them.
     */
    private static String weeks(int weeks, boolean team) {
        return """
                SELECT week, kind, reason, COUNT(*) AS events FROM (
                    SELECT %s AS week, 'MQL' AS kind, '' AS reason FROM stage_transitions
                     WHERE to_stage = 'MQL' AND occurred_at >= :from AND occurred_at < :to%s
                    UNION ALL
                    SELECT %s, 'HANDED_OFF', '' FROM handoffs WHERE created_at >= :from AND created_at < :to%s
                    UNION ALL
                    SELECT %s, state, COALESCE(reject_reason, '') FROM handoffs
                     WHERE state IN ('ACCEPTED', 'REJECTED') AND decided_at >= :from AND decided_at < :to%s
                ) e
                 GROUP BY week, kind, reason""".formatted(Weeks.of("occurred_at", weeks),
                team ? " AND contact_id IN (SELECT contact_id FROM handoffs WHERE rep_id IN (:reps))" : "",
                Weeks.of("created_at", weeks), team ? TEAM : "", Weeks.of("decided_at", weeks), team ? TEAM : "");
    }

    /**
     * The hand-offs of a team's reps only: opened, by their rep now; decided, by the rep who decided them (the rep a
     * decided hand-off keeps), as {@link io.keepwarm.handoff.HandoffFigures} counts decisions.
     */
    private static final String TEAM = " AND rep_id IN (:reps)";

    /** So many events of a kind (MQL, HANDED_OFF, ACCEPTED, REJECTED with its reason) in a week (0 the first). */
    public record Count(int week, String kind, String reason, long events) {}

    private final JdbcClient jdbc;

    HandoffQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The period's events by week; {@code starts} are its weeks' starts, the first at or before the period's. */
    public List<Count> weekly(Period period, List<Instant> starts) {
        return weekly(period, starts, null);
    }

    /** As {@link #weekly(Period, List)}, of these reps' hand-offs only (null: everyone's). */
    public List<Count> weekly(Period period, List<Instant> starts, Collection<Long> reps) {
        return team(in(period, weeks(starts.size(), reps != null)), reps).params(Weeks.starts(starts))
                .query((rs, n) -> new Count(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
    }

    private static JdbcClient.StatementSpec team(JdbcClient.StatementSpec query, Collection<Long> reps) {
        return reps == null ? query : query.param("reps", reps);
    }

    private JdbcClient.StatementSpec in(Period period, String sql) {
        return jdbc.sql(sql).param("from", Timestamps.of(period.from())).param("to", Timestamps.of(period.to()));
    }
}
