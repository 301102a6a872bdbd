package io.keepwarm.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Cadence FIRST_TUESDAY_AT_TEN = new Cadence.Monthly(1, DayOfWeek.TUESDAY, LocalTime.of(10, 0));

    @Test
    void aMonthlyCadenceStaysAtTenLocalAcrossTheSpringChange() {
        Instant march = Schedules.first(FIRST_TUESDAY_AT_TEN, Instant.parse("2026-03-01T12:00:00Z"), BERLIN);
        Instant april = Schedules.following(FIRST_TUESDAY_AT_TEN, march, BERLIN);

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
        Instant first = Schedules.first(every, Instant.parse("2026-10-20T16:00:00Z"), NEW_YORK);
        Instant second = Schedules.following(every, first, NEW_YORK);

        assertThat(first).isEqualTo(Instant.parse("2026-10-21T14:00:00Z"));   // EDT, UTC-4
        assertThat(second).isEqualTo(Instant.parse("2026-11-18T15:00:00Z"));  // EST, UTC-5
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
