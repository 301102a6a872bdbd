package io.keepwarm.segment;

import java.util.List;

/**
 * One condition as a builder picked it, in the words of a {@link Vocabulary}: a term, an operator and the values
 * as typed. For TEXT and NUMBER operators taking many values, a value may hold several separated by commas.
 *
 * @param match an activity's channel or pattern; blank for any
 * @param within an activity's window in days; blank for all time
 */
public record Condition(String term, String op, List<String> values, String match, String within) {

    public Condition {
        values = values == null ? List.of() : List.copyOf(values);
    }
}
