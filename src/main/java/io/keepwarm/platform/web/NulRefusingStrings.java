package io.keepwarm.platform.web;

import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads a text of a request's JSON that holds the NUL character (\u0000) as null, a stand-in: the reading refuses it,
 * telling it at its place with the body's other unreadable values ({@link NulRefusingReader}), and the checks run on a
 * body read in part ({@link BodyAsRead}, {@code @Valid}) never see it, nor query the database with it. JSON Keepwarm
 * reads back from its own tables is read as it was written.
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
                return holdsNul(text) && ctxt.getAttribute(NulRefusingReader.REFUSING) != null ? null : text;
            }
        });
    }

    /** Whether the text holds a NUL. */
    static boolean holdsNul(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }
}
