package io.keepwarm.contact;

import java.util.List;

/**
 * Contacts were given another owner (by a person on the contact page, the API or an import, or by rep choice), in the
 * transaction that changed them, after their {@link ContactsChanged}; one event per write, however many contacts it
 * changed. Only a contact whose owner is now another than before is in it.
 */
public record OwnersChanged(List<Change> changes) {

    /**
     * @param previousOwnerId the owner before, null for none
     * @param ownerId the owner now, null for none
     */
    public record Change(long contactId, Long previousOwnerId, Long ownerId) {}

    public OwnersChanged {
        changes = List.copyOf(changes);
    }

    public static OwnersChanged of(long contactId, Long previousOwnerId, Long ownerId) {
        return new OwnersChanged(List.of(new Change(contactId, previousOwnerId, ownerId)));
    }
}
