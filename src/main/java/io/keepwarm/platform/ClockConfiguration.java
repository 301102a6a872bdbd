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
    Clock clock(@Value("${keepwarm.clock:system}") String mode, @Value("${keepwarm.clock-start:}") String start) {
        return switch (mode) {
            case "system" -> Clock.tick(Clock.systemUTC(), SimulatedClock.TICK);
            case "simulated" -> new SimulatedClock(start.isBlank() ? Clock.systemUTC().instant() : Instant.parse(start));
            default -> throw new IllegalStateException(
                    "keepwarm.clock (KEEPWARM_CLOCK) must be 'system' or 'simulated', not '" + mode + "'");
        };
    }
}
