package io.keepwarm.delivery.internal;

import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Validity;
import io.keepwarm.delivery.EmailFailed;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A hard bounce marks the contact's address bounced, in the transaction that records the failure: the address the
 * message went to, so a late bounce of one the contact has left since leaves the new one alone.
 */
@Component
class Bounces {

    private final Contacts contacts;
    private final JdbcClient jdbc;

    Bounces(Contacts contacts, JdbcClient jdbc) {
        this.contacts = contacts;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(EmailFailed failed) {
        if (failed.bounced()) {
            String to = jdbc.sql("SELECT to_address FROM outbox_messages WHERE id = ?").param(failed.messageId())
                    .query(String.class).single();
            contacts.markValidity(failed.contactId(), to, Validity.BOUNCED, failed.reason());
        }
    }
}
