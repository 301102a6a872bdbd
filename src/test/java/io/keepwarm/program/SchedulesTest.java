package io.keepwarm.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Cadence FIRST_TUESDAY_AT_TEN = new Cadence.Monthly(1, DayOfWeek.TUESDAY, LocalTime.of(10, 0));

    @Test
    void aMonthlyCadenceStaysAtTenLocalAcrossTheSpringChange() {
        Instant march = Schedules.first(FIRST_TUESDAY_AT_TEN, Instant.parse("2026-03-01T12:00:00Z"), BERLIN);
        Instant april = Schedules.following(FIRST_TUESDAY_AT_TEN, march, march, BERLIN);

        assertThat(march).isEqualTo(Instant.parse("2026-03-03T09:00:00Z"));   // CET, UTC+1
        assertThat(april).isEqualTo(Instant.parse("2026-04-07T08:00:00Z"));   // CEST, UTC+2
    }

    @Test
    void aWaitOfAWeekEndsAtTheSameLocalTimeAcrossTheSpringChangeAndAWaitOfHoursIsExact() {
        Instant saturday = Instant.parse("2026-03-28T09:00:00Z");   // 10:00 CET
        assertThat(Schedules.afterWait(new Step.Wait(java.time.Duration.ofDays(7), null, null), saturday, BERLIN))
                .isEqualTo(Instant.parse("2026-04-04T08:00:00Z"));   // 10:00 CEST
        assertThat(Schedules.afterWait(new Step.Wait(java.time.Duration.ofHours(36), null, null), saturday, BERLIN))
                .isEqualTo(saturday.plus(java.time.Duration.ofHours(36)));
    }

    @Test
    void aMonthlyCadencePastThisMonthsDayFallsInTheNextMonth() {
        assertThat(Schedules.first(FIRST_TUESDAY_AT_TEN, Instant.parse("2026-03-03T09:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-04-07T08:00:00Z"));
        assertThat(Schedules.first(new Cadence.Monthly(-1, DayOfWeek.FRIDAY, LocalTime.of(9, 0)),
                Instant.parse("2026-01-05T09:00:00Z"), NEW_YORK)).isEqualTo(Instant.parse("2026-01-30T14:00:00Z"));
    }

    @Test
    void everyFourWeeksKeepsTheLocalTimeAcrossTheAutumnChange() {
        Cadence every = new Cadence.Every(Period.ofWeeks(4), LocalTime.of(10, 0));
        Instant enrolled = Instant.parse("2026-10-20T16:00:00Z");
        Instant first = Schedules.first(every, enrolled, NEW_YORK);
        Instant second = Schedules.following(every, enrolled, first, NEW_YORK);

        assertThat(first).isEqualTo(Instant.parse("2026-10-21T14:00:00Z"));   // EDT, UTC-4
        assertThat(second).isEqualTo(Instant.parse("2026-11-18T15:00:00Z"));  // EST, UTC-5
    }

    @Test
    void everyMonthFromTheThirtyFirstFallsOnEachMonthsLastDayAndBackOnTheThirtyFirst() {
        Cadence monthly = new Cadence.Every(Period.ofMonths(1), LocalTime.of(10, 0));
        Instant enrolled = Instant.parse("2027-01-31T08:00:00Z");
        List<Instant> touches = new ArrayList<>(List.of(Schedules.first(monthly, enrolled, BERLIN)));
        for (int i = 0; i < 3; i++) {
            touches.add(Schedules.following(monthly, enrolled, touches.getLast(), BERLIN));
        }

        assertThat(touches).extracting(t -> LocalDate.ofInstant(t, BERLIN)).containsExactly(LocalDate.of(2027, 1, 31),
                LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30));
    }

    /** However long a contact stays, its n-th touch is the first touch plus n periods, at the cadence's local time. */
    @Property(tries = 300)
    void anEveryCadenceNeverDriftsFromItsFirstTouch(@ForAll("periods") Period period, @ForAll("starts") LocalDate start,
            @ForAll @IntRange(min = 0, max = 23) int hour, @ForAll("zones") String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        Cadence every = new Cadence.Every(period, LocalTime.of(hour, 30));
        Instant enrolled = ZonedDateTime.of(start, LocalTime.of(hour, 30), zone).toInstant().minusSeconds(1);
        Instant touch = Schedules.first(every, enrolled, zone);
        for (int n = 1; n <= 40; n++) {
            Instant next = Schedules.following(every, enrolled, touch, zone);
            assertThat(next).isEqualTo(ZonedDateTime.of(start.plus(period.multipliedBy(n)), LocalTime.of(hour, 30), zone)
                    .toInstant()).isAfter(touch);
            touch = next;
        }
    }

    @Provide
    Arbitrary<Period> periods() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 60).map(Period::ofDays),
                Arbitraries.integers().between(1, 14).map(Period::ofWeeks),
                Arbitraries.integers().between(1, 24).map(Period::ofMonths),
                Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 20))
                        .as((months, days) -> Period.of(0, months, days)));
    }

    @Provide
    Arbitrary<LocalDate> starts() {
        return Arbitraries.integers().between(0, 365 * 30).map(days -> LocalDate.of(2000, 1, 1).plusDays(days));
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC");
    }

    @Test
    void aWaitUntilAWeekdayAndTimeIsTheNextOneInTheContactsZone() {
        Step.Wait untilTuesday = new Step.Wait(null, DayOfWeek.TUESDAY, LocalTime.of(10, 0));

        assertThat(Schedules.afterWait(untilTuesday, Instant.parse("2026-03-03T08:59:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-03T09:00:00Z"));
        assertThat(Schedules.afterWait(untilTuesday, Instant.parse("2026-03-03T09:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-10T09:00:00Z"));
    }

    @Test
    void aLocalTimeThatDoesNotExistOnTheSpringForwardDayMovesPastTheGap() {
        Cadence daily = new Cadence.Every(Period.ofDays(1), LocalTime.of(2, 30));
        assertThat(Schedules.first(daily, Instant.parse("2026-03-28T12:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));   // 03:30 CEST, the hour 02:00-03:00 is skipped
    }
}
