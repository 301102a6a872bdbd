package io.keepwarm.platform;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until it is set or advanced: months of nurturing in seconds. Like the system clock it
 * keeps whole microseconds ({@link ClockConfiguration}): what is made due at its instant is due at that instant.
 */
public final class SimulatedClock extends Clock {

    static final Duration TICK = Duration.ofNanos(1_000);

    private final AtomicReference<Instant> now;

    public SimulatedClock(Instant start) {
        this.now = new AtomicReference<>(micros(start));
    }

    public Instant set(Instant instant) {
        Instant set = micros(instant);
        now.set(set);
        return set;
    }

    public Instant advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward; got " + duration);
        }
        return now.updateAndGet(current -> micros(current.plus(duration)));
    }

    /**
     * Moves the clock whole days on the calendar of a zone, to the same local time: a week is 169 hours where the
     * clocks go back in it and 167 where they go forward, as waits and cadences of days count it in a contact's zone.
     */
    public Instant advanceDays(long days, ZoneId zone) {
        if (days < 0) {
            throw new IllegalArgumentException("The clock only moves forward; got " + days + " days");
        }
        return now.updateAndGet(current -> micros(current.atZone(zone).plusDays(days).toInstant()));
    }

    /**
     * Moves the clock to the next such weekday (never today) at that time, UTC: a test that needs a weekday's working
     * hours, whatever day the tests before it left the clock on.
     */
    public Instant advanceToNext(DayOfWeek day, LocalTime at) {
        return now.updateAndGet(current -> micros(current.atZone(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.next(day)).atTime(at).toInstant(ZoneOffset.UTC)));
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Keepwarm's clock is always UTC; convert at the edge");
    }
}
