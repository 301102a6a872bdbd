package io.keepwarm.platform;

/** Something the caller named does not exist (answered with 404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException of(String what, Object id) {
        return new NotFoundException(what + " " + id + " does not exist");
    }
}
