package io.keepwarm.platform;

import java.util.Map;

/** The request clashes with the current state of things (answered with 409). */
public class ConflictException extends RuntimeException {

    private final Map<String, Object> properties;

    public ConflictException(String message) {
        this(message, Map.of());
    }

    /** A conflict with facts a client can act on without parsing the message, added to the problem as members. */
    public ConflictException(String message, Map<String, Object> properties) {
        super(message);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
