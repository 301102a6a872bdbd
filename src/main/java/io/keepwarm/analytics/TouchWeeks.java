package io.keepwarm.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Touches sent and suppressed per week (weeks start on Monday at midnight in the account's zone, as
 * its settings say). A sent touch counts in the week it went (an email when the mail server accepted it, not when the
 * engine handed it to the outbox); a suppressed one in the week it was suppressed (a message held for the contact's
 * morning when its program was archived counts that day; one the outbox withheld, when it withheld it).
 *
 * @param zone the account's time zone the weeks are counted in (America/New_York)
 * @param reasons every suppression reason that occurs in the period, in alphabetical order
 */
public record TouchWeeks(Period period, String zone, List<Week> weeks, List<String> reasons) {

    /** One week; every week of the period is present, empty ones too. */
    public record Week(LocalDate start, long sent, long suppressed, Map<String, Long> suppressedBy) {}
}
