package io.keepwarm.lifecycle.internal;

import io.keepwarm.contact.PersonalDataSection;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The contact's stage, each move with who made it and why, and when it is expected ready belong in its export. */
@Component
class LifecyclePersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    LifecyclePersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "lifecycle";
    }

    @Override
    public Object of(long contactId) {
        return Map.of(
                "stage", PersonalDataSection.rows(jdbc, "SELECT stage, entered_at FROM contact_stages WHERE contact_id = ?",
                        contactId),
                "transitions", PersonalDataSection.rows(jdbc, """
                        SELECT from_stage, to_stage, occurred_at, actor_type, actor, reason_code, reason
                          FROM stage_transitions WHERE contact_id = ? ORDER BY occurred_at, id""", contactId),
                "readiness", PersonalDataSection.rows(jdbc, """
                        SELECT ready_on, reason, surfaced_at FROM contact_readiness WHERE contact_id = ?""", contactId));
    }
}
