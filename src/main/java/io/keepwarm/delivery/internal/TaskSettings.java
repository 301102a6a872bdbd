package io.keepwarm.delivery.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the reps' queues work (the calling hours are the account's setting, {@code AccountSettings}).
 *
 * @param retryAfter when the next attempt after no answer or a voicemail is due (default a day later)
 * @param maxAttempts how many calls a task gets before no answer or a voicemail is the end of it (default 3)
 */
@ConfigurationProperties("keepwarm.tasks")
public record TaskSettings(Duration retryAfter, Integer maxAttempts) {

    public TaskSettings {
        retryAfter = retryAfter == null ? Duration.ofDays(1) : retryAfter;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalStateException("keepwarm.tasks.retry-after must be positive, not " + retryAfter);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalStateException("keepwarm.tasks.max-attempts must be 1 to 10, not " + maxAttempts);
        }
    }
}
