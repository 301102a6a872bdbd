package io.keepwarm.content.internal;

/** A template whose render would go over one of {@link RenderBudget}'s limits, named in the message. */
public class RenderTooLargeException extends RuntimeException {

    RenderTooLargeException(String message) {
        super(message);
    }
}
