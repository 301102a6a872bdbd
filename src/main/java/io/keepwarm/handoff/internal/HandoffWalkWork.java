package io.keepwarm.handoff.internal;

import io.keepwarm.handoff.HandoffJob;
import io.keepwarm.platform.ClockWalk;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** At each step of a walk of the simulated clock: what {@link HandoffSchedule} runs (assignment, SLA, escalation). */
@Component
@Order(600)
class HandoffWalkWork implements ClockWalk.Work {

    private final HandoffJob job;

    HandoffWalkWork(HandoffJob job) {
        this.job = job;
    }

    @Override
    public void runDue(ClockWalk.Tally tally) {
        HandoffJob.Report report = job.run();
        tally.add("hand-offs assigned to a rep", report.assigned().size());
        tally.add("hand-offs escalated", report.escalated().size());
    }
}
