package io.keepwarm.analytics.internal;

import io.keepwarm.analytics.Period;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Moves into MQL and hand-off decisions by week, from the lifecycle's and the hand-off module's tables (read only). */
@Component
public class HandoffQueries {

    private static final String WEEK = """
            FLOOR((EXTRACT(EPOCH FROM %s) - EXTRACT(EPOCH FROM CAST(:origin AS TIMESTAMP WITH TIME ZONE))) / 604800)""";

    /** Each kind of event in the week of its own time: the move, the opening, the decision. */
    private static final String WEEKS = """
            SELECT week, kind, reason, COUNT(*) AS events FROM (
                SELECT %s AS week, 'MQL' AS kind, '' AS reason FROM stage_transitions
                 WHERE to_stage = 'MQL' AND occurred_at >= :from AND occurred_at < :to
                UNION ALL
                SELECT %s, 'HANDED_OFF', '' FROM handoffs WHERE created_at >= :from AND created_at < :to
                UNION ALL
                SELECT %s, state, COALESCE(reject_reason, '') FROM handoffs
                 WHERE state IN ('ACCEPTED', 'REJECTED') AND decided_at >= :from AND decided_at < :to
            ) e
             GROUP BY week, kind, reason""".formatted(WEEK.formatted("occurred_at"), WEEK.formatted("created_at"),
            WEEK.formatted("decided_at"));

    /**
     * In time: decided by the first rep's deadline. Escalation and reassignment both set escalated_at, and reassignment
     * moves due_at and assigned_at to the new rep's, so a lapsed hand-off must not be judged by them; one never
     * assigned had no deadline to meet. The time to decide runs from the hand-off's creation for the same reason.
     */
    private static final String DECISIONS = """
            SELECT COUNT(*) AS decided,
                   COALESCE(SUM(CASE WHEN escalated_at IS NULL AND due_at IS NOT NULL AND decided_at <= due_at
                                     THEN 1 ELSE 0 END), 0) AS in_time,
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
                       EXTRACT(EPOCH FROM decided_at) - EXTRACT(EPOCH FROM created_at)) AS median_seconds
              FROM handoffs
             WHERE state IN ('ACCEPTED', 'REJECTED') AND decided_at >= :from AND decided_at < :to""";

    /** So many events of a kind (MQL, HANDED_OFF, ACCEPTED, REJECTED with its reason) that many weeks after the origin. */
    public record Count(int week, String kind, String reason, long events) {}

    /** Decisions in a period: how many, how many in time, and the median time to decide (seconds). */
    public record Decisions(long decided, long inTime, Double medianSeconds) {}

    private final JdbcClient jdbc;

    HandoffQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Count> weekly(Period period, Instant origin) {
        return in(period, WEEKS).param("origin", Timestamps.of(origin))
                .query((rs, n) -> new Count(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
    }

    public Decisions decisions(Period period) {
        return in(period, DECISIONS).query((rs, n) -> {
            double median = rs.getDouble(3);
            return new Decisions(rs.getLong(1), rs.getLong(2), rs.wasNull() ? null : median);
        }).single();
    }

    private JdbcClient.StatementSpec in(Period period, String sql) {
        return jdbc.sql(sql).param("from", Timestamps.of(period.from())).param("to", Timestamps.of(period.to()));
    }
}
