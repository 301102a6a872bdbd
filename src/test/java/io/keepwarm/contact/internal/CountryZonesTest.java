package io.keepwarm.contact.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The zone tables name real zones, and a state's name and code agree. */
class CountryZonesTest {

    private final CountryZones zones = new CountryZones();

    @Test
    void everyZoneOfTheTablesIsOneJavaKnows() throws IOException {
        for (String resource : new String[] {"/contact/country-zones.txt", "/contact/region-zones.txt"}) {
            try (InputStream in = CountryZones.class.getResourceAsStream(resource)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .forEach(line -> assertThat(ZoneId.of(line.split(" ")[resource.contains("region") ? 2 : 1]))
                                .as(line).isNotNull());
            }
        }
    }

    @Test
    void aStateReadsTheSameByCodeAndByNameAndAnotherCountrysRegionOfTheSameCodeIsItsOwn() {
        assertThat(zones.zoneFor("US", "WA", "UTC")).isEqualTo(zones.zoneFor("USA", "washington", "UTC"))
                .isEqualTo("America/Los_Angeles");
        assertThat(zones.zoneFor("Australia", "WA", "UTC")).isEqualTo("Australia/Perth");
        assertThat(zones.zoneFor("Germany", "BY", "UTC")).as("one clock, whatever the region").isEqualTo("Europe/Berlin");
        assertThat(zones.zoneFor("US", null, "Europe/London")).isEqualTo("Europe/London");
    }
}
