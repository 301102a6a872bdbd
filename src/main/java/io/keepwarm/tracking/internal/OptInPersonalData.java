package io.keepwarm.tracking.internal;

import io.keepwarm.contact.PersonalDataSection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The double opt-ins asked of the contact (the words, and when and from where it confirmed) belong in its export. */
@Component
class OptInPersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    OptInPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "optInRequests";
    }

    @Override
    public Object of(long contactId) {
        return PersonalDataSection.rows(jdbc, """
                SELECT id, text, requested_at, requested_by, confirmed_at, confirmed_ip FROM opt_in_requests
                 WHERE contact_id = ? ORDER BY id""", contactId);
    }
}
