package io.keepwarm.engine;

import io.keepwarm.engine.internal.Dispatcher;
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

/**
 * The touch engine: claims due enrollments in batches and plans their touches, then claims due touches in
 * batches and sends them under the pressure policy. Work is claimed with FOR UPDATE SKIP LOCKED, so several
 * Keepwarm instances on one PostgreSQL share it.
 */
@Service
public class Engine {

    static final int BATCH = 500;

    /** What one sending pass did, by outcome. */
    public record Sent(Map<Dispatcher.Outcome, Integer> outcomes) {

        public int count(Dispatcher.Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }

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
    private final Dispatcher dispatcher;
    private final TransactionTemplate tx;
    private final Clock clock;

    Engine(Enrollments enrollments, Programs programs, Planner planner, TouchStore touches, Dispatcher dispatcher,
            TransactionTemplate tx, Clock clock) {
        this.dispatcher = dispatcher;
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

    /** Sends every touch due now, a batch per transaction, until none is due. */
    public Sent send() {
        Map<Dispatcher.Outcome, Integer> outcomes = new EnumMap<>(Dispatcher.Outcome.class);
        while (true) {
            Map<Dispatcher.Outcome, Integer> batch = tx.execute(status -> dispatcher.sendBatch(BATCH));
            if (batch == null || batch.isEmpty()) {
                return new Sent(outcomes);
            }
            batch.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            // Touches deferred in this pass are not due again now; a batch made only of them ends the pass.
            if (batch.keySet().stream().allMatch(k -> k == Dispatcher.Outcome.DEFERRED)) {
                return new Sent(outcomes);
            }
        }
    }

    /** One tick: plan what is due, then send what is due. */
    public void tick() {
        plan();
        send();
    }

    public List<Touch> touchesOf(long contactId) {
        return touches.forContact(contactId);
    }

    public List<Touch> touchesOfProgram(long programId, int limit) {
        return touches.forProgram(programId, limit);
    }
}
