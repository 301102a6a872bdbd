package io.keepwarm.delivery.internal;

import io.keepwarm.contact.PersonalDataSection;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every email sent to the contact (as sent), the replies it wrote and what providers reported belong in its export. */
@Component
class EmailPersonalData implements PersonalDataSection {

    private final JdbcClient jdbc;

    EmailPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "emails";
    }

    @Override
    public Object of(long contactId) {
        return Map.of(
                "messages", PersonalDataSection.rows(jdbc, """
                        SELECT id, kind, to_address, from_address, from_name, subject, text, html, links, unsubscribe_url,
                               message_id, language, status, attempts, last_error, created_at, sent_at
                          FROM outbox_messages WHERE contact_id = ? ORDER BY id""", contactId),
                "replies", PersonalDataSection.rows(jdbc, """
                        SELECT message_id, touch_id, received_at, automatic, from_address, subject, snippet
                          FROM email_replies WHERE contact_id = ? ORDER BY received_at""",
                        contactId),
                "providerReports", PersonalDataSection.rows(jdbc, """
                        SELECT provider, event_id, kind, received_at FROM email_provider_events WHERE contact_id = ?
                         ORDER BY received_at""", contactId));
    }
}
