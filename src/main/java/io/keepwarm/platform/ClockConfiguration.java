package io.keepwarm.platform;

import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock every piece of Keepwarm reads time from. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    Clock clock(@Value("${keepwarm.clock:system}") String mode, @Value("${keepwarm.clock-start:}") String start) {
        return switch (mode) {
            case "system" -> Clock.systemUTC();
            case "simulated" -> new SimulatedClock(start.isBlank() ? Clock.systemUTC().instant() : Instant.parse(start));
            default -> throw new IllegalStateException(
                    "keepwarm.clock (KEEPWARM_CLOCK) must be 'system' or 'simulated', not '" + mode + "'");
        };
    }
}
