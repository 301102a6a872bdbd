package io.keepwarm.segment.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refreshes segment membership in the background: queued changes every few seconds, and segments whose rules
 * move with time (windows, today) once an hour of the clock's time.
 */
@Component
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class SegmentJobs {

    private static final Duration TIME_DEPENDENT_EVERY = Duration.ofHours(1);

    private final Membership membership;
    private final Clock clock;
    private Instant lastTimeDependent = Instant.MIN;

    SegmentJobs(Membership membership, Clock clock) {
        this.membership = membership;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${keepwarm.segments.refresh-delay:PT5S}")
    synchronized void refresh() {
        Instant now = clock.instant();
        boolean timeDependent = !now.isBefore(lastTimeDependent.plus(TIME_DEPENDENT_EVERY)) || now.isBefore(lastTimeDependent);
        membership.refresh(timeDependent);
        if (timeDependent) {
            lastTimeDependent = now;
        }
    }
}
