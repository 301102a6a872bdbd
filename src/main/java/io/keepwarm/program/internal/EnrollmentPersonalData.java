package io.keepwarm.program.internal;

import io.keepwarm.contact.PersonalDataSection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The programs the contact is or was in (how it came in, how it left) belong in its export. */
@Component
class EnrollmentPersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    EnrollmentPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "enrollments";
    }

    @Override
    public Object of(long contactId) {
        return PersonalDataSection.rows(jdbc, """
                SELECT e.id, e.program_id, p.name AS program, e.status, e.source, e.enrolled_at, e.step, e.occurrence,
                       e.next_due_at, e.ended_at, e.end_reason, e.exhausted_at
                  FROM enrollments e JOIN programs p ON p.id = e.program_id
                 WHERE e.contact_id = ? ORDER BY e.enrolled_at, e.id""", contactId);
    }
}
