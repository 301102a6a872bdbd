package io.keepwarm.engine.internal;

import io.keepwarm.contact.ContactsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged duplicate's touches go to the survivor with its enrollments (see the program module's merge): the caps
 * count what the duplicate was sent, and a stream does not send the survivor a piece the duplicate already had.
 */
@Component
class TouchMerges {

    private final JdbcClient jdbc;

    TouchMerges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactsMerged merged) {
        merged.moveRows(jdbc, "touches");
    }
}
