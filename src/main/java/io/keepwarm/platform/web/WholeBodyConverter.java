package io.keepwarm.platform.web;

import io.keepwarm.platform.InvalidInputException.FieldError;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.validation.DataBinder;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON request body to its end past the values it cannot read (a step of a kind there is not, "three days"
 * for a duration, "high" for a number, an unknown field), so that one answer names them all: Jackson stops at the
 * first, and a caller met the next mistake only once the first was fixed. A body with any such value is refused
 * whole ({@link UnreadableValues}, answered by the problem handler): the stand-ins read in their place never reach a
 * controller. A body its controller validates ({@code @Valid}) is checked against its rules before it is refused, so
 * that a blank name comes in the same answer as a number that is not one ({@link ValidatedBodies}); Spring's own check
 * runs only on a body that reads. A body taken as {@link BodyAsRead} reaches its controller read in part instead, for
 * the endpoint's own checks to be answered beside the unreadable values. A NUL character in any text or member name is
 * such a value ({@link NulRefusingReader}), but where the endpoint answers it per item ({@link NulsAnsweredPerItem}).
 * Every API's JSON bodies are read here ({@link Registration}).
 */
class WholeBodyConverter extends JacksonJsonHttpMessageConverter {

    /** The read hint of a body its controller validates: the validation groups, as Spring's own check takes them. */
    private static final String VALIDATION = WholeBodyConverter.class.getName() + ".validation";

    /** The body this thread reads now, handed from {@link #read} to the reader. */
    private final ThreadLocal<Reading> reading = new ThreadLocal<>();
    private final SmartValidator validator;

    WholeBodyConverter(JsonMapper json, SmartValidator validator) {
        super(json);
        this.validator = validator;
    }

    @Override
    public boolean canRead(ResolvableType type, MediaType mediaType) {
        return super.canRead(asRead(type) ? type.getGeneric(0) : type, mediaType);
    }

    /**
     * The values found unreadable in a body; {@code nulsPerItem} when its endpoint answers a NUL character in an item
     * itself ({@link NulsAnsweredPerItem}).
     */
    private record Reading(List<UnreadableValues.Value> found, boolean nulsPerItem) {}

    @Override
    public Object read(ResolvableType type, HttpInputMessage message, Map<String, Object> hints) throws IOException {
        if (asRead(type)) {
            if (hints != null && hints.containsKey(VALIDATION)) {
                throw new IllegalStateException("A body taken as BodyAsRead is checked by its endpoint (BodyAsRead.checked),"
                        + " not by @Valid: take one or the other");
            }
            Object whole;
            try {
                whole = read(type.getGeneric(0), message, hints);
            } catch (HttpMessageNotReadableException e) {
                if (e.getCause() instanceof UnreadableValues unreadable && unreadable.readInPart() != null) {
                    return BodyAsRead.inPart(unreadable.readInPart(), unreadable);
                }
                throw e;
            }
            // A body that is JSON's null reads as no value, which the endpoint's checks cannot take: Spring's own
            // check for a missing body sees the wrapper, not its null.
            if (whole == null) {
                throw new HttpMessageNotReadableException("The body is null", io.keepwarm.platform.InvalidInputException
                        .field("body", "must be a JSON object with the fields the API documents, not null"), message);
            }
            return BodyAsRead.whole(whole);
        }
        List<UnreadableValues.Value> found = new ArrayList<>();
        reading.set(new Reading(found, type.getSource() instanceof MethodParameter parameter
                && parameter.hasParameterAnnotation(NulsAnsweredPerItem.class)));
        Object body;
        try {
            body = super.read(type, message, hints);
        } catch (HttpMessageNotReadableException e) {
            // A mistake Jackson cannot read past (a number too large, a rule that checks itself) ends the reading:
            // it is answered after the values found before it.
            if (found.isEmpty()) {
                throw e;
            }
            throw new HttpMessageNotReadableException(e.getMessage(), new UnreadableValues(found, e.getCause()), message);
        } finally {
            reading.remove();
        }
        if (!found.isEmpty()) {
            List<FieldError> broken = body != null && hints != null && hints.get(VALIDATION) instanceof Object[] groups
                    ? broken(body, groups, found) : List.of();
            UnreadableValues unreadable = new UnreadableValues(found, broken, null).readInPart(body);
            throw new HttpMessageNotReadableException(unreadable.getMessage(), unreadable, message);
        }
        return body;
    }

    /**
     * The rules the body as read breaks, named as Spring's own check names them (the problem handler answers both
     * alike), but for those of an unreadable value: its stand-in (null) would read as left out, and its mistake is told.
     * In order of field, so the same body gets the same answer.
     */
    private List<FieldError> broken(Object body, Object[] groups, List<UnreadableValues.Value> found) {
        DataBinder binder = new DataBinder(body);
        binder.setValidator(validator);
        binder.validate(groups);
        return binder.getBindingResult().getFieldErrors().stream()
                .filter(f -> found.stream().noneMatch(v -> within(f.getField(), v.at())))
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
    }

    /** Whether {@code field} is the value at {@code at} or inside it ({@code steps[1].text} inside {@code steps[1]}). */
    static boolean within(String field, String at) {
        return at.isEmpty() || field.equals(at) || field.startsWith(at + ".") || field.startsWith(at + "[");
    }

    private static boolean asRead(ResolvableType type) {
        return type.resolve() == BodyAsRead.class;
    }

    @Override
    protected ObjectReader customizeReader(ObjectReader reader, JavaType type) {
        Reading body = reading.get();
        if (body == null) {
            return reader;
        }
        ObjectReader collecting = UnreadableValues.collecting(reader, body.found());
        return body.nulsPerItem() ? collecting : NulRefusingReader.of(collecting, body.found());
    }

    /**
     * Puts the converter where Spring Boot's JSON converter would be, after the byte and text converters: as a bean it
     * would be put before them, and would read a webhook's raw body ({@code byte[]}) as JSON.
     */
    @Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {

        private final JsonMapper json;
        private final jakarta.validation.Validator validator;

        Registration(JsonMapper json, jakarta.validation.Validator validator) {
            this.json = json;
            this.validator = validator;
        }

        @Override
        public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
            // Spring Boot's configurer (order 0) sets its own before this one: the JSON converter set last is used.
            builder.withJsonConverter(new WholeBodyConverter(json, new SpringValidatorAdapter(validator)));
        }
    }

    /**
     * Tells the converter which bodies their controller validates, and with which groups, as Spring decides it for its
     * own check ({@code @Valid}, {@code @Validated}, or an annotation named Valid...): a read hint is all a converter
     * learns of the parameter it reads.
     */
    @ControllerAdvice
    static class ValidatedBodies extends RequestBodyAdviceAdapter {

        @Override
        public boolean supports(MethodParameter parameter, Type targetType,
                Class<? extends HttpMessageConverter<?>> converterType) {
            return converterType == WholeBodyConverter.class && groups(parameter) != null;
        }

        @Override
        public Map<String, Object> determineReadHints(MethodParameter parameter, Type targetType,
                Class<? extends SmartHttpMessageConverter<?>> converterType) {
            return Map.of(VALIDATION, groups(parameter));
        }

        private static Object[] groups(MethodParameter parameter) {
            for (Annotation annotation : parameter.getParameterAnnotations()) {
                Object[] groups = ValidationAnnotationUtils.determineValidationHints(annotation);
                if (groups != null) {
                    return groups;
                }
            }
            return null;
        }
    }
}
