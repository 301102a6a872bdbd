package io.keepwarm.scoring.internal;

import io.keepwarm.platform.ClockWalk;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** At each step of a walk of the simulated clock: what {@link ScoringJobs} runs (regrades asked for, then decay). */
@Component
@Order(300)
class ScoringWalkWork implements ClockWalk.Work {

    private final ScoreDecay decay;
    private final FitGrading grading;

    ScoringWalkWork(ScoreDecay decay, FitGrading grading) {
        this.decay = decay;
        this.grading = grading;
    }

    @Override
    public void runDue(ClockWalk.Tally tally) {
        grading.regradeDue();
        tally.add("scores decayed", decay.run());
    }
}
