package io.keepwarm.tracking.internal;

import io.keepwarm.contact.ContactsMerged;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged duplicate's opens, clicks and double opt-in requests go to the survivor, in the merge's transaction,
 * before the duplicate is deleted (which would take them with it).
 */
@Component
class TrackingMerges {

    private final JdbcClient jdbc;

    TrackingMerges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactsMerged merged) {
        for (String table : List.of("tracking_events", "opt_in_requests")) {
            jdbc.sql("UPDATE " + table + " SET contact_id = ? WHERE contact_id = ?")
                    .params(merged.survivorId(), merged.mergedId()).update();
        }
    }
}
