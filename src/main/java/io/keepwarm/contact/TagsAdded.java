package io.keepwarm.contact;

import java.util.List;
import java.util.Map;

/**
 * Contacts gained tags they did not have (by hand, API, import or a program), in the transaction that added them;
 * one event per write, however many contacts it named.
 *
 * @param added the tags each contact gained, as stored (lower case)
 */
public record TagsAdded(Map<Long, List<String>> added) {

    public TagsAdded {
        added = Map.copyOf(added);
    }

    public static TagsAdded of(long contactId, List<String> tags) {
        return new TagsAdded(Map.of(contactId, List.copyOf(tags)));
    }
}
