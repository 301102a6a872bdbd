package io.keepwarm.platform;

import java.util.List;
import java.util.Map;

/** Input that breaks a rule, with one message per offending field (answered with 400). */
public class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(field + ": " + message, List.of(new FieldError(field, message)));
    }

    /**
     * The mistakes {@code before} and those of {@code refusal} in one refusal, so that a person meets them all in one
     * answer and not one per try; where in a text the refusal's mistake stands ({@link #problemProperties}) is kept.
     */
    public static InvalidInputException together(List<FieldError> before, InvalidInputException refusal) {
        if (before.isEmpty()) {
            return refusal;
        }
        List<FieldError> all = new java.util.ArrayList<>(before);
        all.addAll(refusal.errors());
        InvalidInputException together = new InvalidInputException(all.stream()
                .map(error -> error.field() + " " + error.message()).collect(java.util.stream.Collectors.joining("; ")),
                all) {
            @Override
            public Map<String, Object> problemProperties() {
                return refusal.problemProperties();
            }
        };
        // a form shows a refusal of its own kind (a rule's, with a caret under the place) as it would alone
        together.initCause(refusal);
        return together;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra members for the problem document, e.g. where in a text the mistake is; none by default. */
    public Map<String, Object> problemProperties() {
        return Map.of();
    }

    /** One field and what is wrong with it, in words a person can act on. */
    public record FieldError(String field, String message) {}
}
