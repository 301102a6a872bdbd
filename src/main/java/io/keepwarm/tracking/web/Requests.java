package io.keepwarm.tracking.web;

import io.keepwarm.tracking.internal.Visitor;
import jakarta.servlet.http.HttpServletRequest;

/** What a public request tells about its sender, taken as it comes: it is stored as data and shown output-encoded. */
final class Requests {

    private Requests() {}

    static Visitor visitor(HttpServletRequest request) {
        return new Visitor(request.getRemoteAddr(), request.getHeader("User-Agent"), request.getHeader("Referer"));
    }
}
