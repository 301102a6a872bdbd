package io.keepwarm.delivery.internal;

import io.keepwarm.contact.ContactsMerged;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged duplicate's tasks (open and done) go to the survivor, with the numbers found wrong for it, and so do its
 * emails and their replies: what was sent stays in the survivor's outbox, and caps count it. Runs inside the merge's
 * transaction, before the duplicate is deleted (which would take them with it).
 */
@Component
class DeliveryMerges {

    private final JdbcClient jdbc;

    DeliveryMerges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactsMerged merged) {
        for (String table : List.of("tasks", "outbox_messages", "email_replies", "email_provider_events")) {
            jdbc.sql("UPDATE " + table + " SET contact_id = ? WHERE contact_id = ?")
                    .params(merged.survivorId(), merged.mergedId()).update();
        }
        jdbc.sql("""
                INSERT INTO wrong_numbers (contact_id, phone, flagged_at, flagged_by)
                SELECT ?, phone, flagged_at, flagged_by FROM wrong_numbers WHERE contact_id = ? ON CONFLICT DO NOTHING""")
                .params(merged.survivorId(), merged.mergedId()).update();
    }
}
