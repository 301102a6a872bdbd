package io.keepwarm.segment.internal;

import io.keepwarm.platform.CountryZones;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The date it is at an instant on every clock a contact's "today" can be read on, as {@link io.keepwarm.platform.Zones#ofContact}
 * reads it: their own zone; for one unknown (none, or a name this JVM does not know), their country's middle clock
 * ({@link CountryZones#plannedIn}); for a country Keepwarm does not read either, the account's. Every zone's date is
 * the UTC date or the day before or after it, so a condition on "today" needs at most three branches, and neither
 * database has to convert zones (H2 cannot do it per row).
 *
 * @param zones by date, the zones on that date (each zone this JVM knows is on one)
 * @param countries by date, the country codes whose middle clock is on that date
 * @param known every zone this JVM knows: a stored zone outside these is unknown
 * @param accountDate the date on the account's clock
 */
record LocalDates(LocalDate utcDate, Map<LocalDate, List<String>> zones, Map<LocalDate, List<String>> countries,
        List<String> known, LocalDate accountDate) {

    static LocalDates at(Instant now, ZoneId account) {
        LocalDate utc = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<LocalDate, List<String>> zones = new TreeMap<>();
        List<String> known = new ArrayList<>(ZoneId.getAvailableZoneIds());
        known.sort(null);
        for (String zone : known) {
            zones.computeIfAbsent(LocalDate.ofInstant(now, ZoneId.of(zone)), day -> new ArrayList<>()).add(zone);
        }
        Map<LocalDate, List<String>> countries = new TreeMap<>();
        new TreeMap<>(CountryZones.planned()).forEach((country, clock) ->
                countries.computeIfAbsent(LocalDate.ofInstant(now, clock), day -> new ArrayList<>()).add(country));
        return new LocalDates(utc, copy(zones), copy(countries), List.copyOf(known), LocalDate.ofInstant(now, account));
    }

    /** The dates a contact can be on: the day before UTC's, the day after, and UTC's. */
    List<LocalDate> days() {
        return List.of(utcDate.minusDays(1), utcDate.plusDays(1), utcDate);
    }

    private static Map<LocalDate, List<String>> copy(Map<LocalDate, List<String>> byDate) {
        Map<LocalDate, List<String>> copy = new TreeMap<>();
        byDate.forEach((day, names) -> copy.put(day, List.copyOf(names)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
