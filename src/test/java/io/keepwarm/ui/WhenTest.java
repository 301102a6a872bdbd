package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The one way pages say a moment on a contact's own clock, for a viewer in Berlin on Wednesday 13 January 2027 at
 * 10:00 their time (09:00 UTC): the hour alone when it is today on both clocks, else with the day, and the year when it
 * is not this one; an unknown zone is said, not passed off as the viewer's.
 */
class WhenTest {

    private static final Instant NOW = Instant.parse("2027-01-13T09:00:00Z");

    private final When when = new When(berlin(), new Zones(() -> ZoneId.of("Europe/Berlin")),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aMomentOfTodayOnBothClocksIsTheHourAlone() {
        assertThat(when.theirTime(Instant.parse("2027-01-13T15:00:00Z"), "America/New_York"))
                .isEqualTo("10:00 their time");
    }

    @Test
    void aMomentOfAnotherDayOnEitherClockNamesTheirDayAsTheReadmeWritesIt() {
        assertThat(when.theirTime(Instant.parse("2027-01-14T15:00:00Z"), "America/New_York"))
                .isEqualTo("Thu 14 Jan, 10:00 their time");
        // 23:30 UTC is still Wednesday in New York but Thursday in Berlin: the hour alone would be read as Thursday's.
        assertThat(when.theirTime(Instant.parse("2027-01-13T23:30:00Z"), "America/New_York"))
                .isEqualTo("Wed 13 Jan, 18:30 their time");
    }

    @Test
    void aMonthTheForecastKeysAsNumbersIsSaidInWords() {
        assertThat(when.month("2027-02")).isEqualTo("February 2027");
        assertThat(when.month("now")).isEqualTo("now");
    }

    @Test
    void aMomentOfAnotherYearNamesItsYear() {
        assertThat(when.theirTime(Instant.parse("2028-03-01T15:00:00Z"), "America/New_York"))
                .isEqualTo("Wed 1 Mar 2028, 10:00 their time");
    }

    @Test
    void aDayOverdueSinceIsTheViewersInTheReadmesWordsCountedFromMidnightOnTheirClock() {
        assertThat(when.briefDay(Instant.parse("2027-01-12T22:30:00Z"))).isEqualTo("Tue 12 Jan");
        assertThat(when.beforeToday(Instant.parse("2027-01-12T22:30:00Z"))).as("23:30 yesterday in Berlin").isTrue();
        assertThat(when.beforeToday(Instant.parse("2027-01-12T23:30:00Z"))).as("00:30 today in Berlin").isFalse();
        assertThat(when.briefDay(Instant.parse("2026-12-29T10:00:00Z"))).isEqualTo("Tue 29 Dec 2026");
    }

    @Test
    void anUnknownZoneIsSaidAndTheTimeGivenOnTheViewersClock() {
        assertThat(when.theirTime(Instant.parse("2027-01-14T15:00:00Z"), "Mars/Olympus_Mons"))
                .isEqualTo("Thu 14 Jan, 16:00 Europe/Berlin (their time zone is unknown)");
        assertThat(when.theirTime(Instant.parse("2027-01-13T15:00:00Z"), null))
                .isEqualTo("16:00 Europe/Berlin (their time zone is unknown)");
    }

    @Test
    void anUnknownZoneOfAKnownCountryIsSaidAndTheTimeGivenOnTheClockTheirDatesCountOn() {
        // 20:00 UTC on Wednesday is 21:00 in Berlin and already 05:30 on Thursday in the middle of Australia.
        Instant evening = Instant.parse("2027-01-13T20:00:00Z");
        When atEvening = new When(berlin(), new Zones(() -> ZoneId.of("Europe/Berlin")),
                Clock.fixed(evening, ZoneOffset.UTC));
        assertThat(atEvening.theirTime(evening, null, "AU"))
                .isEqualTo("05:30 Australia/Darwin (their time zone is unknown; the middle of their country)");
        assertThat(atEvening.theirTime(evening.plusSeconds(3600 * 20), null, "AU"))
                .isEqualTo("Fri 15 Jan, 01:30 Australia/Darwin (their time zone is unknown; the middle of their country)");
        assertThat(atEvening.askAgainRefused(java.time.LocalDate.of(2027, 1, 13), null, "AU"))
                .as("Wednesday is past where they are, though it is still Wednesday in Berlin")
                .isEqualTo("Pick today or a later day: it is Thu 14 January 2027 where they are.");
    }

    @Test
    void aMomentOnTheViewersClockIsSaidInWordsWithItsWeekdayAsTheirTimeIs() {
        // 23:30 UTC on Wednesday is half past midnight on Thursday in Berlin.
        Instant moment = Instant.parse("2027-01-13T23:30:00Z");
        assertThat(when.said(moment)).isEqualTo("Thu 14 January 2027, 00:30 (Europe/Berlin)");
        assertThat(when.saidClock(moment)).isEqualTo("Thu 14 January 2027, 00:30");
        assertThat(when.saidDay(moment)).isEqualTo("Thu 14 January 2027");
        assertThat(when.saidDay(java.time.LocalDate.of(2027, 3, 1))).isEqualTo("Mon 1 March 2027");
        assertThat(when.said((Instant) null)).isEmpty();
    }

    @Test
    void aModulesMomentsWrittenInNumbersOrShortAreSaidAsThePagesSayThem() {
        assertThat(when.inWords("New → Marketing-qualified on 2026-06-23 09:00 by Ann"))
                .isEqualTo("New → Marketing-qualified on Tue 23 June 2026, 09:00 by Ann");
        assertThat(when.inWords("Asked to be called on Wed 6 Jan 2027 13:00"))
                .isEqualTo("Asked to be called on Wed 6 January 2027, 13:00");
        assertThat(when.inWords("Order 2026-06-23X stays")).isEqualTo("Order 2026-06-23X stays");
        assertThat(when.inWords("Accept or reject it by Wednesday 2026-01-07 09:00 (UTC)"))
                .as("an alert written before deadlines were said in words names its weekday once")
                .isEqualTo("Accept or reject it by Wed 7 January 2026, 09:00 (UTC)");
    }

    @Test
    void aRefusedDayToAskAgainIsToldWithTheDayThatBoundsItOnTheirClock() {
        // 09:00 UTC on Wednesday is 23:00 on Tuesday in Honolulu: their today is the one that counts.
        assertThat(when.askAgainRefused(java.time.LocalDate.of(2027, 1, 1), "Pacific/Honolulu", "US"))
                .isEqualTo("Pick today or a later day: it is Tue 12 January 2027 where they are.");
        assertThat(when.askAgainRefused(java.time.LocalDate.of(2030, 1, 1), "Europe/Berlin", null))
                .isEqualTo("Pick a day within two years, by Sat 13 January 2029 at the latest.");
    }

    @Test
    void besideTheViewersTimeTheirsIsSaidOnlyWhereTheirClockShowsAnother() {
        Instant moment = Instant.parse("2027-01-12T23:30:00Z");
        assertThat(when.theirs(moment, "America/New_York")).isEqualTo("Tue 12 Jan, 18:30 their time");
        assertThat(when.theirs(moment, "Europe/Paris")).as("the same clock as the viewer's").isEmpty();
        assertThat(when.theirs(moment, "Mars/Olympus_Mons")).as("unknown: the viewer's time stands alone").isEmpty();
    }

    @Test
    void theViewersClockIsTheAccountsWithItsZoneNamedOnceOrOnEachMoment() {
        Instant moment = Instant.parse("2027-01-13T23:30:00Z");
        assertThat(when.local(moment)).isEqualTo("2027-01-14 00:30 Europe/Berlin");
        assertThat(when.clock(moment)).isEqualTo("2027-01-14 00:30");
        assertThat(when.clockToTheSecond(moment.plusSeconds(5))).isEqualTo("2027-01-14 00:30:05");
        assertThat(when.localDay(moment)).isEqualTo("2027-01-14");
        assertThat(when.zoneName()).isEqualTo("Europe/Berlin");
        assertThat(when.local(null)).isEmpty();
    }

    private static HandoffSettings berlin() {
        HandoffSettings settings = mock(HandoffSettings.class);
        when(settings.zone()).thenReturn(ZoneId.of("Europe/Berlin"));
        return settings;
    }
}
