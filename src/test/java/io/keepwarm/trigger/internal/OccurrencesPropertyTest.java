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
 * 29 February falls on 28 February in other years; a "days since" trigger reaches back a week and no further, and an
 * expected purchase is flagged until the buyer is a whole round late.
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
            LocalDate today = Occurrences.today(now, java.time.ZoneId.of(c.zone()));
            Occurrences.anniversary(c.date(), today, c.daysBefore())
                    .ifPresent(next -> firstFired.putIfAbsent(next.getYear(), today));
            now = now.plus(Duration.ofHours(hours));
        }
        LocalDate firstDay = Occurrences.today(c.start(), java.time.ZoneId.of(c.zone()));
        LocalDate lastDay = Occurrences.today(now, java.time.ZoneId.of(c.zone()));
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

    /** A contact's last purchase, how many days the trigger counts, and when the trigger began listening. */
    record Since(Instant last, String zone, int days, Instant listening, List<Integer> hoursBetweenRuns) {}

    @Property(tries = 300)
    void aDaysSinceTriggerFiresOnItsDayOrAtOnceWithinAWeekButNeverForOlderHistory(@ForAll("sinces") Since c) {
        LocalDate listeningDay = Occurrences.today(c.listening(), java.time.ZoneId.of(c.zone()));
        LocalDate last = Occurrences.today(c.last(), java.time.ZoneId.of(c.zone()));
        LocalDate day = last.plusDays(c.days());
        LocalDate fired = null;
        Instant now = c.listening();
        for (int hours : c.hoursBetweenRuns()) {
            LocalDate today = Occurrences.today(now, java.time.ZoneId.of(c.zone()));
            if (fired == null && Occurrences.since(last, today, c.days(), listeningDay)) {
                fired = today;
            }
            now = now.plus(Duration.ofHours(hours));
        }
        LocalDate lastRun = Occurrences.today(now, java.time.ZoneId.of(c.zone()));
        if (day.isBefore(listeningDay.minusDays(7))) {
            assertThat(fired).as("the %s came more than a week before the trigger listened", day).isNull();
        } else if (day.isBefore(lastRun)) {
            // Runs are at most 23 hours apart, so every local day has one.
            assertThat(fired).isEqualTo(day.isAfter(listeningDay) ? day : listeningDay);
        }
    }

    /** A buyer's rhythm, how many days before the expected purchase the trigger fires, and when it began running. */
    record Rhythm(int count, int everyDays, int daysBefore, int startDaysFromExpected) {}

    @Property(tries = 500)
    void anExpectedPurchaseIsFlaggedFromDaysBeforeItUntilOneRoundLateOnTheFirstDayTheJobRuns(@ForAll("rhythms") Rhythm r) {
        Instant first = Instant.parse("2024-01-01T10:00:00Z");
        Instant last = first.plus(Duration.ofDays((long) r.everyDays() * (r.count() - 1)));
        LocalDate expected = Occurrences.today(Occurrences.expectedPurchase(r.count(), first, last).orElseThrow(), java.time.ZoneOffset.UTC);
        LocalDate start = expected.plusDays(r.startDaysFromExpected());
        LocalDate fired = null;
        for (LocalDate today = start; today.isBefore(start.plusDays(400)) && fired == null; today = today.plusDays(1)) {
            if (Occurrences.expectedDue(expected, today, r.daysBefore(), r.everyDays())) {
                fired = today;
            }
        }
        LocalDate from = expected.minusDays(r.daysBefore());
        LocalDate until = expected.plusDays(r.everyDays());
        if (start.isAfter(until)) {
            assertThat(fired).as("a whole round late when the job first ran").isNull();
        } else {
            assertThat(fired).isEqualTo(start.isAfter(from) ? start : from);
        }
    }

    @Provide
    Arbitrary<Since> sinces() {
        Arbitrary<Instant> listening = Arbitraries.longs().between(0, Duration.ofDays(365 * 4).toHours())
                .map(h -> Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(h)).plus(Duration.ofMinutes(h % 60)));
        Arbitrary<Long> lastBefore = Arbitraries.longs().between(-Duration.ofDays(200).toHours(),
                Duration.ofDays(365 * 3).toHours());
        Arbitrary<List<Integer>> runs = Arbitraries.integers().between(1, 23).list().ofSize(600);
        return Combinators.combine(lastBefore, Arbitraries.of(ZONES), Arbitraries.integers().between(1, 400), listening, runs)
                .as((before, zone, days, at, hours) -> new Since(at.minus(Duration.ofHours(before)), zone, days, at, hours));
    }

    @Provide
    Arbitrary<Rhythm> rhythms() {
        return Combinators.combine(Arbitraries.integers().between(2, 12), Arbitraries.integers().between(1, 120),
                Arbitraries.integers().between(0, 30), Arbitraries.integers().between(-200, 200)).as(Rhythm::new);
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
