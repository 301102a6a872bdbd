package io.keepwarm.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized bodies before anyone reads them. Only the uploads take a file (multipart, with their own, larger
 * limit): contact imports and a static list's members, and only from someone signed in or sending an API key (which
 * security checks before anything reads the body). Everywhere else, the public endpoints included, a multipart body
 * is held to the same limit, and one without a length is refused: the servlet container would otherwise parse it to
 * disk before any handler, token check or login saw it (the sign-in form's CSRF check reads a parameter, and with it
 * the whole upload of an anonymous visitor).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private static final Pattern UPLOADS = Pattern.compile(
            "/api/v1/imports|/ui/imports|/api/v1/lists/\\d+/members/import|/ui/lists/\\d+/members/import");

    private final long maxBytes;

    RequestSizeLimitFilter(@Value("${keepwarm.api.max-json-body:1MB}") DataSize max) {
        this.maxBytes = max.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean multipart = request.getContentType() != null
                && request.getContentType().toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
        if (multipart && UPLOADS.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches()
                && (request.getHeader(HttpHeaders.AUTHORIZATION) != null || signedIn(request))) {
            chain.doFilter(request, response);
            return;
        }
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            ProblemResponses.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "Request too large",
                    "The body has " + length + " bytes; the limit is " + maxBytes
                            + " bytes. Send large data as a file upload to /api/v1/imports.");
            return;
        }
        if (multipart && length < 0) {
            ProblemResponses.write(request, response, HttpStatus.LENGTH_REQUIRED, "Length required",
                    "A multipart body must say its length (Content-Length) here; only the uploads (/api/v1/imports,"
                            + " /api/v1/lists/{id}/members/import and their pages) take a file of any size.");
            return;
        }
        chain.doFilter(multipart ? request : new LimitedRequest(request, maxBytes), response);
    }

    private static boolean signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext context
                && context.getAuthentication() != null && context.getAuthentication().isAuthenticated();
    }

    /** Counts the body as it is read, so a chunked body without a Content-Length meets the same limit. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                ServletInputStream in = super.getInputStream();
                limited = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        count(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int off, int len) throws IOException {
                        int n = in.read(buffer, off, len);
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void count(int n) throws BodyTooLargeException {
                        read += n;
                        if (read > max) {
                            throw new BodyTooLargeException(max);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return limited;
        }
    }
}
