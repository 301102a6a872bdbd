package io.keepwarm.delivery.internal;

import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Validity;
import io.keepwarm.delivery.EmailFailed;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A hard bounce marks the contact's address bounced, in the transaction that records the failure. */
@Component
class Bounces {

    private final Contacts contacts;

    Bounces(Contacts contacts) {
        this.contacts = contacts;
    }

    @EventListener
    void on(EmailFailed failed) {
        if (failed.bounced()) {
            contacts.markValidity(failed.contactId(), Validity.BOUNCED, failed.reason());
        }
    }
}
