package io.keepwarm.delivery.internal;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the reps' queues work.
 *
 * @param callingFrom the start of calling hours in the contact's own zone (default 08:00)
 * @param callingUntil their end (default 21:00): a task whose contact is outside them waits in the queue
 * @param retryAfter when the next attempt after no answer or a voicemail is due (default a day later)
 * @param maxAttempts how many calls a task gets before no answer or a voicemail is the end of it (default 3)
 */
@ConfigurationProperties("keepwarm.tasks")
public record TaskSettings(LocalTime callingFrom, LocalTime callingUntil, Duration retryAfter, Integer maxAttempts) {

    public TaskSettings {
        callingFrom = callingFrom == null ? LocalTime.of(8, 0) : callingFrom;
        callingUntil = callingUntil == null ? LocalTime.of(21, 0) : callingUntil;
        retryAfter = retryAfter == null ? Duration.ofDays(1) : retryAfter;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        if (!callingFrom.isBefore(callingUntil)) {
            throw new IllegalStateException("keepwarm.tasks.calling-from (" + callingFrom
                    + ") must be before keepwarm.tasks.calling-until (" + callingUntil + ")");
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalStateException("keepwarm.tasks.retry-after must be positive, not " + retryAfter);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalStateException("keepwarm.tasks.max-attempts must be 1 to 10, not " + maxAttempts);
        }
    }
}
