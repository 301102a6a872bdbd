package io.keepwarm.platform.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.IdempotencyRecords;
import io.keepwarm.platform.web.BodyTooLargeException;
import io.keepwarm.platform.web.ProblemResponses;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Honours the Idempotency-Key header on POST: the first request with a key runs, a retry with the same
 * key and the same request gets the first answer again, and nothing is done twice.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100) // after Spring Security, so the caller is known
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";

    private final IdempotencyStore store;
    private final IdempotencyRecords records;

    IdempotencyFilter(IdempotencyStore store, IdempotencyRecords records) {
        this.store = store;
        this.records = records;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).strip();
        if (key.isEmpty() || key.length() > 255) {
            ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key",
                    "Idempotency-Key must have 1 to 255 characters");
            return;
        }
        CachedBodyRequest cached;
        try {
            cached = new CachedBodyRequest(request);
        } catch (BodyTooLargeException e) {
            ProblemResponses.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "Request too large", e.getMessage());
            return;
        }
        String actor = Actors.current();
        String fingerprint = fingerprint(cached);
        var claim = store.claim(actor, key, fingerprint, request.getRequestURI());
        switch (claim) {
            case IdempotencyStore.Claim.Claimed claimed -> runAndRemember(cached, response, chain, actor, key);
            case IdempotencyStore.Claim.Mismatch mismatch -> ProblemResponses.write(request, response,
                    HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request; use a new key for a new request");
            case IdempotencyStore.Claim.InFlight inFlight -> ProblemResponses.write(request, response, HttpStatus.CONFLICT,
                    "Request in progress", "A request with this Idempotency-Key is still running; retry in a moment");
            case IdempotencyStore.Claim.Done done -> {
                response.setStatus(done.status());
                if (done.contentType() != null) {
                    response.setContentType(done.contentType());
                }
                if (done.location() != null) {
                    response.setHeader("Location", done.location());
                }
                response.setHeader("Idempotent-Replayed", "true");
                response.getOutputStream().write(done.body().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void runAndRemember(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            String actor, String key) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorded);
        } catch (ServletException | IOException | RuntimeException e) {
            store.release(actor, key);
            throw e;
        }
        if (recorded.getStatus() >= 500) {
            store.release(actor, key); // a server failure may be retried for real
        } else {
            String body = new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8);
            store.remember(actor, key, recorded.getStatus(), recorded.getContentType(), recorded.getHeader("Location"),
                    body, records.contactsOf(request, body));
        }
        recorded.copyBodyToResponse();
    }

    private static String fingerprint(CachedBodyRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString())
                    .getBytes(StandardCharsets.UTF_8));
            digest.update(request.body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the body so it can be both fingerprinted and read by the controller. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private final boolean multipart;

        CachedBodyRequest(HttpServletRequest request) throws IOException {
            super(request);
            boolean multipart = request.getContentType() != null
                    && request.getContentType().toLowerCase().startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
            // Uploads are large and parsed by the container; their size stands in for their content.
            this.body = multipart
                    ? String.valueOf(request.getContentLengthLong()).getBytes(StandardCharsets.UTF_8)
                    : request.getInputStream().readAllBytes();
            this.multipart = multipart;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (multipart) {
                return super.getInputStream();
            }
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }
    }
}
