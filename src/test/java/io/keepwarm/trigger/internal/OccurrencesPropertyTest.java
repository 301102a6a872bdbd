package io.keepwarm.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The date job run at random moments over years, in zones with DST (and half-hour and 45-minute offsets, and the
 * date line): an anniversary fires once a year, on the first run of the right day in the contact's own zone, and a
 * 29 February falls on 28 February in other years.
 */
class OccurrencesPropertyTest {

    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
            "Pacific/Chatham", "Asia/Kathmandu", "Pacific/Apia", "Pacific/Kiritimati", "Etc/GMT+12", "America/St_Johns",
            "Africa/Casablanca", "UTC");

    /** A date attribute, a zone, how many days ahead the trigger fires, and the hours between runs of the job. */
    record Case(LocalDate date, String zone, int daysBefore, Instant start, List<Integer> hoursBetweenRuns) {}

    @Property(tries = 300)
    void anAnniversaryFiresOnceAYearOnTheRightDayInTheContactsZone(@ForAll("cases") Case c) {
        Map<Integer, LocalDate> firstFired = new LinkedHashMap<>();
        Instant now = c.start();
        for (int hours : c.hoursBetweenRuns()) {
            LocalDate today = Occurrences.today(now, c.zone());
            Occurrences.anniversary(c.date(), today, c.daysBefore())
                    .ifPresent(next -> firstFired.putIfAbsent(next.getYear(), today));
            now = now.plus(Duration.ofHours(hours));
        }
        LocalDate firstDay = Occurrences.today(c.start(), c.zone());
        LocalDate lastDay = Occurrences.today(now, c.zone());
        List<LocalDate> fired = new ArrayList<>();
        firstFired.forEach((year, day) -> {
            LocalDate anniversary = MonthDay.from(c.date()).atYear(year);
            LocalDate due = anniversary.minusDays(c.daysBefore());
            assertThat(year).isGreaterThan(c.date().getYear());
            if (due.isAfter(firstDay)) {
                // Runs are at most 23 hours apart, so every local day (23 hours at the shortest) has one.
                assertThat(day).as("the year %d's anniversary %s", year, anniversary).isEqualTo(due);
                fired.add(day);
            } else {
                assertThat(day).isEqualTo(firstDay);
            }
        });
        for (int i = 1; i < fired.size(); i++) {
            assertThat(ChronoUnit.DAYS.between(fired.get(i - 1), fired.get(i))).as("a year apart").isBetween(365L, 366L);
        }
        for (int year = firstDay.getYear() + 1; year < lastDay.getYear(); year++) {
            assertThat(firstFired).as("every whole year in between fires").containsKey(year);
        }
    }

    @Property
    void theTwentyNinthOfFebruaryFallsOnTheTwentyEighthInCommonYears(@ForAll @IntRange(min = 2025, max = 2100) int year) {
        LocalDate birthday = LocalDate.of(1996, 2, 29);
        LocalDate day = LocalDate.of(year, 2, 28).plusDays(java.time.Year.isLeap(year) ? 1 : 0);

        assertThat(Occurrences.anniversary(birthday, day, 0)).contains(day);
        assertThat(Occurrences.anniversary(birthday, day.minusDays(1), 0)).isEmpty();
    }

    @Property
    void theExpectedPurchaseIsTheAverageIntervalAfterTheLast(@ForAll @IntRange(min = 2, max = 50) int count,
            @ForAll @IntRange(min = 1, max = 400) int daysBetween) {
        Instant first = Instant.parse("2024-01-01T10:00:00Z");
        Instant last = first.plus(Duration.ofDays((long) daysBetween * (count - 1)));

        assertThat(Occurrences.expectedPurchase(count, first, last)).contains(last.plus(Duration.ofDays(daysBetween)));
        assertThat(Occurrences.expectedPurchase(1, last, last)).isEmpty();
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<LocalDate> dates = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 365 * 60).map(d -> LocalDate.of(1950, 1, 1).plusDays(d)),
                Arbitraries.of(1952, 1980, 1996, 2000, 2024).map(y -> LocalDate.of(y, 2, 29)));
        Arbitrary<Instant> starts = Arbitraries.longs().between(0, Duration.ofDays(365 * 4).toHours())
                .map(h -> Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(h)).plus(Duration.ofMinutes(h % 60)));
        Arbitrary<List<Integer>> runs = Arbitraries.integers().between(1, 23).list().ofSize(2500);
        return Combinators.combine(dates, Arbitraries.of(ZONES), Arbitraries.integers().between(0, 45), starts, runs)
                .as(Case::new);
    }
}
