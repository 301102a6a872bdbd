package io.keepwarm.handoff.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The one row of hand-off settings: the SLA in working hours and what an overdue hand-off does. */
@Component
public class SlaStore {

    /** The stored SLA; onOverdue is ESCALATE or REASSIGN. */
    public record Sla(int slaHours, String onOverdue) {}

    private final JdbcClient jdbc;

    SlaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Sla sla() {
        return jdbc.sql("SELECT sla_hours, on_overdue FROM handoff_settings WHERE id = 1").query(Sla.class).single();
    }

    public void save(Sla sla, Instant now, String by) {
        jdbc.sql("UPDATE handoff_settings SET sla_hours = ?, on_overdue = ?, changed_at = ?, changed_by = ? WHERE id = 1")
                .params(sla.slaHours(), sla.onOverdue(), Timestamps.of(now), by).update();
    }
}
