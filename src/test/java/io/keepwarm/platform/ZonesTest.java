package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A contact's zone that this JVM does not know is unknown, never UTC in disguise. */
class ZonesTest {

    private final Zones zones = new Zones(() -> ZoneId.of("America/Phoenix"));

    @Test
    void anUnknownOrMissingZoneIsUnknownNotUtc() {
        assertThat(Zones.known("Europe/Berlin")).contains(ZoneId.of("Europe/Berlin"));
        assertThat(Zones.known("Atlantis/Poseidonia")).isEmpty();
        assertThat(Zones.known("")).isEmpty();
        assertThat(Zones.known(null)).isEmpty();
    }

    @Test
    void aContactOfUnknownZoneCountsInTheirCountrysMiddleClockAndOfNoCountryInTheAccounts() {
        assertThat(zones.ofContact(null, "AU")).isEqualTo(ZoneId.of("Australia/Darwin"));
        assertThat(zones.ofContact("Atlantis/Poseidonia", "Australia")).isEqualTo(ZoneId.of("Australia/Darwin"));
        assertThat(zones.ofContact(null, "Atlantis")).isEqualTo(ZoneId.of("America/Phoenix"));
        assertThat(zones.ofContact(null, null)).isEqualTo(ZoneId.of("America/Phoenix"));
        assertThat(zones.ofContact("Asia/Tokyo", "AU")).as("their own zone first").isEqualTo(ZoneId.of("Asia/Tokyo"));
    }
}
