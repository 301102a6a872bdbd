package io.keepwarm.identity.internal;

import io.keepwarm.identity.ApiKeys;
import io.keepwarm.platform.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates 'Authorization: Bearer kw_...' against the hashed API keys, for this request only. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeys apiKeys;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        // The scheme's name is case-insensitive (RFC 9110): "bearer" is as good as "Bearer".
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            response.setHeader("WWW-Authenticate", "Bearer");
            String scheme = header.strip().split("\\s+", 2)[0];
            ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", "The API takes an API key as"
                    + " 'Authorization: Bearer <key>', not '" + (scheme.length() > 20 ? "that scheme" : scheme)
                    + "'; create a key on the Settings page");
            return;
        }
        Optional<ApiKeys.ApiKey> key = apiKeys.authenticate(header.substring(BEARER.length()).strip());
        if (key.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "The API key is unknown or revoked; send 'Authorization: Bearer <key>' with a live key");
            return;
        }
        var token = new UsernamePasswordAuthenticationToken("api-key:" + key.get().name(), null,
                List.of(new SimpleGrantedAuthority("ROLE_" + key.get().role().name())));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(token);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
