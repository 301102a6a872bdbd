package io.keepwarm.platform;

import java.time.Duration;

/**
 * Too many tries in too short a time (wrong passwords): answered with 429 and a Retry-After, so a client knows to
 * wait rather than that it may never do this.
 */
public class TooManyAttemptsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyAttemptsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
