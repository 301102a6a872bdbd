package io.keepwarm.platform;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;

/**
 * The earliest instant at or after a given one that hours kept on each of several clocks allow on all of them at once:
 * for a contact of unknown zone, who may keep any clock of their country ({@link CountryZones#clocksOf}), an hour is
 * allowed only when it is on every one of them, the most restrictive reading. The engine's quiet hours and the reps'
 * calling hours ask it alike, each saying what its own hours allow on one clock.
 */
public final class EveryClock {

    private EveryClock() {}

    /** The hours as kept on one clock. */
    @FunctionalInterface
    public interface Hours {

        /** The earliest instant at or after {@code from} these hours allow on this clock; null when none does. */
        Instant next(ZoneId clock, Instant from);
    }

    /**
     * The earliest instant at or after {@code from} the hours allow on every one of the clocks (at least one), or null
     * if none comes by {@code horizon} or a clock allows none at all.
     */
    public static Instant first(Collection<? extends ZoneId> clocks, Instant from, Instant horizon, Hours hours) {
        if (clocks.isEmpty()) {
            throw new IllegalArgumentException("no clock to keep the hours on");
        }
        // Each clock's next allowed instant is a lower bound for the common one; raising t to the largest of them
        // until none moves it reaches the earliest instant that every clock allows.
        Instant t = from;
        while (!t.isAfter(horizon)) {
            Instant latest = t;
            for (ZoneId clock : clocks) {
                Instant next = hours.next(clock, t);
                if (next == null) {
                    return null;
                }
                if (next.isAfter(latest)) {
                    latest = next;
                }
            }
            if (latest.equals(t)) {
                return t;
            }
            t = latest;
        }
        return null;
    }
}
