package io.keepwarm.analytics.internal;

import io.keepwarm.analytics.MovedBack;
import io.keepwarm.analytics.Period;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The funnel's figures, each one statement over the contacts, their current stage and the transition history (tables
 * of the contact and lifecycle modules, read only). Every statement runs as it is on PostgreSQL and on H2.
 */
@Component
public class FunnelQueries {

    /** The forward path of the funnel, in order; the off-ramps are not on it. */
    public static final List<Stage> PATH = List.of(Stage.NEW, Stage.NURTURE, Stage.MQL, Stage.SQL, Stage.OPPORTUNITY,
            Stage.CUSTOMER);

    /** A stage's place on the path (0 for NEW), -1 off the path: a CASE over a column, made from {@link #PATH}. */
    static String rank(String column) {
        StringBuilder sql = new StringBuilder("CASE " + column);
        for (int i = 0; i < PATH.size(); i++) {
            sql.append(" WHEN '").append(PATH.get(i).name()).append("' THEN ").append(i);
        }
        return sql.append(" ELSE -1 END").toString();
    }

    /** A contact without a row in contact_stages is NEW since it was created. */
    private static final String CURRENT = """
            SELECT COALESCE(s.stage, 'NEW') AS stage, COUNT(*) AS contacts,
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
                       EXTRACT(EPOCH FROM CAST(:now AS TIMESTAMP WITH TIME ZONE))
                       - EXTRACT(EPOCH FROM COALESCE(s.entered_at, c.created_at))) AS median_seconds
              FROM contacts c LEFT JOIN contact_stages s ON s.contact_id = c.id
             GROUP BY COALESCE(s.stage, 'NEW')""";

    /**
     * The cohort of each stage: contacts that entered it in the period (created, for NEW), once each at their first
     * entry; converted: those with a later move to a stage further along the path. The converted are found by one join
     * of the cohort with the moves, not a look-up of each member's moves: a month's import of 100,000 contacts made a
     * NEW cohort of that size, and the dashboard waited seconds for a look-up each.
     */
    static final String CONVERSIONS = """
            WITH entries AS (
                SELECT contact_id, to_stage AS stage, occurred_at AS entered_at FROM stage_transitions
                 WHERE occurred_at >= :from AND occurred_at < :to
                UNION ALL
                SELECT id, 'NEW', created_at FROM contacts WHERE created_at >= :from AND created_at < :to
            ), firsts AS (
                SELECT contact_id, stage, MIN(entered_at) AS entered_at FROM entries GROUP BY contact_id, stage
            ), converted AS (
                SELECT DISTINCT f.contact_id, f.stage
                  FROM firsts f JOIN stage_transitions t ON t.contact_id = f.contact_id
                 WHERE t.occurred_at >= f.entered_at AND %s > %s
            )
            SELECT f.stage, COUNT(*) AS entered, COUNT(v.contact_id) AS converted
              FROM firsts f LEFT JOIN converted v ON v.contact_id = f.contact_id AND v.stage = f.stage
             WHERE %s >= 0
             GROUP BY f.stage""".formatted(rank("t.to_stage"), rank("f.stage"), rank("f.stage"));

    /** Moves back into nurture: to NURTURE or RECYCLED from anywhere but NEW (or RECYCLED, on its way). */
    private static final String MOVED_BACK = """
             FROM stage_transitions
             WHERE occurred_at >= :from AND occurred_at < :to
               AND to_stage IN ('NURTURE', 'RECYCLED') AND from_stage NOT IN ('NEW', 'RECYCLED')""";
    private static final String RECYCLED_BACK = "SELECT COUNT(DISTINCT contact_id) " + MOVED_BACK;

    /**
     * Each stay that ended in the period, with its length: the stay began at the contact's previous move (or its
     * creation). Only the histories of contacts that moved in the period are read. A move counts only where it left
     * the stage the contact's history had it in ({@code was}): a merged-in duplicate's moves interleave with the
     * survivor's, and each of that person's moves, made once by each record, counted as a second person's (two
     * NURTURE → MQL for one lead, and a "stay" in NEW from one record's creation to the other's first move).
     */
    private static final String STAYS = """
            WITH moves AS (
                SELECT t.from_stage, t.to_stage, t.occurred_at,
                       COALESCE(LAG(t.occurred_at) OVER (PARTITION BY t.contact_id ORDER BY t.occurred_at, t.id),
                                c.created_at) AS entered_at,
                       COALESCE(LAG(t.to_stage) OVER (PARTITION BY t.contact_id ORDER BY t.occurred_at, t.id),
                                'NEW') AS was
                  FROM stage_transitions t JOIN contacts c ON c.id = t.contact_id
                 WHERE t.contact_id IN (SELECT contact_id FROM stage_transitions
                                         WHERE occurred_at >= :from AND occurred_at < :to)
            ), stays AS (
                SELECT from_stage, to_stage,
                       EXTRACT(EPOCH FROM occurred_at) - EXTRACT(EPOCH FROM entered_at) AS seconds
                  FROM moves WHERE occurred_at >= :from AND occurred_at < :to AND from_stage = was
            )
            """;

    private static final String EXITS = STAYS + """
            SELECT from_stage, to_stage, COUNT(*) AS exits FROM stays GROUP BY from_stage, to_stage""";

    /** The median over all of a stage's exits. */
    private static final String EXIT_MEDIANS = STAYS + """
            SELECT from_stage, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY seconds) AS median_seconds
              FROM stays GROUP BY from_stage""";

    /** Contacts in a stage now, and how long they have been there (median, seconds). */
    public record Current(long contacts, Double medianSeconds) {}

    /** A stage's cohort in a period and how many of it moved on. */
    public record Cohort(long entered, long converted) {}

    /** One kind of move and how often it happened. */
    public record Move(Stage from, Stage to, long count) {}

    private final JdbcClient jdbc;

    FunnelQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<Stage, Current> current(Instant now) {
        Map<Stage, Current> current = new EnumMap<>(Stage.class);
        jdbc.sql(CURRENT).param("now", Timestamps.of(now)).query(rs -> {
            current.put(Stage.valueOf(rs.getString(1)), new Current(rs.getLong(2), nullable(rs.getDouble(3), rs.wasNull())));
        });
        return current;
    }

    public Map<Stage, Cohort> cohorts(Period period) {
        Map<Stage, Cohort> cohorts = new EnumMap<>(Stage.class);
        in(period, CONVERSIONS).query(rs -> {
            cohorts.put(Stage.valueOf(rs.getString(1)), new Cohort(rs.getLong(2), rs.getLong(3)));
        });
        return cohorts;
    }

    public List<Move> flows(Period period) {
        return in(period, EXITS).query((rs, n) -> new Move(Stage.valueOf(rs.getString(1)), Stage.valueOf(rs.getString(2)),
                rs.getLong(3))).list();
    }

    public long recycledBack(Period period) {
        return in(period, RECYCLED_BACK).query(Long.class).single();
    }

    /**
     * The moves {@link #recycledBack} counts, the latest first, up to {@code limit}: a contact moved back twice is
     * there twice, and counted once.
     */
    public List<MovedBack> recycledBackMoves(Period period, int limit) {
        return in(period, "SELECT contact_id, from_stage, to_stage, occurred_at " + MOVED_BACK
                + " ORDER BY occurred_at DESC, id DESC FETCH FIRST :limit ROWS ONLY").param("limit", limit)
                .query((rs, n) -> new MovedBack(rs.getLong(1), Stage.valueOf(rs.getString(2)), Stage.valueOf(rs.getString(3)),
                        Timestamps.read(rs, 4))).list();
    }

    /** Exits in the period by stage and destination. */
    public List<Move> exits(Period period) {
        return in(period, EXITS).query((rs, n) -> new Move(Stage.valueOf(rs.getString(1)), Stage.valueOf(rs.getString(2)),
                rs.getLong(3))).list();
    }

    /** The median stay (seconds) of each stage's exits in the period. */
    public Map<Stage, Double> exitMedians(Period period) {
        return in(period, EXIT_MEDIANS).query((rs, n) -> Map.entry(Stage.valueOf(rs.getString(1)), rs.getDouble(2)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        () -> new EnumMap<>(Stage.class)));
    }

    private JdbcClient.StatementSpec in(Period period, String sql) {
        return jdbc.sql(sql).param("from", Timestamps.of(period.from())).param("to", Timestamps.of(period.to()));
    }

    private static Double nullable(double value, boolean wasNull) {
        return wasNull ? null : value;
    }
}
