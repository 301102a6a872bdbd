package io.keepwarm.activity.web;

import io.keepwarm.activity.Events;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one event of a batch as sent. A value of the wrong kind ("occurredAt": 5, "properties": "x") or an unknown
 * field makes that event unreadable, each such value named at its field, instead of making the whole body unreadable.
 */
@Component
class IncomingEvents {

    /**
     * One event as read: its values that could not be read, each with why, and the event without them (as if they
     * were not sent), so that its other mistakes can be told too; no event when it is no object at all.
     */
    record Read(Events.Incoming event, List<FieldError> unreadable) {}

    private static final String FIELDS = Arrays.stream(Events.Incoming.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.joining(", "));
    private static final String TIME = "a date and time as text, like 2026-03-01T09:30:00Z";
    private static final Map<String, String> EXPECTED = Map.of(
            "contactId", "a whole number, the id of a contact",
            "occurredAt", TIME,
            "properties", "an object of names and values, like {\"form\": \"demo\"}");

    private final JsonMapper json;
    /** Each field of an event and the type it is read as. */
    private final Map<String, JavaType> types;

    IncomingEvents(JsonMapper json) {
        this.json = json;
        this.types = Arrays.stream(Events.Incoming.class.getRecordComponents()).collect(Collectors.toMap(
                RecordComponent::getName, c -> json.constructType(c.getGenericType())));
    }

    /** The event; no event and nothing unreadable for a JSON null (which the batch reports as empty). */
    Read read(JsonNode event) {
        if (event == null || event.isNull()) {
            return new Read(null, List.of());
        }
        if (!(event instanceof ObjectNode object)) {
            return new Read(null, List.of(new FieldError(null, "must be an object with id, type and contactId or email,"
                    + " not " + event.getNodeType().name().toLowerCase(Locale.ROOT))));
        }
        if (wellTimed(event.get("occurredAt"))) {
            try {
                return new Read(json.treeToValue(event, Events.Incoming.class), List.of());
            } catch (JacksonException unreadable) {
                // read again a field at a time below, to name every value that cannot be read, not only the first
            }
        }
        return readApart(object);
    }

    /**
     * A number would be read as seconds since 1970: a sender meaning milliseconds would land in 50 000 AD.
     */
    private static boolean wellTimed(JsonNode occurredAt) {
        return occurredAt == null || occurredAt.isNull() || occurredAt.isString();
    }

    /** An event that does not read whole, read a field at a time: the slow way, taken by bad events only. */
    private Read readApart(ObjectNode event) {
        List<FieldError> unreadable = new ArrayList<>();
        ObjectNode readable = json.createObjectNode();
        event.forEachEntry((name, value) -> {
            JavaType type = types.get(name);
            if (type == null) {
                unreadable.add(new FieldError(name, "is unknown (the fields are " + FIELDS + ")"));
            } else if ((!name.equals("occurredAt") || wellTimed(value)) && reads(value, type)) {
                readable.set(name, value);
            } else {
                unreadable.add(new FieldError(name, "must be " + EXPECTED.getOrDefault(name, "text")));
            }
        });
        try {
            return new Read(json.treeToValue(readable, Events.Incoming.class), unreadable);
        } catch (JacksonException wrong) {
            unreadable.add(new FieldError(null, "cannot be read: " + wrong.getOriginalMessage()));
            return new Read(null, unreadable);
        }
    }

    private boolean reads(JsonNode value, JavaType type) {
        try {
            json.treeToValue(value, type);
            return true;
        } catch (JacksonException wrong) {
            return false;
        }
    }

    /** The event's own id as sent, when it has one, for the report of a rejected event. */
    static String id(JsonNode event) {
        JsonNode id = event == null ? null : event.get("id");
        return id != null && id.isString() ? id.asString() : null;
    }
}
