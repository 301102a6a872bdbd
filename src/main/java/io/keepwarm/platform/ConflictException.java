package io.keepwarm.platform;

/** The request clashes with the current state of things (answered with 409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
