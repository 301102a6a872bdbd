package io.keepwarm.activity;

import java.util.Map;

/**
 * A rule a module that acts on some events sets for them before they are logged (a call outcome must name how the
 * call went): the events API rejects an event that breaks one alone, with the rule's words, as it does any other
 * problem of one event. The module knows its rule; the log does not know the module.
 */
public interface EventCheck {

    /**
     * What is wrong with an event of this type about this target with these properties (each value as text, as the
     * log keeps it; empty if none were sent), in words the sender can act on; null if nothing.
     */
    String problem(ActivityType type, String target, Map<String, String> properties);
}
