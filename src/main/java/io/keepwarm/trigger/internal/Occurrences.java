package io.keepwarm.trigger.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The date maths of static triggers, on days in the contact's own zone. Each answers the occurrence due today, if
 * one is: the firing's key is made from it, so each occurrence fires once however often the job runs.
 */
final class Occurrences {

    private Occurrences() {}

    /**
     * The anniversary of the date that is due today: the next one on or after today (a 29 February falls on
     * 28 February in other years), when it is at most {@code daysBefore} days away and later than the date itself.
     */
    static Optional<LocalDate> anniversary(LocalDate date, LocalDate today, int daysBefore) {
        MonthDay day = MonthDay.from(date);
        LocalDate next = day.atYear(today.getYear());
        if (next.isBefore(today)) {
            next = day.atYear(today.getYear() + 1);
        }
        boolean due = ChronoUnit.DAYS.between(today, next) <= daysBefore && next.getYear() > date.getYear();
        return due ? Optional.of(next) : Optional.empty();
    }

    /** Whether a date is due "{@code days} before": from that many days before it up to the day itself. */
    static boolean before(LocalDate date, LocalDate today, int days) {
        return !today.isAfter(date) && !today.isBefore(date.minusDays(days));
    }

    /** How far before it began listening a date trigger still fires for a day that came and went. */
    static final int REACH_BACK_DAYS = 7;

    /**
     * Whether the day a trigger fires on came while it listened, or no more than a week before it began to (created,
     * resumed, or its "when" changed): a new "90 days before the lease ends" alerts for the leases whose 90th day
     * before is now or just past, not for every lease its window already holds.
     */
    static boolean heard(LocalDate firingDay, LocalDate listening) {
        return !firingDay.isBefore(listening.minusDays(REACH_BACK_DAYS));
    }

    /**
     * Whether the day {@code days} after the last one (a touch, a reply, a purchase) has come, and was {@link #heard}:
     * a new "180 days since the last purchase" greets those whose day is now or just past, not every customer lost
     * since 2019.
     */
    static boolean since(LocalDate last, LocalDate today, int days, LocalDate listening) {
        LocalDate day = last.plusDays(days);
        return !today.isBefore(day) && heard(day, listening);
    }

    /**
     * Whether an expected purchase is due: from {@code daysBefore} it until {@code lateDays} after it, so a customer
     * already late when the trigger first looks is the one it flags, not the one it misses.
     */
    static boolean expectedDue(LocalDate expected, LocalDate today, int daysBefore, long lateDays) {
        return !today.isBefore(expected.minusDays(daysBefore)) && !today.isAfter(expected.plusDays(lateDays));
    }

    /**
     * When the next purchase is expected: the last plus the average time between purchases, from the first, the
     * last and how many there were; empty with fewer than two.
     */
    static Optional<Instant> expectedPurchase(int count, Instant first, Instant last) {
        if (count < 2 || !last.isAfter(first)) {
            return Optional.empty();
        }
        Duration average = Duration.between(first, last).dividedBy(count - 1);
        return Optional.of(last.plus(average));
    }

    /** The day it is at the instant in the zone. */
    static LocalDate today(Instant now, ZoneId zone) {
        return now.atZone(zone).toLocalDate();
    }
}
