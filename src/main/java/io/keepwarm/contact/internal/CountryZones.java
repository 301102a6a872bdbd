package io.keepwarm.contact.internal;

import io.keepwarm.platform.Countries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The zone a new contact gets when nobody gave one: their country's, when the country keeps one clock ("DE",
 * "Germany", "DEU" are Europe/Berlin); else the account's, as before (a country with several clocks, none given, or
 * one we cannot read). Unknown would be stricter for a US contact's calling hours, but the pressure policy reads an
 * unknown zone as "no email while quiet hours are set", which would stop every US import's nurture mail; the honest
 * answer for such a country is the window all its zones share, not yet built.
 */
final class CountryZones {

    private final Map<String, String> zoneOf;

    CountryZones() {
        zoneOf = read();
    }

    /** The zone for a contact of this country: its one clock's, else the account's. */
    String zoneFor(String country, String accountZone) {
        String code = Countries.iso2(country);
        return code == null ? accountZone : zoneOf.getOrDefault(code, accountZone);
    }

    private static Map<String, String> read() {
        try (InputStream in = CountryZones.class.getResourceAsStream("/contact/country-zones.txt")) {
            Map<String, String> zones = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.strip().split(" ");
                    zones.put(parts[0], parts[1]);
                }
            }
            return zones;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
