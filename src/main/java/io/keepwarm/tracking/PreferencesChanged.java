package io.keepwarm.tracking;

import java.util.Set;

/**
 * A prospect changed their own preferences in the preference centre; published in the transaction that saved them.
 *
 * @param changed what changed: EMAIL (consent), TOPICS, RHYTHM, NOT_NOW (an "ask me again" date)
 */
public record PreferencesChanged(long contactId, Set<Part> changed) {

    /** The parts of the preference centre. */
    public enum Part { EMAIL, TOPICS, RHYTHM, NOT_NOW }

    public PreferencesChanged {
        changed = Set.copyOf(changed);
    }
}
