package io.keepwarm.handoff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WorkingHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void twentyFourWorkingHoursFromFridayNoonEndOnMondayNoon() {
        assertThat(plus("2027-01-08T12:00", 24)).isEqualTo(at("2027-01-11T12:00"));
    }

    @Test
    void aHandoffOnTheWeekendStartsItsClockOnMonday() {
        assertThat(plus("2027-01-09T15:30", 24)).isEqualTo(at("2027-01-12T00:00"));
        assertThat(plus("2027-01-10T23:59", 1)).isEqualTo(at("2027-01-11T01:00"));
    }

    @Test
    void withinTheWeekTheHoursAreSimplyAdded() {
        assertThat(plus("2027-01-05T09:00", 24)).isEqualTo(at("2027-01-06T09:00"));
        assertThat(plus("2027-01-05T09:00", 72)).isEqualTo(at("2027-01-08T09:00"));
        assertThat(plus("2027-01-05T09:00", 96)).as("Tuesday + 4 days of work").isEqualTo(at("2027-01-11T09:00"));
    }

    @Test
    void aDeadlineAcrossTheSpringForwardWeekendKeepsItsLocalTime() {
        // Berlin springs forward on Sunday 2027-03-28, a day that holds no working hours.
        assertThat(plus("2027-03-26T12:00", 24)).isEqualTo(at("2027-03-29T12:00"));
        assertThat(Duration.between(Instant.parse("2027-03-26T11:00:00Z"), plus("2027-03-26T12:00", 24)))
                .as("the weekend in between is an hour shorter").isEqualTo(Duration.ofHours(71));
    }

    @Test
    void theHoursBetweenAssignmentAndDeadlineAreTheHoursThatSetIt() {
        for (String start : new String[] {"2027-01-08T12:00", "2027-01-09T15:30", "2027-03-26T12:00", "2027-01-05T09:00"}) {
            for (int hours : new int[] {1, 8, 24, 72}) {
                assertThat(WorkingHours.between(at(start), plus(start, hours), BERLIN)).as("%s + %d", start, hours)
                        .isEqualTo(Duration.ofHours(hours));
            }
        }
    }

    @Test
    void turnedBackAWorkingDayFromMondayNoonIsFridayNoonAndPlusUndoesIt() {
        assertThat(WorkingHours.minus(at("2027-01-11T12:00"), Duration.ofHours(24), BERLIN)).isEqualTo(at("2027-01-08T12:00"));
        assertThat(WorkingHours.minus(at("2027-01-11T00:00"), Duration.ofHours(1), BERLIN)).isEqualTo(at("2027-01-08T23:00"));
        assertThat(WorkingHours.minus(at("2027-01-06T09:00"), Duration.ofHours(24), BERLIN)).isEqualTo(at("2027-01-05T09:00"));
        for (String start : new String[] {"2027-01-08T12:00", "2027-03-26T12:00", "2027-01-05T09:00"}) {
            for (int hours : new int[] {1, 8, 24, 72}) {
                assertThat(WorkingHours.minus(plus(start, hours), Duration.ofHours(hours), BERLIN)).as("%s + %d", start, hours)
                        .isEqualTo(at(start));
            }
        }
    }

    @Test
    void saturdayAndSundayAreNoWorkingDays() {
        assertThat(WorkingHours.working(at("2027-01-08T23:59"), BERLIN)).isTrue();
        assertThat(WorkingHours.working(at("2027-01-09T00:00"), BERLIN)).isFalse();
        assertThat(WorkingHours.working(at("2027-01-10T23:59"), BERLIN)).isFalse();
        assertThat(WorkingHours.working(at("2027-01-11T00:00"), BERLIN)).isTrue();
    }

    private static Instant plus(String local, int hours) {
        return WorkingHours.plus(at(local), Duration.ofHours(hours), BERLIN);
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }
}
