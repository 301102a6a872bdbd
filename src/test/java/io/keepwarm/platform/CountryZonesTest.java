package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The zone tables name real zones, a state's name and code agree, and no country is placed on a clock not its own. */
class CountryZonesTest {

    @Test
    void everyZoneOfTheTablesIsOneJavaKnows() throws IOException {
        for (String resource : new String[] {"/platform/country-zones.txt", "/platform/region-zones.txt",
                "/platform/country-clocks.txt"}) {
            try (InputStream in = CountryZones.class.getResourceAsStream(resource)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .forEach(line -> assertThat(java.util.Arrays.stream(line.split(" # ")[0].split(" "))
                                .skip(resource.contains("region") ? 2 : 1).limit(resource.contains("clocks") ? 99 : 1)
                                .map(ZoneId::of)).as(line).isNotEmpty());
            }
        }
    }

    @Test
    void aStateReadsTheSameByCodeAndByNameAndAnotherCountrysRegionOfTheSameCodeIsItsOwn() {
        assertThat(CountryZones.zoneFor("US", "WA", "UTC")).isEqualTo(CountryZones.zoneFor("USA", "washington", "UTC"))
                .isEqualTo("America/Los_Angeles");
        assertThat(CountryZones.zoneFor("Australia", "WA", "UTC")).isEqualTo("Australia/Perth");
        assertThat(CountryZones.zoneFor("Germany", "BY", "UTC")).as("one clock, whatever the region").isEqualTo("Europe/Berlin");
    }

    @Test
    void germanysSixteenStatesAreTabledOnItsOneClockWhichAGermanContactKeepsWhateverTheirState() {
        assertThat(CountryZones.REGIONS).filteredOn(r -> r.country().equals("DE")).extracting(CountryZones.Region::code)
                .containsExactlyInAnyOrder("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN",
                        "ST", "SH", "TH");
        assertThat(CountryZones.REGIONS).filteredOn(r -> r.country().equals("DE")).extracting(CountryZones.Region::zone)
                .containsOnly("Europe/Berlin");
        assertThat(CountryZones.REGIONS).filteredOn(r -> r.code().equals("NW")).singleElement()
                .satisfies(r -> assertThat(r.names()).contains("North Rhine-Westphalia", "Nordrhein-Westfalen", "NRW"));
        for (String region : new String[] {null, "Bayern", "NRW", "Atlantis"}) {
            assertThat(CountryZones.zoneFor("Germany", region, "UTC")).as(region).isEqualTo("Europe/Berlin");
            assertThat(CountryZones.unknownBecause("DE", region)).as("one clock: no state needed").isNull();
        }
    }

    @Test
    void aRegionWrittenWithItsAccentsOrSpacesGetsItsClockAsTerritoriesReadIt() {
        assertThat(CountryZones.zoneFor("CA", " Québec ", "UTC")).isEqualTo("America/Toronto");
        assertThat(CountryZones.zoneFor("US", "new  york", "UTC")).isEqualTo("America/New_York");
        assertThat(CountryZones.unknownBecause("Canada", "QUÉBEC")).isNull();
    }

    @Test
    void aContactOfACountryPlacedByRegionWithoutOneKeepsNoZoneNotTheAccountsAndTheirCountrysClocksAreKnown() {
        assertThat(CountryZones.zoneFor("US", null, "Europe/Berlin")).as("Berlin's morning is Boston's night").isNull();
        assertThat(CountryZones.zoneFor("USA", "Calif.", "Europe/Berlin")).isNull();
        assertThat(CountryZones.zoneFor("Brazil", null, "Europe/Berlin")).as("several clocks, none placed by region")
                .isNull();
        assertThat(CountryZones.zoneFor("Atlantis", null, "Europe/Berlin")).as("no country: the account's")
                .isEqualTo("Europe/Berlin");
        assertThat(CountryZones.clocksOf("United States")).contains(ZoneId.of("America/New_York"),
                ZoneId.of("America/Los_Angeles"), ZoneId.of("Pacific/Honolulu"));
        assertThat(CountryZones.clocksOf("DE")).isEmpty();
    }

    @Test
    void aCountryNearlyAllOfWhosePeopleKeepOneClockGetsItAndOneSpreadOverSeveralGetsNoneWithAReasonAndItsClocks() {
        assertThat(CountryZones.zoneFor("China", "Shanghai", "UTC")).as("not UTC: 18:00 in Beijing").isEqualTo("Asia/Shanghai");
        assertThat(CountryZones.zoneFor("CN", null, "UTC")).as("Xinjiang's unofficial Urumqi time aside")
                .isEqualTo("Asia/Shanghai");
        assertThat(CountryZones.zoneFor("India", null, "UTC")).isEqualTo("Asia/Kolkata");
        assertThat(CountryZones.zoneFor("Spain", null, "UTC")).isEqualTo("Europe/Madrid");
        assertThat(CountryZones.unknownBecause("China", null)).isNull();
        for (String country : new String[] {"Russia", "BR", "Mexico", "Indonesia"}) {
            assertThat(CountryZones.zoneFor(country, "Somewhere", "UTC")).as(country).isNull();
            assertThat(CountryZones.unknownBecause(country, null)).as(country).endsWith(
                    " keeps several clocks and Keepwarm does not tell them apart by region");
        }
        assertThat(CountryZones.clocksOf("Russia")).contains(ZoneId.of("Europe/Kaliningrad"), ZoneId.of("Europe/Moscow"),
                ZoneId.of("Asia/Kamchatka"));
        assertThat(CountryZones.clocksOf("China")).isEmpty();
    }

    @Test
    void aContactOfUnknownZoneIsPlannedOnTheClockOfTheirCountryNearestItsMiddleWhereAFirstTuesdayIsATuesdayOnEveryClock() {
        assertThat(CountryZones.plannedIn("Australia")).as("Perth +8 to Sydney +11 in summer")
                .isEqualTo(ZoneId.of("Australia/Darwin"));
        assertThat(CountryZones.plannedIn("US")).as("Puerto Rico -4 to Honolulu -10, and Arizona keeps no summer time")
                .isEqualTo(ZoneId.of("America/Phoenix"));
        assertThat(CountryZones.plannedIn("Germany")).as("one clock: that one").isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(CountryZones.plannedIn("Atlantis")).as("no country: nothing to go by").isNull();
        for (String country : new String[] {"AU", "US", "CA", "RU", "BR", "MX", "ID"}) {
            ZoneId planned = CountryZones.plannedIn(country);
            assertThat(CountryZones.clocksOf(country)).as(country).contains(planned);
            // Every first Tuesday at 10:00 for two years, through every change of the clocks: a Tuesday on each clock.
            for (int month = 0; month < 24; month++) {
                java.time.ZonedDateTime firstTuesday = java.time.LocalDate.of(2027, 1, 1).plusMonths(month)
                        .with(java.time.temporal.TemporalAdjusters.firstInMonth(java.time.DayOfWeek.TUESDAY))
                        .atTime(10, 0).atZone(planned);
                for (ZoneId clock : CountryZones.clocksOf(country)) {
                    assertThat(firstTuesday.withZoneSameInstant(clock).getDayOfWeek()).as(country + " " + firstTuesday
                            + " on " + clock).isEqualTo(java.time.DayOfWeek.TUESDAY);
                }
            }
        }
    }
}
