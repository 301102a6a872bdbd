package io.keepwarm.program;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * When cadences and waits fall due, in the contact's own zone. Local times are kept across daylight-saving
 * changes (10:00 stays 10:00); a local time that does not exist on a spring-forward day moves to the first
 * instant after the gap, as {@link ZonedDateTime#of} has it.
 */
public final class Schedules {

    private Schedules() {}

    /** A stream's first touch for a contact enrolled at {@code enrolled}: the first cadence moment after it. */
    public static Instant first(Cadence cadence, Instant enrolled, ZoneId zone) {
        return switch (cadence) {
            case Cadence.Every every -> nextAt(enrolled, every.at(), zone);
            case Cadence.Monthly monthly -> nextMonthly(monthly, enrolled, zone);
        };
    }

    /**
     * The first touch after {@code previous} for a contact enrolled at {@code enrolled}. An "every" cadence counts
     * whole periods from the contact's first touch, not from the touch before: every month from January 31 is
     * February 28, March 31, April 30 (stepping from the last one instead stayed on the 28th from February on).
     */
    public static Instant following(Cadence cadence, Instant enrolled, Instant previous, ZoneId zone) {
        return switch (cadence) {
            case Cadence.Every every -> nextEvery(every, first(every, enrolled, zone), previous, zone);
            case Cadence.Monthly monthly -> nextMonthly(monthly, previous, zone);
        };
    }

    private static Instant nextEvery(Cadence.Every every, Instant first, Instant previous, ZoneId zone) {
        LocalDate start = LocalDate.ofInstant(first, zone);
        Period period = every.period();
        // No period is longer than its months at 31 days plus its days, so fewer periods than this all end before
        // the previous touch's day: the walk starts close below the answer instead of at the first touch.
        long longest = period.toTotalMonths() * 31 + period.getDays();
        long span = ChronoUnit.DAYS.between(start, LocalDate.ofInstant(previous, zone));
        for (long k = Math.max(0, span / longest); ; k++) {
            Instant candidate = ZonedDateTime.of(start.plus(period.multipliedBy(Math.toIntExact(k))), every.at(), zone)
                    .toInstant();
            if (candidate.isAfter(previous)) {
                return candidate;
            }
        }
    }

    /**
     * When a wait step started at {@code from} ends. A wait of whole days counts days on the contact's calendar, so a
     * week from 10:00 is 10:00 a week later also across a change of the clocks; other waits are exact durations.
     */
    public static Instant afterWait(Step.Wait wait, Instant from, ZoneId zone) {
        if (wait.duration() != null) {
            long seconds = wait.duration().toSeconds();
            return seconds % 86_400 == 0 && wait.duration().getNano() == 0
                    ? from.atZone(zone).plusDays(seconds / 86_400).toInstant() : from.plus(wait.duration());
        }
        ZonedDateTime local = from.atZone(zone);
        LocalDate day = local.toLocalDate().with(TemporalAdjusters.nextOrSame(wait.day()));
        Instant candidate = ZonedDateTime.of(day, wait.at(), zone).toInstant();
        return candidate.isAfter(from) ? candidate
                : ZonedDateTime.of(day.with(TemporalAdjusters.next(wait.day())), wait.at(), zone).toInstant();
    }

    /**
     * When a contact due at {@code due} began the wait, read back from {@link #afterWait}; a wait until a weekday
     * keeps no trace of its start, so it reads as {@code otherwise}.
     */
    public static Instant waitBegan(Step.Wait wait, Instant due, ZoneId zone, Instant otherwise) {
        if (wait.duration() == null) {
            return otherwise;
        }
        long seconds = wait.duration().toSeconds();
        return seconds % 86_400 == 0 && wait.duration().getNano() == 0
                ? due.atZone(zone).minusDays(seconds / 86_400).toInstant() : due.minus(wait.duration());
    }

    private static Instant nextAt(Instant after, LocalTime at, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(after, zone);
        Instant candidate = ZonedDateTime.of(day, at, zone).toInstant();
        return candidate.isAfter(after) ? candidate : ZonedDateTime.of(day.plusDays(1), at, zone).toInstant();
    }

    private static Instant nextMonthly(Cadence.Monthly monthly, Instant after, ZoneId zone) {
        LocalDate month = LocalDate.ofInstant(after, zone).withDayOfMonth(1);
        for (int i = 0; i < 2; i++) {
            Instant candidate = ZonedDateTime.of(dayIn(monthly, month.plusMonths(i)), monthly.at(), zone).toInstant();
            if (candidate.isAfter(after)) {
                return candidate;
            }
        }
        throw new IllegalStateException("a monthly cadence always falls in the next month");
    }

    private static LocalDate dayIn(Cadence.Monthly monthly, LocalDate month) {
        DayOfWeek day = monthly.day();
        return monthly.week() == -1 ? month.with(TemporalAdjusters.lastInMonth(day))
                : month.with(TemporalAdjusters.dayOfWeekInMonth(monthly.week(), day));
    }
}
