package io.keepwarm.analytics;

import io.keepwarm.platform.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/** A span of time a figure looks at: from (inclusive) to (exclusive). */
public record Period(Instant from, Instant to) {

    /** The longest span one report covers, so a mistyped year does not scan a decade. */
    static final Duration LONGEST = Duration.ofDays(3 * 366);

    public Period {
        if (from == null || to == null) {
            throw InvalidInputException.field("from", "and to are both required");
        }
        if (!from.isBefore(to)) {
            throw InvalidInputException.field("from", "must be before to (" + from + " is not before " + to + ")");
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            throw InvalidInputException.field("from", "and to may be at most three years apart");
        }
    }
}
