package io.keepwarm.lifecycle.internal;

import io.keepwarm.lifecycle.LifecycleJob;
import io.keepwarm.platform.ClockWalk;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** At each step of a walk of the simulated clock: what {@link LifecycleSchedule} runs (recycling, ready dates). */
@Component
@Order(500)
class LifecycleWalkWork implements ClockWalk.Work {

    private final LifecycleJob job;

    LifecycleWalkWork(LifecycleJob job) {
        this.job = job;
    }

    @Override
    public void runDue(ClockWalk.Tally tally) {
        LifecycleJob.Report report = job.run();
        tally.add("contacts moved to another stage", report.moved().stream().mapToInt(LifecycleJob.Moved::count).sum());
        tally.add("ready dates that arrived", report.becameReady().count());
    }
}
