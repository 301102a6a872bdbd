package io.keepwarm.lifecycle.internal;

import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind the account's recycling settings (one row) and stage labels. */
@Repository
public class SettingsStore {

    /** The stored recycling numbers. */
    public record Recycling(int lostReturnDays, int dormantAfterMonths) {}

    private final JdbcClient jdbc;

    SettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Recycling recycling() {
        return jdbc.sql("SELECT lost_return_days, dormant_after_months FROM lifecycle_settings WHERE id = 1")
                .query((rs, n) -> new Recycling(rs.getInt(1), rs.getInt(2))).single();
    }

    public void saveRecycling(Recycling recycling, Instant at, String by) {
        jdbc.sql("""
                UPDATE lifecycle_settings SET lost_return_days = ?, dormant_after_months = ?, updated_at = ?, updated_by = ?
                 WHERE id = 1""")
                .params(recycling.lostReturnDays(), recycling.dormantAfterMonths(), Timestamps.of(at), by).update();
    }

    /** The label of every stage; a stage without a stored label shows its own name. */
    public Map<Stage, String> labels() {
        Map<Stage, String> labels = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            labels.put(stage, stage.name());
        }
        jdbc.sql("SELECT stage, label FROM stage_labels").query(rs -> {
            labels.put(Stage.valueOf(rs.getString(1)), rs.getString(2));
        });
        return labels;
    }

    /**
     * Gives stages their new labels. The database holds each name once whatever its case, checked row by row, so the
     * stages' rows are taken out before any comes back with its new name: two stages may swap names in one save.
     */
    public void saveLabels(Map<Stage, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        List<String> stages = labels.keySet().stream().map(Stage::name).toList();
        jdbc.sql("DELETE FROM stage_labels WHERE stage IN (:stages)").param("stages", stages).update();
        labels.forEach((stage, label) -> jdbc.sql("INSERT INTO stage_labels (stage, label) VALUES (?, ?)")
                .params(stage.name(), label).update());
    }
}
