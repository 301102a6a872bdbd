package io.keepwarm.engine;

import io.keepwarm.platform.CountryZones;
import io.keepwarm.platform.EveryClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The earliest instant at or after a given one whose local time the allowed hours accept, in a known zone or, for an
 * unknown zone, on every clock the contact may keep at once: their country's, when Keepwarm knows its clocks (the
 * United States, Canada, Australia), else every offset from UTC-12 to UTC+14.
 */
final class AllowedMoments {

    /** Every offset a contact of unknown zone may live in: UTC-12 to UTC+14 in quarter hours (Nepal is +05:45). */
    static final List<ZoneOffset> EVERY_OFFSET = everyOffset();

    /** Far enough to see a whole week even when a DST gap swallows a day's window. */
    static final Duration WEEK_AND_MORE = Duration.ofDays(15);

    private AllowedMoments() {}

    static boolean allows(PressureSettings.Hours hours, ZoneId zone, String country, Instant at) {
        if (hours == null) {
            return true;
        }
        if (zone != null) {
            return hours.allows(at.atZone(zone).toLocalDateTime());
        }
        return clocks(country).stream().allMatch(clock -> hours.allows(at.atZone(clock).toLocalDateTime()));
    }

    /**
     * The earliest allowed instant at or after {@code from} for a contact of this zone (null: unknown) and country,
     * or null if none comes before {@code horizon}.
     */
    static Instant next(PressureSettings.Hours hours, ZoneId zone, String country, Instant from, Instant horizon) {
        if (hours == null) {
            return from;
        }
        if (zone != null) {
            Instant next = nextIn(hours, zone, from);
            return next == null || next.isAfter(horizon) ? null : next;
        }
        return EveryClock.first(clocks(country), from, horizon, (clock, t) -> nextIn(hours, clock, t));
    }

    /**
     * The next allowed instant in one zone: now if allowed, else the start hour of the next allowed day. A start
     * hour inside a DST gap (02:00 on a spring-forward night) resolves to the first instant after the gap; in an
     * overlap it resolves to the earlier of the two instants.
     */
    private static Instant nextIn(PressureSettings.Hours hours, ZoneId zone, Instant from) {
        ZonedDateTime local = from.atZone(zone);
        if (hours.allows(local.toLocalDateTime())) {
            return from;
        }
        LocalDate day = local.toLocalDate();
        for (int i = 0; i <= WEEK_AND_MORE.toDays(); i++) {
            LocalDate date = day.plusDays(i);
            if (!hours.days().contains(date.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime start = ZonedDateTime.ofLocal(date.atTime(hours.start(), 0), zone, null);
            if (!start.toInstant().isBefore(from) && hours.allows(start.toLocalDateTime())) {
                return start.toInstant();
            }
        }
        return null;
    }

    /** The clocks a contact of unknown zone may keep: their country's, if Keepwarm knows them, else every offset. */
    static Collection<? extends ZoneId> clocks(String country) {
        Set<ZoneId> ofCountry = CountryZones.clocksOf(country);
        return ofCountry.isEmpty() ? EVERY_OFFSET : ofCountry;
    }

    private static List<ZoneOffset> everyOffset() {
        List<ZoneOffset> offsets = new ArrayList<>();
        for (int minutes = -12 * 60; minutes <= 14 * 60; minutes += 15) {
            offsets.add(ZoneOffset.ofTotalSeconds(minutes * 60));
        }
        return List.copyOf(offsets);
    }
}
