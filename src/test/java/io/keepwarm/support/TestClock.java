package io.keepwarm.support;

import io.keepwarm.platform.SimulatedClock;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.springframework.boot.test.context.TestComponent;

/**
 * The simulated clock all tests of one context share, as tests move it: only ever forward. Were a test to set it back,
 * what the tests before it stored would lie in its future, and the figures of a period (the funnel, analytics, what is
 * due) would count them. A test that needs a kind of moment (a weekday's morning, a winter day, a leap day, a change of
 * the clocks) moves on to the next such moment after wherever the tests before it left the clock.
 *
 * <p>The application's own simulated clock may still be set back by an operator (the admin API): this guard belongs to
 * the tests alone, so it wraps that clock rather than change it.
 */
@TestComponent
public final class TestClock {

    private final SimulatedClock clock;
    /** The furthest the clock has been seen: a path around this class (the admin API) must not take it back either. */
    private final AtomicReference<Instant> furthest;

    public TestClock(SimulatedClock clock) {
        this.clock = clock;
        this.furthest = new AtomicReference<>(clock.instant());
    }

    /** Moves the clock to the instant, which must not be before now; the instant as the clock keeps it. */
    public Instant set(Instant instant) {
        Instant now = notBehind();
        if (instant.isBefore(now)) {
            throw new IllegalStateException("the shared test clock only moves forward: asked for " + instant
                    + " while it is already " + now + "; move on to the next instant with what the test needs"
                    + " (advanceToNext, advanceToNextDay) rather than to a fixed one");
        }
        return seen(clock.set(instant));
    }

    /**
     * Now, if no one took the clock back behind the furthest it has been (through the admin API, say); run after each
     * test ({@link ForwardClock}) and before each move.
     */
    public Instant notBehind() {
        Instant now = clock.instant();
        Instant before = furthest.get();
        if (now.isBefore(before)) {
            throw new IllegalStateException("the shared test clock only moves forward: it was at " + before
                    + " and is now back at " + now + ", set back by a path around TestClock (the admin API?)");
        }
        return seen(now);
    }

    private Instant seen(Instant instant) {
        furthest.accumulateAndGet(instant, (a, b) -> a.isAfter(b) ? a : b);
        return instant;
    }

    public Instant advance(Duration duration) {
        notBehind();
        return seen(clock.advance(duration));
    }

    /** Whole days on the calendar of a zone, to the same local time ({@link SimulatedClock#advanceDays}). */
    public Instant advanceDays(long days, ZoneId zone) {
        notBehind();
        return seen(clock.advanceDays(days, zone));
    }

    /** The next such weekday (never today) at that time, UTC. */
    public Instant advanceToNext(DayOfWeek day, LocalTime at) {
        return advanceToNext(day, at, ZoneOffset.UTC);
    }

    /** The next such weekday (never today) at that time of the zone. */
    public Instant advanceToNext(DayOfWeek day, LocalTime at, ZoneId zone) {
        LocalDate next = clock.instant().atZone(zone).toLocalDate().with(TemporalAdjusters.next(day));
        return set(next.atTime(at).atZone(zone).toInstant());
    }

    /**
     * The next day of the zone's calendar (never today) that is such a day, at that time of the zone: the next winter
     * Wednesday, the next leap day, the next Monday the clocks changed on.
     */
    public Instant advanceToNextDay(Predicate<LocalDate> such, LocalTime at, ZoneId zone) {
        LocalDate day = clock.instant().atZone(zone).toLocalDate().plusDays(1);
        while (!such.test(day)) {
            day = day.plusDays(1);
        }
        return set(day.atTime(at).atZone(zone).toInstant());
    }

    public Instant instant() {
        return clock.instant();
    }

    /** The clock to hand to what a test builds itself; not a Clock bean, which the application's own is. */
    public Clock clock() {
        return clock;
    }
}
