package io.keepwarm.tracking.web;

import io.keepwarm.platform.web.ProblemResponses;
import io.keepwarm.tracking.internal.RateLimiter;
import io.keepwarm.tracking.internal.TrackingProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Limits the public endpoints per address and per link (the token), before security or any work: a flood from
 * one address, or a run of guesses at one link, gets 429 with a problem body. An address has three budgets, not
 * one: one-click unsubscribes and providers' webhooks each have their own (webhooks ten times as large), so that a
 * mailbox provider's image proxy fetching a campaign's pixels from a few addresses cannot use up what the same
 * provider's unsubscribe requests need.
 */
class RateLimitFilter extends OncePerRequestFilter {

    /** How many times an address's tracking budget its webhooks get. */
    static final long WEBHOOKS_PER_ADDRESS = 10;

    private final RateLimiter perIp;
    private final RateLimiter unsubscribesPerIp;
    private final RateLimiter webhooksPerIp;
    private final RateLimiter perToken;

    RateLimitFilter(TrackingProperties properties) {
        // Elapsed time for rate limits is measured, not business time; see RateLimiter.
        this.perIp = new RateLimiter(properties.perIpPerMinute(), System::nanoTime);
        this.unsubscribesPerIp = new RateLimiter(properties.perIpPerMinute(), System::nanoTime);
        // A provider posts each event on its own from a few addresses; its bounce wave after a large send must pass.
        this.webhooksPerIp = new RateLimiter(WEBHOOKS_PER_ADDRESS * properties.perIpPerMinute(), System::nanoTime);
        this.perToken = new RateLimiter(properties.perTokenPerMinute(), System::nanoTime);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Decoded, as the controllers see it: /t/c/%41b and /t/c/Ab are one link and share its budget.
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        String[] parts = path.split("/");
        boolean webhook = path.startsWith("/hooks/");
        // /t/{kind}/{token}[/accept]: the token is the fourth part. A webhook's path names a provider, not a token.
        String token = !webhook && parts.length > 3 ? parts[3] : "";
        RateLimiter addresses = webhook ? webhooksPerIp
                : "POST".equals(request.getMethod()) && path.startsWith("/t/u/") ? unsubscribesPerIp : perIp;
        if (!addresses.allow(request.getRemoteAddr())) {
            tooMany(request, response, "Too many requests from your address; wait a minute and try again");
        } else if (!token.isEmpty() && !perToken.allow(token)) {
            tooMany(request, response, "Too many requests for this link; wait a minute and try again");
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void tooMany(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader("Retry-After", "60");
        ProblemResponses.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail);
    }
}
