package io.keepwarm.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a sign-in attempt from an address that failed too often back to the form before its password is checked, so a
 * guess, right or wrong, tells nothing until the wait is over.
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;

    SignInThrottleFilter(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && "/login".equals(request.getRequestURI().substring(request.getContextPath().length())));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (throttle.allowed(request.getRemoteAddr(), request.getParameter("username"))) {
            chain.doFilter(request, response);
        } else {
            response.setHeader("Retry-After", String.valueOf(SignInThrottle.WINDOW_MINUTES * 60));
            response.sendRedirect(request.getContextPath() + "/login?throttled");
        }
    }
}
