package io.keepwarm.handoff.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * The SLA's clock: every hour of Monday to Friday in the account's zone is a working hour, Saturday and Sunday are
 * not. So 24 working hours from Friday noon end on Monday noon. Hours are real elapsed time, so a weekday that
 * changes to or from daylight saving time has 23 or 25 of them.
 */
public final class WorkingHours {

    private WorkingHours() {}

    /** The instant when this much working time has passed after start. */
    public static Instant plus(Instant start, Duration work, ZoneId zone) {
        Instant at = start;
        Duration remaining = work;
        while (true) {
            ZonedDateTime local = at.atZone(zone);
            if (weekend(local.getDayOfWeek())) {
                at = local.toLocalDate().with(TemporalAdjusters.next(DayOfWeek.MONDAY)).atStartOfDay(zone).toInstant();
                continue;
            }
            Instant endOfDay = local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            Duration left = Duration.between(at, endOfDay);
            if (remaining.compareTo(left) <= 0) {
                return at.plus(remaining);
            }
            remaining = remaining.minus(left);
            at = endOfDay;
        }
    }

    /** The working time between two instants: what {@link #plus} added to start to reach end. */
    public static Duration between(Instant start, Instant end, ZoneId zone) {
        Duration work = Duration.ZERO;
        Instant at = start;
        while (at.isBefore(end)) {
            ZonedDateTime local = at.atZone(zone);
            Instant endOfDay = local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            Instant until = endOfDay.isBefore(end) ? endOfDay : end;
            if (!weekend(local.getDayOfWeek())) {
                work = work.plus(Duration.between(at, until));
            }
            at = until;
        }
        return work;
    }

    /** Whether the instant falls on a working day (Monday to Friday in the zone). */
    public static boolean working(Instant at, ZoneId zone) {
        return !weekend(at.atZone(zone).getDayOfWeek());
    }

    /** The latest instant that this much working time before end had passed since: {@link #plus} turned back. */
    public static Instant minus(Instant end, Duration work, ZoneId zone) {
        Instant at = end;
        Duration remaining = work;
        while (true) {
            ZonedDateTime local = at.atZone(zone);
            Instant startOfDay = local.toLocalDate().atStartOfDay(zone).toInstant();
            if (startOfDay.equals(at)) {
                // At midnight, the working time before it is the previous day's.
                startOfDay = local.toLocalDate().minusDays(1).atStartOfDay(zone).toInstant();
                local = startOfDay.atZone(zone);
            }
            if (!weekend(local.getDayOfWeek())) {
                Duration left = Duration.between(startOfDay, at);
                if (remaining.compareTo(left) <= 0) {
                    return at.minus(remaining);
                }
                remaining = remaining.minus(left);
            }
            at = startOfDay;
        }
    }

    private static boolean weekend(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }
}
