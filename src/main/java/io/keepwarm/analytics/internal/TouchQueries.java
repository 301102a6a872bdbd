package io.keepwarm.analytics.internal;

import io.keepwarm.analytics.Period;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Touches by week, state and reason, from the engine's touches table (read only), in one statement. */
@Component
public class TouchQueries {

    private static final String WEEK = """
            FLOOR((EXTRACT(EPOCH FROM %s) - EXTRACT(EPOCH FROM CAST(:origin AS TIMESTAMP WITH TIME ZONE))) / 604800)""";

    /**
     * The week is counted from a Monday given as the origin, in seconds, so both databases agree without a
     * DATE_TRUNC whose week and time zone each reads its own way. Sent and suppressed touches are read apart, each by
     * its own time, so each part reads an index (state, sent_at) and (state, due_at) instead of the whole table.
     */
    static final String WEEKS = """
            SELECT week, state, reason, COUNT(*) AS touches FROM (
                SELECT %s AS week, state, COALESCE(reason, '') AS reason FROM touches
                 WHERE state = 'SENT' AND sent_at >= :from AND sent_at < :to
                UNION ALL
                SELECT %s, state, COALESCE(reason, '') FROM touches
                 WHERE state = 'SUPPRESSED' AND due_at >= :from AND due_at < :to
            ) w
             GROUP BY week, state, reason""".formatted(WEEK.formatted("sent_at"), WEEK.formatted("due_at"));

    /** So many touches of a state (and reason) in the week that many weeks after the origin. */
    public record Count(int week, String state, String reason, long touches) {}

    private final JdbcClient jdbc;

    TouchQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Count> weekly(Period period, Instant origin) {
        return jdbc.sql(WEEKS).param("origin", Timestamps.of(origin)).param("from", Timestamps.of(period.from()))
                .param("to", Timestamps.of(period.to()))
                .query((rs, n) -> new Count(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
    }
}
