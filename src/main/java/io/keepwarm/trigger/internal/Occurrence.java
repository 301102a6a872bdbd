package io.keepwarm.trigger.internal;

import io.keepwarm.trigger.Trigger;
import java.util.List;

/**
 * A trigger's cue for one contact, before its condition, loop check and daily limit are applied.
 *
 * @param key what makes it one occurrence: a firing per trigger, contact and key, ever
 * @param cue what happened, in words
 * @param chain the triggers whose actions caused the cue, first first
 */
record Occurrence(Trigger trigger, long contactId, String key, String cue, List<Long> chain) {

    Occurrence {
        chain = List.copyOf(chain);
    }

    Occurrence(Trigger trigger, long contactId, String key, String cue) {
        this(trigger, contactId, key, cue, List.of());
    }

    String identity() {
        return trigger.id() + "/" + contactId + "/" + key;
    }
}
