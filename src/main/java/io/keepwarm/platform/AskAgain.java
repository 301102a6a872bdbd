package io.keepwarm.platform;

import java.time.LocalDate;
import java.time.Period;

/**
 * How far ahead a ready date or a booked call may lie: two years. A sales conversation planned further out is a guess,
 * and a typo ("9999-12-31", "2206") would otherwise sit on the contact page and in a rep's queue for ever.
 */
public final class AskAgain {

    /** Two years, the longest budget cycle reps plan for. */
    public static final Period HORIZON = Period.ofYears(2);

    private AskAgain() {}

    /** The last day that may be booked, counted from today. */
    public static LocalDate latest(LocalDate today) {
        return today.plus(HORIZON);
    }
}
