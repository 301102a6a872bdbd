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
            return Words.message(message);
        }
        String fields = invalid.errors().stream()
                .filter(f -> message == null || !(message.contains(f.field() + " " + f.message())
                        || message.contains(f.field() + ": " + f.message())))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .map(f -> Words.field(f.field()) + " " + Words.message(f.message()))
                .distinct()
                .collect(Collectors.joining("; "));
        // One field's refusal (InvalidInputException#field) says the field first, as the API names it.
        String said = message == null ? null : Words.message(invalid.errors().stream()
                .filter(f -> message.startsWith(f.field() + ": ") && !Words.field(f.field()).equals(f.field()))
                .findFirst()
                .map(f -> capitalized(Words.field(f.field())) + " " + message.substring(f.field().length() + 2))
                .orElse(message));
        return fields.isEmpty() ? said : said == null ? fields : said + ": " + fields;
    }

    private static String capitalized(String words) {
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
