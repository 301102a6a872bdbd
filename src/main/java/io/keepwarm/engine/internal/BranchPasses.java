package io.keepwarm.engine.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which way enrollments went at a sequence's branches, for the program's figures: a branch plans no touch, so nothing
 * else records that a contact passed it.
 */
@Component
class BranchPasses {

    /** An enrollment of a program passed the branch at {@code step}, on to the next step or to its else step. */
    record Pass(long programId, long enrollmentId, int step, boolean wentElse) {}

    private final JdbcTemplate jdbc;

    BranchPasses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a walk's passes in one batch, in its transaction: a walk rolled back leaves none. */
    void recordAll(List<Pass> passes, Instant at) {
        if (passes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO branch_passes (program_id, enrollment_id, step, went_else, passed_at) VALUES (?, ?, ?, ?, ?)",
                passes, 1000, (ps, p) -> {
                    ps.setLong(1, p.programId());
                    ps.setLong(2, p.enrollmentId());
                    ps.setInt(3, p.step());
                    ps.setBoolean(4, p.wentElse());
                    ps.setObject(5, Timestamps.of(at));
                });
    }
}
