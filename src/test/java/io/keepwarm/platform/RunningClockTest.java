package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The application's simulated clock between and during moves, on a source clock the test moves in place of real time. */
class RunningClockTest {

    private final SimulatedClock real = new SimulatedClock(Instant.parse("2026-12-06T05:00:00Z"));
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2027-03-01T09:00:00Z"), real);

    @Test
    void betweenMovesTheClockRunsOnAtRealSpeedSoAClickComesSecondsAfterItsEmail() {
        Instant sent = clock.instant();
        real.advance(Duration.ofSeconds(4));

        assertThat(Duration.between(sent, clock.instant())).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aMoveRunsOnFromWhereItLandedInWholeMicroseconds() {
        real.advance(Duration.ofSeconds(10));
        assertThat(clock.advance(Duration.ofDays(7))).isEqualTo("2027-03-08T09:00:10Z");
        real.advance(Duration.ofNanos(2_500));
        assertThat(clock.instant()).isEqualTo("2027-03-08T09:00:10.000002Z");

        assertThat(clock.set(Instant.parse("2027-04-01T09:00:00.000000999Z"))).isEqualTo("2027-04-01T09:00:00Z");
        real.advance(Duration.ofMinutes(1));
        assertThat(clock.instant()).isEqualTo("2027-04-01T09:01:00Z");
    }

    @Test
    void aClockBuiltOnAnInstantAloneStandsStillAsTheTestsClockDoes() {
        SimulatedClock standing = new SimulatedClock(Instant.parse("2027-03-01T09:00:00Z"));
        assertThat(standing.instant()).isEqualTo(standing.instant()).isEqualTo("2027-03-01T09:00:00Z");
    }

    @Test
    void aWalkLandsExactlyOnTheTargetInStepsOfAtMostAnHourRunningTheWorkAtEach() {
        List<Instant> seen = new java.util.ArrayList<>();
        ClockWalk walk = new ClockWalk(clock, List.of(tally -> {
            seen.add(clock.instant());
            tally.add("emails sent", 1);
        }));

        ClockWalk.Walked walked = walk.forward(Duration.ofMinutes(150).plusNanos(1_500));

        assertThat(walked.steps()).isEqualTo(3);
        assertThat(seen).containsExactly(Instant.parse("2027-03-01T10:00:00Z"), Instant.parse("2027-03-01T11:00:00Z"),
                Instant.parse("2027-03-01T11:30:00.000001Z"));
        assertThat(walked.to()).isEqualTo(clock.instant()).isEqualTo("2027-03-01T11:30:00.000001Z");
        assertThat(walked.done()).containsEntry("emails sent", 3L);
    }

    @Test
    void aSecondMoveWhileOneWalksIsRefusedAsAConflict() throws Exception {
        CountDownLatch walking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ClockWalk walk = new ClockWalk(clock, List.of(tally -> {
            walking.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        CompletableFuture<ClockWalk.Walked> first = CompletableFuture.supplyAsync(() -> walk.forward(Duration.ofHours(1)));
        assertThat(walking.await(30, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> walk.forward(Duration.ofDays(1))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already being moved");
        assertThatThrownBy(() -> walk.to(Instant.parse("2027-01-01T00:00:00Z"))).isInstanceOf(ConflictException.class);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).steps()).isEqualTo(1);
    }

    @Test
    void aJobThatFailsAtAStepIsCountedAndTheWalkGoesOn() {
        ClockWalk walk = new ClockWalk(clock, List.of(tally -> {
            throw new IllegalStateException("the database went away");
        }, tally -> tally.add("emails sent", 1)));

        ClockWalk.Walked walked = walk.forward(Duration.ofHours(2));

        assertThat(walked.to()).isEqualTo("2027-03-01T11:00:00Z");
        assertThat(walked.done()).containsEntry("emails sent", 2L).containsEntry("job runs that failed (see the log)", 2L);
    }
}
