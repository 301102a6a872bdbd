package io.keepwarm.activity;

import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.List;
import java.util.Map;

/**
 * A rule a module that acts on some events sets for them before they are logged (a call outcome must name how the
 * call went): the events API rejects an event that breaks one alone, with the rule's words at the field they are
 * about, as it does any other problem of one event. The module knows its rule; the log does not know the module.
 */
public interface EventCheck {

    /**
     * What is wrong with an event of this type about this target with these properties (each value as text, as the
     * log keeps it; empty if none were sent), each at its field ("target", "properties.askAgainOn") in words the
     * sender can act on; empty if nothing.
     */
    List<FieldError> problems(ActivityType type, String target, Map<String, String> properties);

    /**
     * What is wrong with an event that has no other mistake, given the contact it is about as it is now (a wrong
     * number reported for a contact without one); empty if nothing. Asked only of events of a type the module acts on.
     */
    default List<FieldError> problemsWith(long contactId, ActivityType type, String target,
            Map<String, String> properties) {
        return List.of();
    }
}
