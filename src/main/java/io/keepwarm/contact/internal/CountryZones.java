package io.keepwarm.contact.internal;

import io.keepwarm.platform.Countries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The zone a new contact gets when nobody gave one: their country's, when the country keeps one clock ("DE",
 * "Germany", "DEU" are Europe/Berlin); in the United States, Canada and Australia their state's or province's, by
 * code or name ("CA", "California"); else the account's, as before (another country with several clocks, none
 * given, or one we cannot read). Unknown would be stricter for such a contact's calling hours, but the pressure
 * policy reads an unknown zone as "no email while quiet hours are set", which would stop their nurture mail.
 * One bean: its tables are read once, at start-up.
 */
@Component
final class CountryZones {

    private final Map<String, String> zoneOf;
    /** By country code, then by region code and by lower-cased region name. */
    private final Map<String, Map<String, String>> regionZones;

    CountryZones() {
        zoneOf = read();
        regionZones = readRegions();
    }

    /** The zone for a contact of this country and region: its one clock's or its region's, else the account's. */
    String zoneFor(String country, String region, String accountZone) {
        String code = Countries.iso2(country);
        if (code == null) {
            return accountZone;
        }
        Map<String, String> regions = regionZones.get(code);
        if (regions != null && region != null) {
            String zone = regions.get(region.strip().toLowerCase(Locale.ROOT));
            if (zone != null) {
                return zone;
            }
        }
        return zoneOf.getOrDefault(code, accountZone);
    }

    /**
     * Why a contact of this country and region gets the account's zone although the country has clocks by region
     * (United States, Canada, Australia): no region given, or one we do not know; null otherwise.
     */
    String accountZoneBecause(String country, String region) {
        String code = Countries.iso2(country);
        Map<String, String> regions = code == null ? null : regionZones.get(code);
        if (regions == null) {
            return null;
        }
        if (region == null || region.isBlank()) {
            return "the row gives no state or province for " + code;
        }
        return regions.containsKey(region.strip().toLowerCase(Locale.ROOT)) ? null
                : "'" + region.strip() + "' is no state or province of " + code + " Keepwarm knows";
    }

    private static Map<String, Map<String, String>> readRegions() {
        Map<String, Map<String, String>> regions = new HashMap<>();
        for (String line : lines("/contact/region-zones.txt")) {
            String[] parts = line.strip().split(" ", 4);
            Map<String, String> ofCountry = regions.computeIfAbsent(parts[0], c -> new HashMap<>());
            ofCountry.put(parts[1].toLowerCase(Locale.ROOT), parts[2]);
            ofCountry.put(parts[3].toLowerCase(Locale.ROOT), parts[2]);
        }
        return regions;
    }

    private static Map<String, String> read() {
        Map<String, String> zones = new HashMap<>();
        for (String line : lines("/contact/country-zones.txt")) {
            String[] parts = line.strip().split(" ");
            zones.put(parts[0], parts[1]);
        }
        return zones;
    }

    /** The lines of a resource that are neither blank nor comments. */
    private static java.util.List<String> lines(String resource) {
        try (InputStream in = CountryZones.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
