package io.keepwarm.contact;

import io.keepwarm.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Guards shared by the contact services. */
final class ContactChecks {

    private ContactChecks() {}

    static void exists(JdbcClient jdbc, long contactId) {
        if (jdbc.sql("SELECT COUNT(*) FROM contacts WHERE id = ?").param(contactId).query(Long.class).single() == 0) {
            throw NotFoundException.of("Contact", contactId);
        }
    }
}
