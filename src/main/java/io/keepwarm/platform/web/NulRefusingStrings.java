package io.keepwarm.platform.web;

import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses the NUL character (\u0000) in any text of a request body, at its place ({@code steps[1].subject}), in the
 * same answer as the body's other unreadable values. PostgreSQL stores no NUL in text: without this, a NUL that
 * reached a query or a row failed it as "invalid byte sequence", answered as a clash with existing data, even on a read;
 * H2 stored it, and the two databases disagreed. Only a request body is checked ({@link UnreadableValues} reads it):
 * JSON Keepwarm reads back from its own tables is read as it was written.
 */
@Component
class NulRefusingStrings extends SimpleModule {

    /** What a request is told, at the field or parameter that holds a NUL. */
    static final String MESSAGE = "must not contain the NUL character (\\u0000)";

    NulRefusingStrings() {
        super("keepwarm-nul-refusing-strings");
        addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser p, DeserializationContext ctxt) {
                String text = super.deserialize(p, ctxt);
                if (text != null && text.indexOf('\0') >= 0 && UnreadableValues.readingARequest(ctxt)) {
                    return (String) ctxt.handleWeirdStringValue(String.class, text, MESSAGE);
                }
                return text;
            }
        });
    }

    /** Whether the text holds a NUL. */
    static boolean holdsNul(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }
}
