package io.keepwarm.trigger.internal;

import io.keepwarm.contact.PersonalDataSection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The cues about the contact waiting for the triggers (a note's words, a page visited) belong in its export. */
@Component
class CuePersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    CuePersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "triggerCues";
    }

    @Override
    public Object of(long contactId) {
        return PersonalDataSection.rows(jdbc, """
                SELECT id, cue_type, subject, detail, chain, occurred_at FROM trigger_cues WHERE contact_id = ?
                 ORDER BY occurred_at, id""", contactId);
    }
}
