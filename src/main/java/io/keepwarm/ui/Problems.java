package io.keepwarm.ui;

import io.keepwarm.platform.InvalidInputException;
import java.util.stream.Collectors;

/** A refusal as one sentence a page can show: the message and, for invalid input, which field and why. */
final class Problems {

    private Problems() {}

    static String describe(RuntimeException e) {
        if (e instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
            String fields = invalid.errors().stream().map(f -> f.field() + " " + f.message())
                    .collect(Collectors.joining("; "));
            return e.getMessage().contains(fields) ? e.getMessage() : e.getMessage() + ": " + fields;
        }
        return e.getMessage();
    }
}
