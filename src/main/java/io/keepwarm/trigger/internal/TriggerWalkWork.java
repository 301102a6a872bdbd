package io.keepwarm.trigger.internal;

import io.keepwarm.platform.ClockWalk;
import io.keepwarm.trigger.TriggerJobs;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** At each step of a walk of the simulated clock: what {@link TriggerSchedule} runs (cues, webhooks, dates). */
@Component
@Order(200)
class TriggerWalkWork implements ClockWalk.Work {

    private final TriggerJobs jobs;

    TriggerWalkWork(TriggerJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void runDue(ClockWalk.Tally tally) {
        TriggerJobs.Report cues = jobs.cues();
        TriggerJobs.Report dates = jobs.dates();
        jobs.webhooks();
        tally.add("triggers fired", (long) cues.firedByCues() + dates.firedByDates());
    }
}
