package io.keepwarm.platform;

import java.util.List;
import java.util.function.ToLongFunction;

/** Work claimed from a table queue in batches. */
public final class Claims {

    private Claims() {}

    /**
     * A full claim without the rows of its last contact, unless that contact is all it holds. Claimed by due time
     * then contact, the rows due at one moment come by contact, so a contact's work due together is decided in one
     * batch, in priority order: a higher-priority program's touch is not left to the next batch after a lower one
     * took the contact's budget. The rows held back stay locked until the batch commits and come first in the next
     * claim.
     */
    public static <T> List<T> wholeContacts(List<T> claimed, int limit, ToLongFunction<T> contact) {
        if (claimed.size() < limit) {
            return claimed;
        }
        long last = contact.applyAsLong(claimed.getLast());
        int end = claimed.size();
        while (end > 0 && contact.applyAsLong(claimed.get(end - 1)) == last) {
            end--;
        }
        return end == 0 ? claimed : claimed.subList(0, end);
    }
}
