package io.keepwarm.engine.internal;

import io.keepwarm.contact.ContactsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A merged duplicate's frequency preference goes to the survivor when it has none; runs in the merge's transaction. */
@Component
class FrequencyMerges {

    private final FrequencyStore store;

    FrequencyMerges(FrequencyStore store) {
        this.store = store;
    }

    @EventListener
    void on(ContactsMerged merged) {
        store.moveIfNone(merged.mergedId(), merged.survivorId());
    }
}
