package io.keepwarm.platform;

import java.util.Map;
import java.util.Set;

/** The request clashes with the current state of things (answered with 409). */
public class ConflictException extends RuntimeException {

    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "instance");

    private final Map<String, Object> properties;

    public ConflictException(String message) {
        this(message, Map.of());
    }

    /** A conflict with facts a client can act on without parsing the message, added to the problem as members. */
    public ConflictException(String message, Map<String, Object> properties) {
        super(message);
        // A fact named as a member of the problem itself ("status": "LIVE") would replace it in the answer (the 409).
        if (properties.keySet().stream().anyMatch(PROBLEM_MEMBERS::contains)) {
            throw new IllegalArgumentException("A problem's own members cannot carry facts: " + properties.keySet());
        }
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
