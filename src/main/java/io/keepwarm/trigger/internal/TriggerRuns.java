package io.keepwarm.trigger.internal;

import io.keepwarm.trigger.TriggerJobs;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs the three kinds of trigger work, each batch in a transaction of its own. */
@Component
public class TriggerRuns {

    private final Catalog catalog;
    private final CueQueue cues;
    private final DateTriggers dates;
    private final WebhookDelivery webhooks;
    private final TransactionTemplate transactions;

    TriggerRuns(Catalog catalog, CueQueue cues, DateTriggers dates, WebhookDelivery webhooks,
            PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.cues = cues;
        this.dates = dates;
        this.webhooks = webhooks;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Reloads the triggers, then matches queued cues a batch at a time until none waits, including the cues that
     * the actions of this round's firings queue (their chain keeps a trigger from firing in its own cycle).
     */
    public TriggerJobs.Report cues() {
        catalog.reload();
        int taken = 0;
        Evaluator.Outcome outcome = Evaluator.Outcome.NONE;
        while (true) {
            CueQueue.Batch batch = transactions.execute(status -> cues.processBatch());
            taken += batch.cues();
            outcome = outcome.plus(batch.outcome());
            if (batch.cues() == 0) {
                return new TriggerJobs.Report(taken, outcome.fired(), 0, outcome.skipped(), 0, 0, 0);
            }
        }
    }

    public TriggerJobs.Report dates() {
        Evaluator.Outcome outcome = dates.run();
        return new TriggerJobs.Report(0, 0, outcome.fired(), outcome.skipped(), 0, 0, 0);
    }

    public TriggerJobs.Report webhooks() {
        WebhookDelivery.Delivered delivered = webhooks.deliverDue();
        return new TriggerJobs.Report(0, 0, 0, 0, delivered.delivered(), delivered.failed(), delivered.retried());
    }
}
