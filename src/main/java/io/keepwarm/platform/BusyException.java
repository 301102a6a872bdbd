package io.keepwarm.platform;

import java.time.Duration;

/**
 * The database kept choosing this work as the one to give way (a deadlock or a serialization failure on every try):
 * nothing was recorded, and the same request sent again in a moment succeeds. Answered with 503 and a Retry-After,
 * never as a failure of ours.
 */
public class BusyException extends RuntimeException {

    private final Duration retryAfter;

    public BusyException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
