package io.keepwarm.activity.internal;

import io.keepwarm.contact.ContactsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A merged duplicate's history becomes the survivor's. */
@Component
class ActivityMerges {

    private final JdbcClient jdbc;

    ActivityMerges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactsMerged merged) {
        merged.moveRows(jdbc, "activities");
    }
}
