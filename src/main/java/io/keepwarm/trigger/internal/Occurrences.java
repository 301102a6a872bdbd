package io.keepwarm.trigger.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

    /** Whether {@code days} have passed since the day of the last one (a touch, a reply, a purchase). */
    static boolean since(LocalDate last, LocalDate today, int days) {
        return !today.isBefore(last.plusDays(days));
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

    /** The day it is at the instant in the zone; an unreadable zone (the contact module checks them) counts as UTC. */
    static LocalDate today(Instant now, String zone) {
        return now.atZone(zone(zone)).toLocalDate();
    }

    static ZoneId zone(String zone) {
        try {
            return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
