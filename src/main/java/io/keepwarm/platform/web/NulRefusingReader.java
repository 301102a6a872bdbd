package io.keepwarm.platform.web;

import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Reads a request's JSON refusing the NUL character (\u0000) in any text and in any member's name, each at its place
 * ({@code name}, {@code attributes.plan}, {@code steps[1].subject}), with the body's other unreadable values. It looks
 * at the tokens as the parser hands them on, whatever they are read into: a record's text, a map's keys and its
 * free-form values, a tree a controller reads by hand (a contact's PATCH, a segment's JSON rule). Nothing is walked
 * again: a text is scanned once, in the parser's own buffer. PostgreSQL stores no NUL in text: without this, a NUL that
 * reached a query or a row failed it as "invalid byte sequence", answered as a clash with existing data, even on a
 * read; H2 stored it, and the two databases disagreed. A text holding one is read as null ({@link NulRefusingStrings}),
 * so that the checks run on a body read in part ({@link BodyAsRead}) never query with it.
 * Made last ({@link #of}): a reader derived from this one by {@code with...} is a plain reader again.
 */
final class NulRefusingReader extends ObjectReader {

    /** Set on a reading that refuses NUL characters. */
    static final Object REFUSING = NulRefusingReader.class;

    private final transient List<UnreadableValues.Value> found;

    private NulRefusingReader(ObjectReader reader, List<UnreadableValues.Value> found) {
        super(reader, reader.getConfig());
        this.found = found;
    }

    /** {@code reader} (one collecting unreadable values into {@code found}) refusing NUL characters too. */
    static ObjectReader of(ObjectReader reader, List<UnreadableValues.Value> found) {
        return new NulRefusingReader(reader.withAttribute(REFUSING, Boolean.TRUE), found);
    }

    /** Every reading (a stream, a text, a tree) goes through here, the parser it reads from made. */
    @Override
    protected JsonParser _considerFilter(JsonParser parser, boolean multiValue) {
        return new Parser(super._considerFilter(parser, multiValue), found);
    }

    /** The parser, noting each text and member name that holds a NUL as it passes. */
    private static final class Parser extends JsonParserDelegate {

        private final List<UnreadableValues.Value> found;

        Parser(JsonParser parser, List<UnreadableValues.Value> found) {
            super(parser);
            this.found = found;
        }

        @Override
        public JsonToken nextToken() {
            return checked(delegate.nextToken());
        }

        @Override
        public JsonToken nextValue() {
            JsonToken token = nextToken();
            return token == JsonToken.PROPERTY_NAME ? nextToken() : token;
        }

        // The parser's own ways to a member's name (matched against a record's fields without making it a String)
        // are kept; the name is looked at once there.

        @Override
        public String nextName() {
            String name = delegate.nextName();
            checked(delegate.currentToken());
            return name;
        }

        @Override
        public boolean nextName(SerializableString name) {
            boolean is = delegate.nextName(name);
            checked(delegate.currentToken());
            return is;
        }

        @Override
        public int nextNameMatch(PropertyNameMatcher matcher) {
            int match = delegate.nextNameMatch(matcher);
            checked(delegate.currentToken());
            return match;
        }

        private JsonToken checked(JsonToken token) {
            boolean nul = token == JsonToken.VALUE_STRING ? textHoldsNul()
                    : token == JsonToken.PROPERTY_NAME && NulRefusingStrings.holdsNul(delegate.currentName());
            if (nul) {
                String text = token == JsonToken.VALUE_STRING ? delegate.getString() : delegate.currentName();
                // A member's name is its place: the NUL is shown as '?', as in a parameter's name.
                String at = UnreadableValues.pathOf(delegate.streamReadContext()).replace('\0', '?');
                found.add(new UnreadableValues.Value(at, InvalidFormatException.from(this, NulRefusingStrings.MESSAGE,
                        text, String.class)));
            }
            return token;
        }

        private boolean textHoldsNul() {
            char[] text = delegate.getStringCharacters();
            int end = delegate.getStringOffset() + delegate.getStringLength();
            for (int i = delegate.getStringOffset(); i < end; i++) {
                if (text[i] == '\0') {
                    return true;
                }
            }
            return false;
        }
    }
}
