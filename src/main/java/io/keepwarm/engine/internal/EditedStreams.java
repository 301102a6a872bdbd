package io.keepwarm.engine.internal;

import io.keepwarm.program.Programs;
import io.keepwarm.program.StreamPoolEdited;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A piece taken out of a stream's pool is not sent by it any more, in the transaction that saves the edit: its touches
 * still waiting (quiet hours, a cap) are suppressed (REMOVED_FROM_POOL). One-off pieces (step -1) are not the pool's.
 * Whether each contact is out of content follows the new pool at once, as the program's page counts it.
 */
@Component
class EditedStreams {

    private final JdbcClient jdbc;
    private final RunningDry runningDry;
    private final Programs programs;
    private final Clock clock;

    EditedStreams(JdbcClient jdbc, RunningDry runningDry, Programs programs, Clock clock) {
        this.jdbc = jdbc;
        this.runningDry = runningDry;
        this.programs = programs;
        this.clock = clock;
    }

    @EventListener
    void on(StreamPoolEdited edited) {
        if (!edited.removed().isEmpty()) {
            jdbc.sql("""
                    UPDATE touches SET state = 'SUPPRESSED', reason = 'REMOVED_FROM_POOL', ended_at = :now
                     WHERE program_id = :p AND state = 'PLANNED' AND step = 0 AND content_id IN (:removed)""")
                    .param("now", io.keepwarm.platform.Timestamps.of(clock.instant()))
                    .param("p", edited.programId()).param("removed", edited.removed()).update();
        }
        runningDry.recount(programs.get(edited.programId()), clock.instant());
    }
}
