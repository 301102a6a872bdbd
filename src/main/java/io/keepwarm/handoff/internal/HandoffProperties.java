package io.keepwarm.handoff.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the hand-off module read at start-up (the SLA is a setting in the database, changed through the API; the
 * account's zone, in which working hours count, is the account's setting).
 *
 * @param runEvery pause between runs of the hand-off job (escalations, unassigned hand-offs, alert emails to retry)
 */
@ConfigurationProperties("keepwarm.handoff")
public record HandoffProperties(Duration runEvery) {

    public HandoffProperties {
        runEvery = runEvery == null ? Duration.ofMinutes(1) : runEvery;
    }
}
