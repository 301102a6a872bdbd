package io.keepwarm.engine.internal;

import io.keepwarm.program.StreamPoolEdited;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A piece taken out of a stream's pool is not sent by it any more, in the transaction that saves the edit: its touches
 * still waiting (quiet hours, a cap) are suppressed (REMOVED_FROM_POOL). One-off pieces (step -1) are not the pool's.
 */
@Component
class EditedStreams {

    private final JdbcClient jdbc;

    EditedStreams(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(StreamPoolEdited edited) {
        jdbc.sql("""
                UPDATE touches SET state = 'SUPPRESSED', reason = 'REMOVED_FROM_POOL'
                 WHERE program_id = :p AND state = 'PLANNED' AND step = 0 AND content_id IN (:removed)""")
                .param("p", edited.programId()).param("removed", edited.removed()).update();
    }
}
