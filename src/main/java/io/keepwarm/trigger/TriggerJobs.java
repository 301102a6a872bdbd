package io.keepwarm.trigger;

import io.keepwarm.trigger.internal.TriggerRuns;
import org.springframework.stereotype.Service;

/**
 * The work behind triggers, run by the scheduled jobs and, for an admin or a test with the simulated clock, at once:
 * queued cues matched to triggers, the date job, and webhook calls.
 */
@Service
public class TriggerJobs {

    /** What a run did: firings from queued cues and from dates, and webhook calls made. */
    public record Report(int cues, int firedByCues, int firedByDates, int skipped, int webhooksDelivered,
            int webhooksFailed, int webhooksRetried) {}

    private final TriggerRuns runs;

    TriggerJobs(TriggerRuns runs) {
        this.runs = runs;
    }

    /** Matches every queued cue to the active triggers. */
    public Report cues() {
        return runs.cues();
    }

    /** Runs the date job once as of now. */
    public Report dates() {
        return runs.dates();
    }

    /** Makes the webhook calls due now. */
    public Report webhooks() {
        return runs.webhooks();
    }

    /** All three, in that order. */
    public Report runAll() {
        Report cues = cues();
        Report dates = dates();
        Report hooks = webhooks();
        return new Report(cues.cues(), cues.firedByCues(), dates.firedByDates(), cues.skipped() + dates.skipped(),
                hooks.webhooksDelivered(), hooks.webhooksFailed(), hooks.webhooksRetried());
    }
}
