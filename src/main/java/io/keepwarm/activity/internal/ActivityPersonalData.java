package io.keepwarm.activity.internal;

import io.keepwarm.contact.PersonalDataSection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Everything the contact did as the log holds it (with what a sender told of each event) belongs in its export. */
@Component
class ActivityPersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    ActivityPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "activities";
    }

    @Override
    public Object of(long contactId) {
        List<Map<String, Object>> activities = PersonalDataSection.rows(jdbc, """
                SELECT id, type, custom_type, occurred_at, recorded_at, channel, target, flag, properties, client_event_id
                  FROM activities WHERE contact_id = ? ORDER BY occurred_at, id""", contactId);
        activities.forEach(a -> a.computeIfPresent("properties", (k, json) -> JsonMapper.shared().readTree((String) json)));
        return activities;
    }
}
