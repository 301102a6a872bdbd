package io.keepwarm.lifecycle.internal;

import io.keepwarm.lifecycle.LifecycleJob;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the recycling and readiness job on a fixed delay, while scheduled jobs are on (keepwarm.jobs.enabled). */
// Its own guard: Spring Modulith Moments turns scheduling on whatever keepwarm.jobs.enabled says, and a test that
// runs the job itself after moving the clock must not race a run of this schedule.
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
@Component
class LifecycleSchedule {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LifecycleSchedule.class);

    private final LifecycleJob job;

    LifecycleSchedule(LifecycleJob job) {
        this.job = job;
    }

    @Scheduled(fixedDelayString = "${keepwarm.lifecycle.run-every:PT1M}", initialDelayString = "${keepwarm.lifecycle.run-every:PT1M}")
    void run() {
        LifecycleJob.Report report = job.run();
        int moved = report.moved().stream().mapToInt(LifecycleJob.Moved::count).sum();
        if (moved > 0 || report.becameReady().count() > 0) {
            log.info("Lifecycle job moved {} contacts and surfaced {} ready dates", moved, report.becameReady().count());
        }
    }
}
