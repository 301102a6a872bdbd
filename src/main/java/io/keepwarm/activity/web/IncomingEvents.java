package io.keepwarm.activity.web;

import io.keepwarm.activity.Events;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one event of a batch as sent. A value of the wrong kind ("occurredAt": 5, "properties": "x") makes that
 * event unreadable, with a sentence naming the field, instead of making the whole body unreadable.
 */
@Component
class IncomingEvents {

    /** Why one event could not be read, in words for the sender. */
    static final class Unreadable extends RuntimeException {

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private static final String FIELDS = Arrays.stream(Events.Incoming.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.joining(", "));
    private static final String TIME = "a date and time as text, like 2026-03-01T09:30:00Z";
    private static final Map<String, String> EXPECTED = Map.of(
            "contactId", "a whole number, the id of a contact",
            "occurredAt", TIME,
            "properties", "an object of names and values, like {\"form\": \"demo\"}");

    private final JsonMapper json;

    IncomingEvents(JsonMapper json) {
        this.json = json;
    }

    /** The event, or null for a JSON null (which the batch reports as empty). */
    Events.Incoming read(JsonNode event) {
        if (event == null || event.isNull()) {
            return null;
        }
        if (!event.isObject()) {
            throw new Unreadable("must be an object with id, type and contactId or email, not " + event.getNodeType()
                    .name().toLowerCase(Locale.ROOT));
        }
        // A number would be read as seconds since 1970: a sender meaning milliseconds would land in 50 000 AD.
        JsonNode occurredAt = event.get("occurredAt");
        if (occurredAt != null && !occurredAt.isNull() && !occurredAt.isString()) {
            throw new Unreadable("occurredAt must be " + TIME);
        }
        try {
            return json.treeToValue(event, Events.Incoming.class);
        } catch (UnrecognizedPropertyException unknown) {
            throw new Unreadable("has an unknown field '" + unknown.getPropertyName() + "'; the fields are " + FIELDS);
        } catch (DatabindException wrong) {
            String field = wrong.getPath().isEmpty() ? null : wrong.getPath().getFirst().getPropertyName();
            throw new Unreadable(field == null ? "cannot be read: " + wrong.getOriginalMessage()
                    : field + " must be " + EXPECTED.getOrDefault(field, "text"));
        } catch (JacksonException wrong) {
            throw new Unreadable("cannot be read: " + wrong.getOriginalMessage());
        }
    }

    /** The event's own id as sent, when it has one, for the report of a rejected event. */
    static String id(JsonNode event) {
        JsonNode id = event == null ? null : event.get("id");
        return id != null && id.isString() ? id.asString() : null;
    }
}
