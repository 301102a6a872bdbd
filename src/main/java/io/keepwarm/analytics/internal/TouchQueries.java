package io.keepwarm.analytics.internal;

import io.keepwarm.analytics.Period;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Touches by week, state and reason, from the engine's touches and delivery's outbox (read only), in one statement. */
@Component
public class TouchQueries {

    /**
     * Sent touches are those that went ({@link Went}: an email when the mail server accepted it), each in the week it
     * went; suppressed ones are read apart, in the week they were suppressed (ended_at), so that part reads the index
     * (state, ended_at): by their due time, one suppressed as a program was archived while it waited for a cap counted
     * in a week still to come. A program's task for the owner is work for a rep, not a touch of the contact, so it is
     * not counted.
     */
    static String weeks(int weeks) {
        return """
                SELECT week, state, reason, COUNT(*) AS touches FROM (
                    SELECT %s AS week, 'SENT' AS state, '' AS reason FROM (%s) went WHERE kind <> 'TASK'
                    UNION ALL
                    SELECT %s, state, COALESCE(reason, '') FROM touches
                     WHERE state = 'SUPPRESSED' AND ended_at >= :from AND ended_at < :to AND kind <> 'TASK'
                ) w
                 GROUP BY week, state, reason""".formatted(Weeks.of("went_at", weeks), Went.TOUCHES,
                Weeks.of("ended_at", weeks));
    }

    /** So many touches of a state (and reason) in a week of the period (0 the first). */
    public record Count(int week, String state, String reason, long touches) {}

    private final JdbcClient jdbc;

    TouchQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The period's touches by week; {@code starts} are its weeks' starts, the first at or before the period's. */
    public List<Count> weekly(Period period, List<Instant> starts) {
        return jdbc.sql(weeks(starts.size())).params(Weeks.starts(starts)).param("from", Timestamps.of(period.from()))
                .param("to", Timestamps.of(period.to()))
                .query((rs, n) -> new Count(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
    }
}
