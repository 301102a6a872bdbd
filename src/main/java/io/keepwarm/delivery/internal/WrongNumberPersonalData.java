package io.keepwarm.delivery.internal;

import io.keepwarm.contact.PersonalDataSection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The numbers reps found were not the contact's (kept so no queue dials them again) belong in its export. */
@Component
class WrongNumberPersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    WrongNumberPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "wrongNumbers";
    }

    @Override
    public Object of(long contactId) {
        return PersonalDataSection.rows(jdbc, """
                SELECT phone, flagged_at, flagged_by FROM wrong_numbers WHERE contact_id = ? ORDER BY flagged_at""",
                contactId);
    }
}
