package io.keepwarm.engine.internal;

import io.keepwarm.contact.PersonalDataSection;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Each touch planned for the contact (sent or withheld, and why) and its own frequency wish belong in its export. */
@Component
class NurturePersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    NurturePersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "touches";
    }

    @Override
    public Object of(long contactId) {
        return Map.of(
                "touches", PersonalDataSection.rows(jdbc, """
                        SELECT id, program_id, step, occurrence, kind, channel, content_id, note, state, reason, planned_at,
                               due_at, sent_at FROM touches WHERE contact_id = ? ORDER BY due_at, id""", contactId),
                "frequencyPreference", PersonalDataSection.rows(jdbc, """
                        SELECT channel, max_touches, window_days, paused_until, updated_at, updated_by FROM contact_frequency
                         WHERE contact_id = ?""", contactId));
    }
}
