package io.keepwarm.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.platform.SimulatedClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestClockTest {

    private final SimulatedClock simulated = new SimulatedClock(Instant.parse("2027-01-13T09:00:00Z"));
    private final TestClock clock = new TestClock(simulated);

    @Test
    void aTestThatSetsTheSharedClockBackIsStoppedSayingWhy() {
        clock.advance(Duration.ofDays(1));

        assertThatThrownBy(() -> clock.set(Instant.parse("2027-01-13T09:00:00Z")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the shared test clock only moves forward: asked for 2027-01-13T09:00:00Z"
                        + " while it is already 2027-01-14T09:00:00Z");
        assertThat(clock.instant()).isEqualTo("2027-01-14T09:00:00Z");
        assertThat(clock.set(Instant.parse("2027-01-14T09:00:00Z"))).as("staying put is not going back")
                .isEqualTo("2027-01-14T09:00:00Z");
    }

    @Test
    void aClockSetBackAroundItIsFoundBeforeTheNextMoveAndAfterTheTest() {
        clock.advance(Duration.ofDays(1));
        simulated.set(Instant.parse("2027-01-13T09:00:00Z"));

        assertThatThrownBy(clock::notBehind).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only moves forward: it was at 2027-01-14T09:00:00Z and is now back at"
                        + " 2027-01-13T09:00:00Z");
        assertThatThrownBy(() -> clock.advance(Duration.ofHours(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTestMovesOnToTheNextDayWithWhatItNeeds() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        assertThat(clock.advanceToNext(DayOfWeek.WEDNESDAY, LocalTime.of(10, 0), berlin)).as("never today")
                .isEqualTo("2027-01-20T09:00:00Z");
        assertThat(clock.advanceToNextDay(day -> day.getMonth() == Month.FEBRUARY && day.getDayOfMonth() == 29,
                LocalTime.NOON, ZoneOffset.UTC)).as("the next leap day").isEqualTo("2028-02-29T12:00:00Z");
        assertThat(clock.advanceToNextDay(day -> day.getDayOfWeek() == DayOfWeek.MONDAY
                && !day.minusDays(1).atStartOfDay(berlin).getOffset().equals(day.atStartOfDay(berlin).getOffset()),
                LocalTime.of(9, 0), berlin)).as("the Monday after the clocks changed in Berlin")
                .isEqualTo("2028-03-27T07:00:00Z");
    }
}
