package io.keepwarm.platform.web;

import java.io.IOException;

/** A request body grew past the limit while being read (sent without, or with a false, Content-Length). */
public class BodyTooLargeException extends IOException {

    BodyTooLargeException(long limit) {
        super("The body is larger than the limit of " + limit + " bytes; send large data as a file upload to /api/v1/imports");
    }
}
