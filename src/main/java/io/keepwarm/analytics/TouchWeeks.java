package io.keepwarm.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Touches sent and suppressed per week (weeks start on Monday at midnight in the account's zone, as
 * its settings say). A suppressed touch counts in the week it was due, a sent one in the week it went.
 *
 * @param reasons every suppression reason that occurs in the period, in alphabetical order
 */
public record TouchWeeks(Period period, List<Week> weeks, List<String> reasons) {

    /** One week; every week of the period is present, empty ones too. */
    public record Week(LocalDate start, long sent, long suppressed, Map<String, Long> suppressedBy) {}
}
