package io.keepwarm.engine.internal;

import io.keepwarm.program.SequenceStepsEdited;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An edited sequence's touches follow their steps, in the transaction that saves the edit, so a step's figures stay
 * its own: a kept step's touches move to its new index; a removed (or changed) step's go below the one-off pieces'
 * -1, to -2 - its old index, where earlier edits' removed steps make room by moving down by the old step count. A
 * touch's key stays unique, so planning stays idempotent: the active enrollments started a new round of keys
 * (occurrence + 1), and no later plan reuses a key these touches hold. Those of a removed or changed step still
 * waiting to go are suppressed (STEP_EDITED). Which way contacts went at a removed or changed branch is dropped: its
 * row is gone, and a changed rule or else step is another question.
 */
@Component
class EditedSequences {

    /** Far below any step: the unique key is checked row by row, so the touches move out of the way first. */
    private static final int ASIDE = -1_500_000_000;

    private final JdbcClient jdbc;
    private final java.time.Clock clock;

    EditedSequences(JdbcClient jdbc, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(SequenceStepsEdited edited) {
        List<Integer> steps = edited.steps();
        List<Integer> moved = new ArrayList<>();
        List<Integer> gone = new ArrayList<>();
        StringBuilder cases = new StringBuilder("CASE step");
        List<Object> params = new ArrayList<>();
        for (int old = 0; old < steps.size(); old++) {
            int now = steps.get(old) < 0 ? -2 - old : steps.get(old);
            if (now < -1) {
                gone.add(now);
            }
            if (now != old) {
                moved.add(old);
                cases.append(" WHEN ? THEN ?");
                params.add(old + ASIDE);
                params.add(now);
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        // A removed step's touches from earlier edits: below this edit's.
        cases.append(" ELSE step - ? - ? END");
        params.add(ASIDE);
        params.add(steps.size());
        params.add(edited.programId());
        params.add(ASIDE / 2);
        // The one-off pieces' -1 stays as it is.
        jdbc.sql("UPDATE touches SET step = step + :aside WHERE program_id = :p AND (step <= -2 OR step IN (:moved))")
                .param("aside", ASIDE).param("p", edited.programId()).param("moved", moved).update();
        jdbc.sql("UPDATE touches SET step = " + cases + " WHERE program_id = ? AND step < ?").params(params).update();
        branches(edited.programId(), steps);
        if (!gone.isEmpty()) {
            // A removed or changed step's message still waiting for the contact's morning or for room under a cap is
            // what the person editing meant to stop (a wrong piece swapped on a Friday evening must not go on Monday).
            jdbc.sql("""
                    UPDATE touches SET state = 'SUPPRESSED', reason = 'STEP_EDITED', ended_at = :now
                     WHERE program_id = :p AND state = 'PLANNED' AND step IN (:gone)""")
                    .param("now", io.keepwarm.platform.Timestamps.of(clock.instant()))
                    .param("p", edited.programId()).param("gone", gone).update();
        }
    }

    /**
     * A kept branch never moves: a step added or removed before it shifts its else step too, which makes it a
     * changed step. So only the passes of a removed or changed branch need going.
     */
    private void branches(long programId, List<Integer> steps) {
        List<Integer> dropped = new ArrayList<>();
        for (int old = 0; old < steps.size(); old++) {
            if (steps.get(old) < 0) {
                dropped.add(old);
            }
        }
        if (!dropped.isEmpty()) {
            jdbc.sql("DELETE FROM branch_passes WHERE program_id = :p AND step IN (:dropped)")
                    .param("p", programId).param("dropped", dropped).update();
        }
    }
}
