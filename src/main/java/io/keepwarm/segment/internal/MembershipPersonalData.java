package io.keepwarm.segment.internal;

import io.keepwarm.contact.PersonalDataSection;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The segments the contact falls in and the lists it was put on belong in its export. */
@Component
class MembershipPersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    MembershipPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "memberships";
    }

    @Override
    public Object of(long contactId) {
        return Map.of(
                "segments", PersonalDataSection.rows(jdbc, """
                        SELECT s.id, s.name, m.entered_at FROM segment_members m JOIN segments s ON s.id = m.segment_id
                         WHERE m.contact_id = ? ORDER BY s.id""", contactId),
                "lists", PersonalDataSection.rows(jdbc, """
                        SELECT l.id, l.name, m.added_at FROM list_members m JOIN contact_lists l ON l.id = m.list_id
                         WHERE m.contact_id = ? ORDER BY l.id""", contactId));
    }
}
