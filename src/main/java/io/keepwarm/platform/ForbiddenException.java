package io.keepwarm.platform;

/**
 * The caller's role may use the endpoint, but not on this thing (a rep acting on another rep's lead): answered with
 * 403. Who may call an endpoint at all is the security configuration's to say, before any of this runs.
 */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
