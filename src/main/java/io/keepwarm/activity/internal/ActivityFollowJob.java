package io.keepwarm.activity.internal;

import io.keepwarm.activity.ActivityFeed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows the activity log every half second of real time, and shows how far behind it is as the gauge
 * keepwarm.activity.lag (seconds the oldest waiting activity has waited), and keepwarm.activity.failed.batches.
 */
@Component
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class ActivityFollowJob {

    private final ActivityFeed feed;

    ActivityFollowJob(ActivityFeed feed, MeterRegistry meters) {
        this.feed = feed;
        Gauge.builder("keepwarm.activity.lag", feed, f -> f.lag().toMillis() / 1000.0)
                .description("Seconds the oldest activity not yet scored and matched to triggers has waited")
                .baseUnit("seconds").register(meters);
        Gauge.builder("keepwarm.activity.failed.batches", feed, f -> f.failedBatches())
                .description("Batches of activity set aside because scoring or a trigger failed on them")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${keepwarm.activity.follow-every:PT0.5S}")
    void follow() {
        feed.followAll();
    }
}
