package io.keepwarm.handoff.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the hand-off module read at start-up (the SLA itself is a setting in the database, changed through the
 * API).
 *
 * @param zone the account's zone, in which working hours are counted (default: the default zone of contacts)
 * @param runEvery pause between runs of the hand-off job (escalations, unassigned hand-offs, alert emails to retry)
 */
@ConfigurationProperties("keepwarm.handoff")
public record HandoffProperties(String zone, Duration runEvery) {

    public HandoffProperties {
        zone = zone == null || zone.isBlank() ? "UTC" : zone.strip();
        runEvery = runEvery == null ? Duration.ofMinutes(1) : runEvery;
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalStateException("keepwarm.handoff.zone (KEEPWARM_HANDOFF_ZONE) must be an IANA zone such as"
                    + " Europe/Berlin, not '" + zone + "'");
        }
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }
}
