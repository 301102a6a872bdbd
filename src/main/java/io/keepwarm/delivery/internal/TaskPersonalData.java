package io.keepwarm.delivery.internal;

import io.keepwarm.contact.PersonalDataSection;
import org.springframework.stereotype.Component;

/** The calls and follow-ups about a contact (with what reps noted of each call) belong in the contact's export. */
@Component
class TaskPersonalData implements PersonalDataSection {

    private final TaskStore store;

    TaskPersonalData(TaskStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "tasks";
    }

    @Override
    public Object of(long contactId) {
        return store.ofContact(contactId);
    }
}
