package io.keepwarm.contact;

import java.util.Set;

/** Contacts were created or changed (fields, tags, attributes, consent), in the transaction that publishes it. */
public record ContactsChanged(Set<Long> contactIds) {

    public static ContactsChanged of(long contactId) {
        return new ContactsChanged(Set.of(contactId));
    }
}
