package io.keepwarm.tracking.internal;

import io.keepwarm.contact.PersonalDataSection;
import org.springframework.stereotype.Component;

/** The tracked requests of a contact (with their addresses and user agents) belong in the contact's export. */
@Component
class TrackingPersonalData implements PersonalDataSection {

    private static final int MAX = 10_000;

    private final TrackingStore store;

    TrackingPersonalData(TrackingStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "trackedRequests";
    }

    @Override
    public Object of(long contactId) {
        return store.latest(contactId, MAX);
    }
}
