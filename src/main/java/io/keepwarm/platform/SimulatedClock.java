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
import java.util.function.UnaryOperator;

/**
 * A clock that an admin moves: months of nurturing in seconds. Between moves it runs on from where it was set at the
 * pace of its source clock (the real one in the application), so a click comes seconds after its email as in life; a
 * clock built on an instant alone stands still between moves, as the tests' does. Like the system clock it keeps
 * whole microseconds ({@link ClockConfiguration}): what is made due at its instant is due at that instant.
 */
public final class SimulatedClock extends Clock {

    static final Duration TICK = Duration.ofNanos(1_000);
    private static final Clock STANDING = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    /** The clock read {@code at} when its source read {@code sourceAt}: it has run on by as much as the source since. */
    private record Anchor(Instant at, Instant sourceAt) {

        Instant now(Instant source) {
            return micros(at.plus(Duration.between(sourceAt, source)));
        }
    }

    private final Clock source;
    private final AtomicReference<Anchor> anchor;

    /** A clock that stands still until it is set or advanced. */
    public SimulatedClock(Instant start) {
        this(start, STANDING);
    }

    /** A clock that starts at {@code start} and runs on at the pace of {@code source} between moves. */
    public SimulatedClock(Instant start, Clock source) {
        this.source = source;
        this.anchor = new AtomicReference<>(new Anchor(micros(start), source.instant()));
    }

    public Instant set(Instant instant) {
        Anchor set = new Anchor(micros(instant), source.instant());
        anchor.set(set);
        return set.at();
    }

    public Instant advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward; got " + duration);
        }
        return move(current -> current.plus(duration));
    }

    private Instant move(UnaryOperator<Instant> to) {
        return anchor.updateAndGet(current -> {
            Instant sourceNow = source.instant();
            return new Anchor(micros(to.apply(current.now(sourceNow))), sourceNow);
        }).at();
    }

    /**
     * Moves the clock whole days on the calendar of a zone, to the same local time: a week is 169 hours where the
     * clocks go back in it and 167 where they go forward, as waits and cadences of days count it in a contact's zone.
     */
    public Instant advanceDays(long days, ZoneId zone) {
        if (days < 0) {
            throw new IllegalArgumentException("The clock only moves forward; got " + days + " days");
        }
        return move(current -> current.atZone(zone).plusDays(days).toInstant());
    }

    /**
     * Moves the clock to the next such weekday (never today) at that time, UTC: a test that needs a weekday's working
     * hours, whatever day the tests before it left the clock on.
     */
    public Instant advanceToNext(DayOfWeek day, LocalTime at) {
        return move(current -> current.atZone(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.next(day)).atTime(at).toInstant(ZoneOffset.UTC));
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public Instant instant() {
        return anchor.get().now(source.instant());
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
