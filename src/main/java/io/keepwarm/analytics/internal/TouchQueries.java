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

    /**
     * The week is counted from a Monday given as the origin, in seconds, so both databases agree without a
     * DATE_TRUNC whose week and time zone each reads its own way.
     */
    private static final String WEEKS = """
            SELECT week, state, reason, COUNT(*) AS touches FROM (
                SELECT FLOOR((EXTRACT(EPOCH FROM COALESCE(sent_at, due_at))
                              - EXTRACT(EPOCH FROM CAST(:origin AS TIMESTAMP WITH TIME ZONE))) / 604800) AS week,
                       state, COALESCE(reason, '') AS reason
                  FROM touches
                 WHERE state IN ('SENT', 'SUPPRESSED')
                   AND COALESCE(sent_at, due_at) >= :from AND COALESCE(sent_at, due_at) < :to
            ) w
             GROUP BY week, state, reason""";

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
