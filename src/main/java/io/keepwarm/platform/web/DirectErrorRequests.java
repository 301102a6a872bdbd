package io.keepwarm.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * /error is where the servlet container forwards a failed request to be answered, not an address of its own. Opened
 * directly (a bookmark, a crawler, someone curious) it has no error to show, and Spring Boot answered 500 with
 * {"status": 999, "error": "None"}. It is an address with nothing behind it: 404, as the app's page to a browser and
 * as problem details to anyone else.
 */
@Component
class DirectErrorRequests extends OncePerRequestFilter {

    static final String PATH = "/error";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // A forwarded error carries its status; a direct request does not (the container's ERROR dispatch is not
        // filtered here at all, and a test may hand the attributes over on a plain request).
        return !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))
                || request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!wantsPage(request)) {
            ProblemResponses.write(request, response, HttpStatus.NOT_FOUND, "Not Found", "Nothing answers " + PATH
                    + ": it is where failed requests are answered, not an address to call.");
            return;
        }
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, HttpStatus.NOT_FOUND.value());
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
        chain.doFilter(request, response);
    }

    private static boolean wantsPage(HttpServletRequest request) {
        try {
            return MediaType.parseMediaTypes(request.getHeader("Accept")).stream()
                    .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
    }
}
