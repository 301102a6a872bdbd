package io.keepwarm.ui;

import io.keepwarm.platform.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The messages of a refusal by field, for a form that shows each next to its field (the first per field). */
final class FormErrors {

    private FormErrors() {}

    static Map<String, String> of(InvalidInputException e) {
        return of(e, UnaryOperator.identity());
    }

    /** As {@link #of(InvalidInputException)}, with the module's field names turned into the form's. */
    static Map<String, String> of(InvalidInputException e, UnaryOperator<String> field) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.errors().forEach(error -> errors.putIfAbsent(field.apply(error.field()), Words.message(error.message())));
        if (errors.isEmpty()) {
            errors.put("", Words.message(e.getMessage()));
        }
        return errors;
    }
}
