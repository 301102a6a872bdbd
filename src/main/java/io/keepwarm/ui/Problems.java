package io.keepwarm.ui;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.Comparator;
import java.util.stream.Collectors;

/** A refusal as one sentence a page can show: the message and, for invalid input, which field and why. */
final class Problems {

    private Problems() {}

    /**
     * Each field's distinct complaint once, ordered by field and then by message: violations of bean validation
     * come in no particular order, and a page that words the same input differently each time looks broken. A
     * complaint the message already states (as {@link InvalidInputException#field} words it) is not said again.
     */
    static String describe(RuntimeException e) {
        String message = e.getMessage();
        if (!(e instanceof InvalidInputException invalid) || invalid.errors().isEmpty()) {
            return message;
        }
        String fields = invalid.errors().stream()
                .filter(f -> message == null || !(message.contains(f.field() + " " + f.message())
                        || message.contains(f.field() + ": " + f.message())))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .map(f -> f.field() + " " + f.message())
                .distinct()
                .collect(Collectors.joining("; "));
        return fields.isEmpty() ? message : message == null ? fields : message + ": " + fields;
    }
}
