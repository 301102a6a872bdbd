package io.keepwarm.trigger.internal;

import io.keepwarm.trigger.TriggerJobs;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs trigger work while scheduled jobs are on (keepwarm.jobs.enabled): queued cues and webhook calls every second
 * of real time, the date job every ten minutes (keepwarm.triggers.cues-every, dates-every).
 */
@Component
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class TriggerSchedule {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TriggerSchedule.class);

    private final TriggerJobs jobs;

    TriggerSchedule(TriggerJobs jobs) {
        this.jobs = jobs;
    }

    @Scheduled(fixedDelayString = "${keepwarm.triggers.cues-every:PT1S}")
    void cues() {
        jobs.cues();
    }

    /** Apart from cues, so a slow receiver never holds up matching. */
    @Scheduled(fixedDelayString = "${keepwarm.triggers.cues-every:PT1S}")
    void webhooks() {
        jobs.webhooks();
    }

    @Scheduled(fixedDelayString = "${keepwarm.triggers.dates-every:PT10M}",
            initialDelayString = "${keepwarm.triggers.dates-every:PT10M}")
    void dates() {
        TriggerJobs.Report report = jobs.dates();
        if (report.firedByDates() > 0 || report.skipped() > 0) {
            log.info("Date triggers fired {} times ({} skipped)", report.firedByDates(), report.skipped());
        }
    }
}
