package io.keepwarm.contact;

/**
 * Personal data another module keeps about a contact (addresses and user agents of tracked requests, ...), added to
 * the contact's export so a person's right of access sees all of it. The contact module knows no implementation.
 */
public interface PersonalDataSection {

    /** The key of this section in the export document. */
    String name();

    /** What the module keeps about the contact, as plain values the export writes as JSON. */
    Object of(long contactId);
}
