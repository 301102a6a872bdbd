package io.keepwarm.platform.web;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.util.ClassUtil;

/**
 * The values of a JSON body that could not be read, all found in one reading: Jackson stops at the first, and a caller
 * met the next mistake only once the first was fixed. Its cause, if any, is the mistake that ended the reading before
 * the body's end (a number too large, a rule that checks itself). A body its controller validates ({@code @Valid})
 * carries the rules the rest of it breaks too, so that those come in the same answer and not only once every value
 * reads. The problem handler answers them in one problem.
 * Every body Spring reads is read so ({@link WholeBodyConverter}); {@link #read} reads a tree a controller took.
 */
public final class UnreadableValues extends RuntimeException {

    /** One value: where it stands ({@code steps[2].type}) and what Jackson would have said of it. */
    record Value(String at, JacksonException problem) {}

    private static final Object FOUND = UnreadableValues.class;
    private static final DeserializationProblemHandler COLLECTOR = new Collector();

    private final List<Value> values;
    private final List<FieldError> broken;
    /** The body read with stand-ins for the values, for an endpoint that checks the rest ({@link BodyAsRead}). */
    private transient Object readInPart;

    UnreadableValues(List<Value> values, Throwable endedBy) {
        this(values, List.of(), endedBy);
    }

    UnreadableValues(List<Value> values, List<FieldError> broken, Throwable endedBy) {
        super(values.size() + (values.size() == 1 ? " value" : " values") + " of the body cannot be read"
                + (broken.isEmpty() ? "" : " and " + broken.size() + " break" + (broken.size() == 1 ? "s" : "")
                        + " a rule"), endedBy);
        this.values = List.copyOf(values);
        this.broken = List.copyOf(broken);
    }

    List<Value> values() {
        return values;
    }

    UnreadableValues readInPart(Object body) {
        this.readInPart = body;
        return this;
    }

    Object readInPart() {
        return readInPart;
    }

    /** The rules ({@code @NotBlank}, {@code @Size}) the values read break, each at its field, as Spring names them. */
    List<FieldError> broken() {
        return broken;
    }

    /** The same refusal, telling {@code mistakes} found in the rest of the body (each at its field) after its values. */
    public UnreadableValues with(List<FieldError> mistakes) {
        if (mistakes.isEmpty()) {
            return this;
        }
        List<FieldError> all = new ArrayList<>(broken);
        all.addAll(mistakes);
        return new UnreadableValues(values, all, getCause());
    }

    /**
     * {@code tree} read as {@code type} as a request body is: refused, with every value that cannot be read (a NUL
     * character included), if it has any; a mistake that ends the reading with none before it is thrown as Jackson threw it.
     */
    public static <T> T read(ObjectMapper json, JsonNode tree, Class<T> type) {
        List<Value> found = new ArrayList<>();
        T value;
        try {
            value = NulRefusingReader.of(collecting(json.readerFor(type), found), found).readValue(tree);
        } catch (JacksonException e) {
            if (found.isEmpty()) {
                throw e;
            }
            throw new UnreadableValues(found, e);
        }
        if (!found.isEmpty()) {
            throw new UnreadableValues(found, null);
        }
        return value;
    }

    /** The reader, reading on past the values it cannot read and adding them to {@code found}. */
    static ObjectReader collecting(ObjectReader reader, List<Value> found) {
        return reader.withHandler(COLLECTOR).withAttribute(FOUND, found);
    }

    /**
     * Notes each value it cannot read with the exception Jackson would have thrown, and reads on with a stand-in:
     * null, or a primitive's zero. Asked before the mapper's own handlers, so it reads an enum in any case as they do.
     * What it notes goes to the list the reader carries: the handler itself is shared.
     */
    private static final class Collector extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) {
            found(ctxt, memberAt(ctxt, propertyName), UnrecognizedPropertyException.from(p, beanOrClass, propertyName,
                    deserializer == null ? null : deserializer.getKnownPropertyNames()));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                String failureMsg) {
            Enum<?> named = targetType.isEnum() ? EnumParameters.named(targetType, valueToConvert) : null;
            if (named != null) {
                return named;
            }
            found(ctxt, at(ctxt), ctxt.weirdStringException(valueToConvert, targetType, failureMsg));
            return standIn(targetType);
        }

        @Override
        public Object handleWeirdKey(DeserializationContext ctxt, Class<?> rawKeyType, String keyValue,
                String failureMsg) {
            Enum<?> named = rawKeyType.isEnum() ? EnumParameters.named(rawKeyType, keyValue) : null;
            if (named != null) {
                return named;
            }
            found(ctxt, at(ctxt), ctxt.weirdKeyException(rawKeyType, keyValue, failureMsg));
            return standIn(rawKeyType);
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                String failureMsg) {
            found(ctxt, at(ctxt), ctxt.weirdNumberException(valueToConvert, targetType, failureMsg));
            return standIn(targetType);
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                String failureMsg) {
            found(ctxt, pathOf(p.streamReadContext()), MismatchedInputException.from(p, targetType, failureMsg));
            p.skipChildren();
            return standIn(targetType.getRawClass());
        }

        /** Text or a number where an object belongs ({@code "company": "Acme"}). */
        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                ValueInstantiator valueInsta, JsonParser p, String msg) {
            found(ctxt, pathOf(p.streamReadContext()), MismatchedInputException.from(p, instClass, msg));
            p.skipChildren();
            return standIn(instClass);
        }

        /** A step, action or "when" of a kind there is not: read as null, its fields unread. */
        @Override
        public JavaType handleUnknownTypeId(DeserializationContext ctxt, JavaType baseType, String subTypeId,
                TypeIdResolver idResolver, String failureMsg) {
            found(ctxt, objectAt(ctxt), ctxt.invalidTypeIdException(baseType, subTypeId, failureMsg));
            return ctxt.constructType(Void.class);
        }

        @Override
        public JavaType handleMissingTypeId(DeserializationContext ctxt, JavaType baseType, TypeIdResolver idResolver,
                String failureMsg) {
            // read to the object's end, so the parser stands where the object does
            found(ctxt, at(ctxt), ctxt.missingTypeIdException(baseType, failureMsg));
            return ctxt.constructType(Void.class);
        }

        /**
         * A record that refuses a stand-in read into it ({@code List.copyOf} of a list holding a step of a kind there
         * is not) fails for a value already noted: it is read as null too. A value that checks itself says what is
         * wrong with it, and ends the reading as before.
         */
        @Override
        public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
                Throwable t) {
            for (Throwable cause = t; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidInputException) {
                    return NOT_HANDLED;
                }
            }
            return found(ctxt).isEmpty() || instClass.isPrimitive() ? NOT_HANDLED : null;
        }

        @SuppressWarnings("unchecked")
        private static List<Value> found(DeserializationContext ctxt) {
            return (List<Value>) ctxt.getAttribute(FOUND);
        }

        private static void found(DeserializationContext ctxt, String at, JacksonException problem) {
            found(ctxt).add(new Value(at, problem));
        }

        private static Object standIn(Class<?> type) {
            return type.isPrimitive() ? ClassUtil.defaultValue(type) : null;
        }

        private static String at(DeserializationContext ctxt) {
            return pathOf(ctxt.getParser().streamReadContext());
        }

        /**
         * Where an unknown member stands: its name in the object that holds it, found by the parser reading the body.
         * A record's unknown members (and those before a step's "type") are met again from a buffer once their object
         * is read, whose parser names copies of contexts the body's parser has moved on from: "extra": [1, 2] was named
         * extra[2], and "foo": {...} in a second step steps[1].foo.foo. The body's parser stands at the object's end
         * then, in the context around it; otherwise inside the object, at the member's value or at the step's type.
         */
        private static String memberAt(DeserializationContext ctxt, String name) {
            JsonParser body = ctxt.getParser();
            TokenStreamContext context = body.streamReadContext();
            JsonToken at = body.currentToken();
            String holder = at == JsonToken.END_OBJECT ? pathOf(context)
                    : pathOf((at != null && at.isStructStart() ? context.getParent() : context).getParent());
            return holder.isEmpty() ? name : holder + "." + name;
        }

        /** Where the object whose type id is read stands: the problem handler names the id by it and "type". */
        private static String objectAt(DeserializationContext ctxt) {
            TokenStreamContext context = ctxt.getParser().streamReadContext();
            return pathOf(context.inObject() ? context.getParent() : context);
        }
    }

    /** {@code steps[2].duration}, as the problem handler names a field everywhere. */
    static String pathOf(TokenStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.currentName() != null) {
                parts.addFirst(c.currentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            path.append(path.isEmpty() || part.startsWith("[") ? "" : ".").append(part);
        }
        return path.toString();
    }
}
