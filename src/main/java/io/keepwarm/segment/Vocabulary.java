package io.keepwarm.segment;

import java.util.List;

/**
 * What a condition builder may offer, in words: every field, activity, list and segment a rule may test, each with
 * the operators it takes and the kind of value each operator wants. Built from the rule compiler's own catalogue,
 * so the builder offers nothing the compiler refuses.
 */
public record Vocabulary(List<Term> terms) {

    public Vocabulary {
        terms = List.copyOf(terms);
    }

    /**
     * Something a condition tests.
     *
     * @param key how a {@link Condition} names it: a field such as {@code industry}, {@code in_list}, {@code
     *     in_segment}, or an activity such as {@code opened}
     * @param group the heading it is listed under
     * @param choices the values to pick from (stages, lists, channels of an activity...), else empty
     * @param activity for an activity, what its bracketed argument is; null for anything else
     */
    public record Term(String key, String label, String group, List<Op> operators, List<Choice> choices,
            Activity activity) {

        public Term {
            operators = List.copyOf(operators);
            choices = List.copyOf(choices);
        }
    }

    /**
     * An operator in words, e.g. "is one of".
     *
     * @param key how a {@link Condition} names it: an {@link Operator} name, or one of the builder's own
     *     ({@code LAST_DAYS}, {@code NEXT_DAYS}, {@code MEMBER}, {@code NOT_MEMBER})
     */
    public record Op(String key, String words, Input input, Count count) {}

    /** A value to pick: what the rule says, and what a person reads. */
    public record Choice(String value, String label) {}

    /** What an activity's argument is: a channel from the term's choices, or a pattern on the URL, offer or form. */
    public enum Activity { CHANNEL, PATTERN }

    /** The input a value is typed into. */
    public enum Input {
        NONE,
        TEXT,
        NUMBER,
        /** A day: 2026-03-01, or a whole number of days from today (negative for the past). */
        DATE,
        /** A whole number of days. */
        DAYS,
        /** One of the term's choices. */
        CHOICE,
        /** How many times, a whole number. */
        COUNT
    }

    /** How many values the operator takes; MANY means one or more. */
    public enum Count { NONE, ONE, TWO, MANY }
}
