package io.keepwarm.engine.internal;

import io.keepwarm.engine.Engine;
import io.keepwarm.platform.ClockWalk;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At each step of a walk of the simulated clock, after what may enroll or move contacts: the engine's tick, as
 * {@link EngineJob} runs it (sends what waited, then plans and sends what came due).
 */
@Component
@Order(700)
class EngineWalkWork implements ClockWalk.Work {

    private final Engine engine;

    EngineWalkWork(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void runDue(ClockWalk.Tally tally) {
        tally.add("touches sent", engine.tick());
    }
}
