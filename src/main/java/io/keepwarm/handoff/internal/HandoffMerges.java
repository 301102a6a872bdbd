package io.keepwarm.handoff.internal;

import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged duplicate's hand-offs and alerts go to the survivor. The survivor keeps its own stage, so the duplicate's
 * open hand-off (and its task) is cancelled: an MQL survivor has a hand-off of its own. Runs inside the merge's
 * transaction, before the tasks move to the survivor, so the duplicate's hand-off task is still found by its contact.
 */
@Component
class HandoffMerges {

    private final JdbcClient jdbc;
    private final Tasks tasks;
    private final Clock clock;

    HandoffMerges(JdbcClient jdbc, Tasks tasks, Clock clock) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.clock = clock;
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ContactsMerged merged) {
        int cancelled = jdbc.sql("""
                UPDATE handoffs SET state = 'CANCELLED', open_contact_id = NULL, decided_at = ?, decided_by = 'merge',
                    decision_note = ?
                 WHERE open_contact_id = ?""")
                .params(Timestamps.now(clock), "Merged into contact " + merged.survivorId() + ", which keeps its own stage",
                        merged.mergedId()).update();
        if (cancelled > 0) {
            tasks.cancel(merged.mergedId(), TaskKind.HANDOFF, "Merged into contact " + merged.survivorId());
        }
        merged.moveRows(jdbc, "handoffs", "alerts");
    }
}
