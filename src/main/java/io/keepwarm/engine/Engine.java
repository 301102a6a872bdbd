package io.keepwarm.engine;

import io.keepwarm.engine.internal.Planner;
import io.keepwarm.engine.internal.TouchStore;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.Programs;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The touch engine: claims due enrollments in batches and plans their touches. */
@Service
public class Engine {

    static final int BATCH = 500;

    /** What one planning pass did, by outcome. */
    public record Planned(Map<Planner.Outcome, Integer> outcomes) {

        public int total() {
            return outcomes.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Enrollments enrollments;
    private final Programs programs;
    private final Planner planner;
    private final TouchStore touches;
    private final TransactionTemplate tx;
    private final Clock clock;

    Engine(Enrollments enrollments, Programs programs, Planner planner, TouchStore touches, TransactionTemplate tx,
            Clock clock) {
        this.enrollments = enrollments;
        this.programs = programs;
        this.planner = planner;
        this.touches = touches;
        this.tx = tx;
        this.clock = clock;
    }

    /** Walks every enrollment due now, a batch per transaction, until none is due. */
    public Planned plan() {
        Map<Planner.Outcome, Integer> outcomes = new EnumMap<>(Planner.Outcome.class);
        while (true) {
            Integer done = tx.execute(status -> {
                List<Enrollment> due = enrollments.claimDue(clock.instant(), BATCH);
                Map<Long, Program> byId = new HashMap<>();
                for (Enrollment e : due) {
                    Program program = byId.computeIfAbsent(e.programId(), programs::get);
                    outcomes.merge(planner.advance(program, e), 1, Integer::sum);
                }
                return due.size();
            });
            if (done == null || done == 0) {
                return new Planned(outcomes);
            }
        }
    }

    public List<Touch> touchesOf(long contactId) {
        return touches.forContact(contactId);
    }

    public List<Touch> touchesOfProgram(long programId, int limit) {
        return touches.forProgram(programId, limit);
    }
}
