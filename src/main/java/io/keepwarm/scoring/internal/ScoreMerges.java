package io.keepwarm.scoring.internal;

import io.keepwarm.contact.ContactsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The survivor of a merge keeps its own score; it takes the duplicate's only when it had none. The duplicate's
 * score history moves to the survivor, so the timeline still tells what was done.
 */
@Component
class ScoreMerges {

    private final JdbcClient jdbc;

    ScoreMerges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactsMerged merged) {
        jdbc.sql("""
                UPDATE contact_scores SET contact_id = :s
                 WHERE contact_id = :m AND NOT EXISTS (SELECT 1 FROM contact_scores k WHERE k.contact_id = :s)""")
                .param("s", merged.survivorId()).param("m", merged.mergedId()).update();
        merged.moveRows(jdbc, "score_changes");
    }
}
