package io.keepwarm.tracking.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.tracking.internal.TrackingProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RateLimitFilterTest {

    private static RateLimitFilter filter(int perIp, int perToken) {
        return new RateLimitFilter(new TrackingProperties("", Duration.ofDays(730), Duration.ofSeconds(10), List.of(),
                List.of(), List.of(), perIp, perToken, 100));
    }

    private static int status(RateLimitFilter filter, String method, String uri) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        request.setRemoteAddr("203.0.113.7");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> ((MockHttpServletResponse) res).setStatus(200));
        return response.getStatus();
    }

    @Test
    void aBurstOfPixelsFromOneAddressLeavesItsOneClickUnsubscribesAndWebhooksTheirOwnBudget() throws Exception {
        RateLimitFilter filter = filter(2, 100);
        assertThat(status(filter, "GET", "/t/o/pixel-1")).isEqualTo(200);
        assertThat(status(filter, "GET", "/t/o/pixel-2")).isEqualTo(200);
        assertThat(status(filter, "GET", "/t/o/pixel-3")).isEqualTo(429);

        assertThat(status(filter, "POST", "/t/u/contact-1")).isEqualTo(200);
        assertThat(status(filter, "POST", "/hooks/email/generic")).isEqualTo(200);
        // The unsubscribe page (a GET) is tracking like any other.
        assertThat(status(filter, "GET", "/t/u/contact-2")).isEqualTo(429);
    }

    @Test
    void aLinkWrittenWithEscapesSharesTheBudgetOfTheSameLinkWrittenPlainly() throws Exception {
        RateLimitFilter filter = filter(100, 1);
        assertThat(status(filter, "GET", "/t/c/Ab")).isEqualTo(200);
        assertThat(status(filter, "GET", "/t/c/%41b")).isEqualTo(429);
    }

    @Test
    void webhooksAreLimitedPerAddressAtTenTimesTheTrackingBudgetButNotPerProvider() throws Exception {
        RateLimitFilter filter = filter(2, 1);
        for (int i = 0; i < 20; i++) {
            assertThat(status(filter, "POST", "/hooks/email/mailgun")).as("webhook %d", i + 1).isEqualTo(200);
        }
        assertThat(status(filter, "POST", "/hooks/email/mailgun")).isEqualTo(429);
    }
}
