package io.keepwarm.identity.internal;

import io.keepwarm.platform.web.NulParameters;
import io.keepwarm.platform.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a sign-in whose form holds the NUL character (no browser's form sends one) with a 400 naming the field, as
 * every other request with one is refused: Spring Security reads the form before any handler would, and looked the
 * name up in the users table, which PostgreSQL failed as an "invalid byte sequence" and the sign-in page answered as a
 * wrong password, while H2 answered "no such user".
 */
final class SignInNulFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && "/login".equals(request.getRequestURI().substring(request.getContextPath().length())));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<io.keepwarm.platform.InvalidInputException> refused = NulParameters.refusal(request);
        if (refused.isPresent()) {
            ProblemResponses.write(request, response, refused.get());
        } else {
            chain.doFilter(request, response);
        }
    }
}
