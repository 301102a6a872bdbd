package io.keepwarm.handoff.internal;

import io.keepwarm.handoff.HandoffJob;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the hand-off job on a fixed delay, while scheduled jobs are on (keepwarm.jobs.enabled). */
// Its own guard: Spring Modulith Moments turns scheduling on whatever keepwarm.jobs.enabled says, and a test that
// runs the job itself after moving the clock must not race a run of this schedule.
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
@Component
class HandoffSchedule {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HandoffSchedule.class);

    private final HandoffJob job;

    HandoffSchedule(HandoffJob job) {
        this.job = job;
    }

    @Scheduled(fixedDelayString = "${keepwarm.handoff.run-every:PT1M}", initialDelayString = "${keepwarm.handoff.run-every:PT1M}")
    void run() {
        HandoffJob.Report report = job.run();
        int changed = report.handedOver().size() + report.escalated().size() + report.reassigned().size()
                + report.withoutManager().size() + report.reminded().size() + report.assigned().size();
        if (changed > 0) {
            log.info("Hand-off job: {} handed over from reps away or gone, {} escalated, {} reassigned, {} overdue"
                    + " without a manager, {} still overdue (reminded), {} assigned", report.handedOver().size(),
                    report.escalated().size(), report.reassigned().size(), report.withoutManager().size(),
                    report.reminded().size(), report.assigned().size());
        }
    }
}
