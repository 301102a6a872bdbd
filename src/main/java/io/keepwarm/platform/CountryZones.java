package io.keepwarm.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The clocks of a country. A new contact nobody gave a zone gets their country's, when the country keeps one clock
 * ("DE", "Germany", "DEU" are Europe/Berlin), or in the United States, Canada and Australia their state's or
 * province's, by code or name ("CA", "California"); the table's regions of a country with one clock (Germany's
 * states, for territories: {@link Regions}) keep that clock. There, without a state Keepwarm knows, the zone stays unknown
 * rather than pass the account's off as theirs (Berlin's morning is Boston's night): the pressure policy then sends
 * only at hours every clock of the country allows ({@link #clocksOf}), and calls wait until someone sets the zone.
 * Another country with several clocks, none given, gets the account's, as before. The tables are read once.
 */
public final class CountryZones {

    private static final Map<String, String> ZONE_OF = read();
    /** The regions the table lists: of the countries placed by region, and of Germany, whose states territories name. */
    static final List<Region> REGIONS = lines("/platform/region-zones.txt").stream()
            .map(line -> line.strip().split(" ", 4))
            .map(p -> new Region(p[0], p[1], p[2], List.of(p[3].split("\\|")))).toList();
    /**
     * By code of a country placed by region (several clocks), then by region code and by each region name, as {@link
     * Regions#fold} reads them ("québec " is Quebec).
     */
    private static final Map<String, Map<String, String>> REGION_ZONES = readRegions();
    /** By country code, the clocks of the countries placed by region. */
    private static final Map<String, Set<ZoneId>> CLOCKS = clocks();

    private CountryZones() {}

    /** A state, province or territory: its country's ISO code, its own code, its clock and its names, English first. */
    record Region(String country, String code, String zone, List<String> names) {}

    /**
     * The zone for a new contact of this country and region: its one clock's or its region's; null (unknown) in a
     * country placed by region when the region is missing or unknown; else the account's.
     */
    public static String zoneFor(String country, String region, String accountZone) {
        String code = Countries.iso2(country);
        if (code == null) {
            return accountZone;
        }
        Map<String, String> regions = REGION_ZONES.get(code);
        if (regions != null) {
            return region == null ? null : regions.get(Regions.fold(region));
        }
        return ZONE_OF.getOrDefault(code, accountZone);
    }

    /**
     * Why a contact of this country and region has no zone although its country is known (United States, Canada,
     * Australia): no region given, or one we do not know; null otherwise.
     */
    public static String unknownBecause(String country, String region) {
        String code = Countries.iso2(country);
        Map<String, String> regions = code == null ? null : REGION_ZONES.get(code);
        if (regions == null) {
            return null;
        }
        if (region == null || region.isBlank()) {
            return "the row gives no state or province for " + code;
        }
        return regions.containsKey(Regions.fold(region)) ? null
                : "'" + region.strip() + "' is no state or province of " + code + " Keepwarm knows";
    }

    /**
     * Every clock of a country placed by region (the US's Eastern to Hawaii's), for a contact of that country whose
     * own is unknown; empty for any other country.
     */
    public static Set<ZoneId> clocksOf(String country) {
        String code = Countries.iso2(country);
        return code == null ? Set.of() : CLOCKS.getOrDefault(code, Set.of());
    }

    private static Map<String, Set<ZoneId>> clocks() {
        Map<String, Set<ZoneId>> clocks = new HashMap<>();
        REGION_ZONES.forEach((country, regions) -> clocks.put(country,
                regions.values().stream().map(ZoneId::of).collect(Collectors.toUnmodifiableSet())));
        return Map.copyOf(clocks);
    }

    private static Map<String, Map<String, String>> readRegions() {
        Map<String, Map<String, String>> regions = new HashMap<>();
        // a country with one clock keeps it whatever the region, given or not
        for (Region region : REGIONS.stream().filter(r -> !ZONE_OF.containsKey(r.country())).toList()) {
            Map<String, String> ofCountry = regions.computeIfAbsent(region.country(), c -> new HashMap<>());
            ofCountry.put(Regions.fold(region.code()), region.zone());
            region.names().forEach(name -> ofCountry.put(Regions.fold(name), region.zone()));
        }
        return regions;
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
