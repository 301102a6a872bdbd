package io.keepwarm.analytics.internal;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** One program's enrollments and touches by step, from the program, engine and outbox tables (read only). */
@Component
public class ProgramQueries {

    /** So many active enrollments stand at a step (the next to run), and so many of them are out of content. */
    public record Waiting(int step, long contacts, long exhausted) {}

    /**
     * So many touches a step planned that are in a state (and reason, empty for none; and what lies behind the
     * reason, as what held a STALE touch, empty for nothing).
     */
    public record Touches(int step, String state, String reason, String detail, long touches) {}

    /** So many contacts had touches at a step suppressed for a reason (one a touch for each of its cadence moments). */
    public record SuppressedContacts(int step, String reason, long contacts) {}

    /** So many passes of the branch at a step went on to the next step, and so many to its else step. */
    public record Branched(int step, long wentOn, long wentElse) {}

    /** So many enrollments ended as reached while standing at a step. */
    public record Converted(int step, long contacts) {}

    /**
     * A touch the engine handed to delivery is SENT to it, but its email is sent once the mail server accepted it
     * (or the outbox kept it, without one): until then it is PLANNED (waiting in the outbox), and FAILED when it
     * failed, is in doubt or was withheld.
     */
    static final String TOUCHES = """
            SELECT step, state, reason, detail, COUNT(*) FROM (
                SELECT t.step, CASE WHEN t.state <> 'SENT' OR o.status IS NULL OR o.status IN ('SENT', 'KEPT') THEN t.state
                                    WHEN o.status IN ('QUEUED', 'SENDING') THEN 'PLANNED'
                                    ELSE 'FAILED' END AS state,
                       COALESCE(t.reason, '') AS reason, COALESCE(t.reason_detail, '') AS detail
                  FROM touches t LEFT JOIN outbox_messages o ON o.touch_id = t.id WHERE t.program_id = :p
            ) t GROUP BY step, state, reason, detail""";

    private final JdbcClient jdbc;

    ProgramQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Waiting> waiting(long programId) {
        return jdbc.sql("""
                SELECT step, COUNT(*), SUM(CASE WHEN exhausted_at IS NULL THEN 0 ELSE 1 END) FROM enrollments
                 WHERE program_id = :p AND status = 'ACTIVE' GROUP BY step""").param("p", programId)
                .query((rs, n) -> new Waiting(rs.getInt(1), rs.getLong(2), rs.getLong(3))).list();
    }

    public List<Touches> touches(long programId) {
        return jdbc.sql(TOUCHES).param("p", programId)
                .query((rs, n) -> new Touches(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5))).list();
    }

    public List<SuppressedContacts> suppressedContacts(long programId) {
        return jdbc.sql("""
                SELECT step, COALESCE(reason, ''), COUNT(DISTINCT contact_id) FROM touches
                 WHERE program_id = :p AND state = 'SUPPRESSED' GROUP BY step, COALESCE(reason, '')""")
                .param("p", programId)
                .query((rs, n) -> new SuppressedContacts(rs.getInt(1), rs.getString(2), rs.getLong(3))).list();
    }

    public List<Converted> converted(long programId) {
        return jdbc.sql("""
                SELECT step, COUNT(*) FROM enrollments WHERE program_id = :p AND end_reason = 'GOAL_REACHED'
                 GROUP BY step""").param("p", programId)
                .query((rs, n) -> new Converted(rs.getInt(1), rs.getLong(2))).list();
    }

    public List<Branched> branched(long programId) {
        return jdbc.sql("""
                SELECT step, SUM(CASE WHEN went_else THEN 0 ELSE 1 END), SUM(CASE WHEN went_else THEN 1 ELSE 0 END)
                  FROM branch_passes WHERE program_id = :p GROUP BY step""").param("p", programId)
                .query((rs, n) -> new Branched(rs.getInt(1), rs.getLong(2), rs.getLong(3))).list();
    }
}
