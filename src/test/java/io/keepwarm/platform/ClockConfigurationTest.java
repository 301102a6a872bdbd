package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockConfigurationTest {

    private final ClockConfiguration configuration = new ClockConfiguration();

    @Test
    void theRealClockIsTheDefaultAndTheSimulatedOneStandsStill() {
        assertThat(configuration.clock("system", "", false)).isNotInstanceOf(SimulatedClock.class);
        Clock simulated = configuration.clock("simulated", "2027-03-01T08:00:00Z", false);
        assertThat(simulated.instant()).isEqualTo(Instant.parse("2027-03-01T08:00:00Z"));
        ((SimulatedClock) simulated).advance(Duration.ofHours(25));
        assertThat(simulated.instant()).isEqualTo(Instant.parse("2027-03-02T09:00:00Z"));
    }

    @Test
    void bothClocksKeepWholeMicrosecondsAsTheDatabasesStoreThem() {
        assertThat(configuration.clock("system", "", false).instant().getNano() % 1_000).isZero();
        SimulatedClock simulated = (SimulatedClock) configuration.clock("simulated", "2027-03-01T08:00:00.123456789Z", false);
        assertThat(simulated.instant()).isEqualTo(Instant.parse("2027-03-01T08:00:00.123456Z"));
        assertThat(simulated.advance(Duration.ofNanos(999))).isEqualTo(Instant.parse("2027-03-01T08:00:00.123456Z"));
        assertThat(simulated.set(Instant.parse("2027-03-02T08:00:00.000000999Z")))
                .isEqualTo(Instant.parse("2027-03-02T08:00:00Z"));
    }

    @Test
    void aMistypedClockSettingStopsTheStartWithAMessage() {
        assertThatThrownBy(() -> configuration.clock("simulted", "", false))
                .hasMessageContaining("KEEPWARM_CLOCK")
                .hasMessageContaining("simulted");
    }

    @Test
    void theSimulatedClockNeverRunsBackwards() {
        SimulatedClock clock = new SimulatedClock(Instant.EPOCH);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
