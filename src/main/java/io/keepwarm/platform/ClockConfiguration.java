package io.keepwarm.platform;

import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock every piece of Keepwarm reads time from. It ticks in microseconds, as both databases store time: a
 * nanosecond instant is rounded to the nearest microsecond when written, so a row made due "now" could be stored a
 * fraction after now and not be found due by a query at that same instant.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    Clock clock(@Value("${keepwarm.clock:system}") String mode, @Value("${keepwarm.clock-start:}") String start,
            @Value("${keepwarm.clock-runs:true}") boolean runs) {
        return switch (mode) {
            case "system" -> Clock.tick(Clock.systemUTC(), SimulatedClock.TICK);
            case "simulated" -> {
                Instant from = start.isBlank() ? Clock.systemUTC().instant() : Instant.parse(start);
                // Tests keep theirs standing (keepwarm.clock-runs: false): what they assert happens at the instant
                // they moved it to.
                yield runs ? new SimulatedClock(from, Clock.systemUTC()) : new SimulatedClock(from);
            }
            default -> throw new IllegalStateException(
                    "keepwarm.clock (KEEPWARM_CLOCK) must be 'system' or 'simulated', not '" + mode + "'");
        };
    }
}
