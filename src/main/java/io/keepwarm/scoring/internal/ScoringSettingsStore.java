package io.keepwarm.scoring.internal;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.scoring.ScoringSettings;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL behind the account's scoring settings: one row once someone saves them, the configuration's before.
 *
 * <p>Not cached: each unit of work (a batch of activity, a chunk of a regrade, a page) reads the row once, by its
 * primary key, and passes the value down, never per event. That costs one small query beside the batch's others
 * (its rules, whether anyone grades) and lets a change saved on one instance reach every instance by its next batch,
 * with nothing to expire or invalidate.
 */
@Repository
public class ScoringSettingsStore {

    private final JdbcClient jdbc;
    private final ScoringProperties defaults;

    ScoringSettingsStore(JdbcClient jdbc, ScoringProperties defaults) {
        this.jdbc = jdbc;
        this.defaults = defaults;
    }

    /** The settings as they are now. */
    public ScoringSettings current() {
        return jdbc.sql("""
                SELECT half_life_seconds, ready_score, ready_grade, grade_a, grade_b, grade_c
                  FROM scoring_settings WHERE id = 1""")
                .query((rs, n) -> new ScoringSettings(Duration.ofSeconds(rs.getLong(1)), rs.getInt(2),
                        rs.getString(3).strip(), rs.getInt(4), rs.getInt(5), rs.getInt(6)))
                .optional().orElseGet(defaults::settings);
    }

    /** Saves the settings as the account's; the caller holds the transaction. */
    public void save(ScoringSettings settings, Instant at, String by) {
        long halfLife = settings.halfLife().toSeconds();
        jdbc.sql("""
                INSERT INTO scoring_settings (id, half_life_seconds, ready_score, ready_grade, grade_a, grade_b, grade_c,
                                              updated_at, updated_by)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(halfLife, settings.readyScore(), settings.readyGrade(), settings.gradeA(), settings.gradeB(),
                        settings.gradeC(), Timestamps.of(at), by)
                .update();
        jdbc.sql("""
                UPDATE scoring_settings SET half_life_seconds = ?, ready_score = ?, ready_grade = ?, grade_a = ?,
                       grade_b = ?, grade_c = ?, updated_at = ?, updated_by = ? WHERE id = 1""")
                .params(halfLife, settings.readyScore(), settings.readyGrade(), settings.gradeA(), settings.gradeB(),
                        settings.gradeC(), Timestamps.of(at), by)
                .update();
    }
}
