package io.keepwarm.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The clocks of a country. A new contact nobody gave a zone gets their country's, when the country keeps one clock
 * ("DE", "Germany", "DEU" are Europe/Berlin) or nearly all its people keep one (China's Asia/Shanghai, though part of
 * Xinjiang keeps Urumqi's time unofficially: the table says why for each), or in the United States, Canada and
 * Australia their state's or province's, by code or name ("CA", "California"); the table's regions of a country with
 * one clock (Germany's states, for territories: {@link Regions}) keep that clock. In a country of several clocks,
 * without a state Keepwarm knows, or in one whose regions it does not place (Russia, Brazil, Mexico, Indonesia...), the
 * zone stays unknown rather than pass the account's off as theirs (Berlin's morning is Boston's night): the pressure
 * policy then sends only at hours every clock of the country allows ({@link #clocksOf}), and calls come only within
 * calling hours on every one of them at once ({@link EveryClock}). A contact of no country Keepwarm reads gets the account's. The tables are read once.
 */
public final class CountryZones {

    private static final Map<String, String> ZONE_OF = read();
    /** The regions the table lists: of the countries placed by region, and of Germany, whose states territories name. */
    static final List<Region> REGIONS = lines("/platform/region-zones.txt").stream()
            .map(line -> line.strip().split(" ", 4))
            .map(p -> new Region(p[0], p[1], p[2], List.of(p[3].split("\\|")))).toList();
    /** The countries placed by region: those of the table with several clocks. */
    private static final Set<String> BY_REGION = REGIONS.stream().map(Region::country)
            .filter(country -> !ZONE_OF.containsKey(country)).collect(Collectors.toUnmodifiableSet());
    /** By country code, the clocks of the countries of several clocks whose regions Keepwarm does not place. */
    private static final Map<String, Set<ZoneId>> UNPLACED = lines("/platform/country-clocks.txt").stream()
            .map(line -> line.strip().split(" ")).collect(Collectors.toUnmodifiableMap(p -> p[0],
                    p -> Stream.of(p).skip(1).map(ZoneId::of).collect(Collectors.toUnmodifiableSet())));
    /** By country code, the clocks of the countries of several clocks: placed by region or not. */
    private static final Map<String, Set<ZoneId>> CLOCKS = clocks();
    /** A January and a July day, for the offsets of the clocks in either half of the year (DST north and south). */
    private static final List<Instant> SEASONS = List.of(Instant.parse("2026-01-15T12:00:00Z"),
            Instant.parse("2026-07-15T12:00:00Z"));
    /** By country code, the clock a contact of the country whose own is unknown is planned in ({@link #plannedIn}). */
    private static final Map<String, ZoneId> PLANNED_IN = plannedIn();

    private CountryZones() {}

    /** A state, province or territory: its country's ISO code, its own code, its clock and its names, English first. */
    record Region(String country, String code, String zone, List<String> names) {}

    /**
     * The zone for a new contact of this country and region: its one clock's or its region's; null (unknown) in a
     * country placed by region when the region is missing or unknown, and in a country of several clocks whose
     * regions are not placed; the account's for a country Keepwarm does not read.
     */
    public static String zoneFor(String country, String region, String accountZone) {
        String code = Countries.iso2(country);
        if (code == null) {
            return accountZone;
        }
        if (BY_REGION.contains(code)) {
            Region known = ofCountry(code, region);
            return known == null ? null : known.zone();
        }
        return UNPLACED.containsKey(code) ? null : ZONE_OF.getOrDefault(code, accountZone);
    }

    /**
     * Why a contact of this country and region has no zone although its country is known: in the United States,
     * Canada or Australia no region given, or one we do not know; in another country of several clocks, that its
     * regions are not placed; null otherwise.
     */
    public static String unknownBecause(String country, String region) {
        String code = Countries.iso2(country);
        if (code != null && UNPLACED.containsKey(code)) {
            return code + " keeps several clocks and Keepwarm does not tell them apart by region";
        }
        if (code == null || !BY_REGION.contains(code)) {
            return null;
        }
        if (region == null || region.isBlank()) {
            return "the row gives no state or province for " + code;
        }
        return ofCountry(code, region) != null ? null
                : "'" + region.strip() + "' is no state or province of " + code + " Keepwarm knows";
    }

    /**
     * Every clock of a country of several clocks (the US's Eastern to Hawaii's, Russia's Kaliningrad to Kamchatka's),
     * for a contact of that country whose own is unknown; empty for any other country.
     */
    public static Set<ZoneId> clocksOf(String country) {
        String code = Countries.iso2(country);
        return code == null ? Set.of() : CLOCKS.getOrDefault(code, Set.of());
    }

    /**
     * The clock a contact of this country whose own zone is unknown has their dates and cadences counted in: in a
     * country of several clocks the one nearest the middle of them (the fewest hours from the farthest of the others,
     * in January and in July alike: Australia's Darwin; for the United States, Puerto Rico to Honolulu, Phoenix, as
     * Arizona keeps no summer time), so that "the first Tuesday of the month at 10:00" is a Tuesday on every clock of
     * the country and only the pressure policy's quiet hours, kept on every clock, move it; in a country of one clock,
     * that clock; null for a country Keepwarm does not read. A clock as near the middle as another goes to the one more
     * regions of the table keep, then to the first by name.
     */
    public static ZoneId plannedIn(String country) {
        String code = Countries.iso2(country);
        return code == null ? null : PLANNED_IN.get(code);
    }

    /**
     * Every country {@link #plannedIn} answers for, by ISO code with its clock: for a query that reads the clock of a
     * contact of unknown zone from the stored country code (a segment rule on "today").
     */
    public static Map<String, ZoneId> planned() {
        return PLANNED_IN;
    }

    /** The region of this country the text names, as territories read it ({@link Regions#of}); null for none. */
    private static Region ofCountry(String country, String region) {
        Region known = Regions.of(country, region);
        // "US-GA" written for a Canadian says no Canadian province
        return known != null && known.country().equals(country) ? known : null;
    }

    private static Map<String, Set<ZoneId>> clocks() {
        Map<String, Set<ZoneId>> clocks = new HashMap<>(REGIONS.stream().filter(r -> BY_REGION.contains(r.country()))
                .collect(Collectors.groupingBy(Region::country,
                        Collectors.mapping(r -> ZoneId.of(r.zone()), Collectors.toUnmodifiableSet()))));
        clocks.putAll(UNPLACED);
        return Map.copyOf(clocks);
    }

    private static Map<String, ZoneId> plannedIn() {
        Map<String, ZoneId> planned = new HashMap<>();
        ZONE_OF.forEach((country, zone) -> planned.put(country, ZoneId.of(zone)));
        CLOCKS.forEach((country, clocks) -> planned.put(country, middle(country, clocks)));
        return Map.copyOf(planned);
    }

    /** The clock of these fewest hours from the farthest of the others, more regions' and then first by name on a tie. */
    private static ZoneId middle(String country, Set<ZoneId> clocks) {
        Map<String, Long> regions = REGIONS.stream().filter(r -> r.country().equals(country))
                .collect(Collectors.groupingBy(Region::zone, Collectors.counting()));
        return clocks.stream().min(Comparator.comparingInt((ZoneId clock) -> farthest(clock, clocks))
                .thenComparing(clock -> -regions.getOrDefault(clock.getId(), 0L))
                .thenComparing(ZoneId::getId)).orElseThrow();
    }

    /** The most seconds between this clock and any of the others, in either half of the year. */
    private static int farthest(ZoneId clock, Set<ZoneId> clocks) {
        int farthest = 0;
        for (Instant at : SEASONS) {
            int own = clock.getRules().getOffset(at).getTotalSeconds();
            for (ZoneId other : clocks) {
                farthest = Math.max(farthest, Math.abs(other.getRules().getOffset(at).getTotalSeconds() - own));
            }
        }
        return farthest;
    }

    private static Map<String, String> read() {
        Map<String, String> zones = new HashMap<>();
        for (String line : lines("/platform/country-zones.txt")) {
            String[] parts = line.strip().split(" ");
            zones.put(parts[0], parts[1]);
        }
        return zones;
    }

    /** The lines of a resource that are neither blank nor comments. */
    private static List<String> lines(String resource) {
        try (InputStream in = CountryZones.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
