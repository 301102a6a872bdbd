package io.keepwarm.lifecycle.internal;

import io.keepwarm.contact.ContactsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A merged duplicate's moves become part of the survivor's history; the survivor keeps its own stage and its own
 * readiness, taking the duplicate's readiness only when it had none. Runs inside the merge's transaction.
 */
@Component
class LifecycleMerges {

    private final StageStore stages;
    private final ReadinessStore readiness;

    LifecycleMerges(StageStore stages, ReadinessStore readiness) {
        this.stages = stages;
        this.readiness = readiness;
    }

    @EventListener
    void on(ContactsMerged merged) {
        stages.moveHistory(merged.mergedId(), merged.survivorId());
        readiness.moveIfNone(merged.mergedId(), merged.survivorId());
    }
}
