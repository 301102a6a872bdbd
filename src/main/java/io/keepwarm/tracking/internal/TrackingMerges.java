package io.keepwarm.tracking.internal;

import io.keepwarm.contact.ContactsMerged;
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
        merged.moveRows(jdbc, "tracking_events", "opt_in_requests");
    }
}
