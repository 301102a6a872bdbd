package io.keepwarm.analytics.internal;

import io.keepwarm.analytics.DecidedHandoff;
import io.keepwarm.analytics.Period;
import io.keepwarm.platform.Timestamps;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The hand-offs decided in a period, one row each, from the hand-off module's table (read only). */
@Component
public class DecidedQueries {

    private static final String DECIDED = """
            SELECT id, contact_id, rep_id, state, reject_reason, decision_note, created_at, decided_at FROM handoffs
             WHERE state IN ('ACCEPTED', 'REJECTED') AND decided_at >= :from AND decided_at < :to
               AND (:anyRep OR rep_id IN (:reps))
               AND (CAST(:state AS VARCHAR) IS NULL OR state = :state)
               AND (CAST(:reason AS VARCHAR) IS NULL OR reject_reason = :reason)
             ORDER BY decided_at DESC, id DESC FETCH FIRST :limit ROWS ONLY""";

    private final JdbcClient jdbc;

    DecidedQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The latest first; of these reps (null: anyone's), of this state (ACCEPTED or REJECTED; null: either) and this
     * reject reason (null: any).
     */
    public List<DecidedHandoff> decided(Period period, Collection<Long> reps, String state, String reason, int limit) {
        return jdbc.sql(DECIDED).param("from", Timestamps.of(period.from())).param("to", Timestamps.of(period.to()))
                .param("anyRep", reps == null)
                // IN () is no SQL: with no rep named, a list no rep id matches, which anyRep makes moot.
                .param("reps", reps == null || reps.isEmpty() ? List.of(-1L) : List.copyOf(reps))
                .param("state", state).param("reason", reason).param("limit", limit)
                .query((rs, n) -> new DecidedHandoff(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3, Long.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), Timestamps.read(rs, 7),
                        Timestamps.read(rs, 8)))
                .list();
    }
}
