package io.keepwarm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestSizeLimitFilterTest {

    private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(DataSize.ofBytes(100));

    /** A body that does not say how long it is, as a chunked one. */
    private static MockHttpServletRequest chunked(int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/contacts") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContentType("application/json");
        request.setContent(new byte[bytes]);
        return request;
    }

    @Test
    void aBodyWithoutALengthIsCutOffWhenItPassesTheLimit() {
        assertThatThrownBy(() -> filter.doFilter(chunked(101), new MockHttpServletResponse(),
                        (request, response) -> request.getInputStream().readAllBytes()))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessageContaining("100 bytes");
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        int[] read = new int[1];
        filter.doFilter(chunked(100), new MockHttpServletResponse(),
                (request, response) -> read[0] = request.getInputStream().readAllBytes().length);
        assertThat(read[0]).isEqualTo(100);
    }

    @Test
    void aBodyThatAnnouncesItsSizeIsRefusedBeforeItIsRead() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/contacts");
        request.setContentType("application/json");
        request.setContent(new byte[101]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> {
            throw new AssertionError("the body must not reach the application");
        });
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
    }

    private static MockHttpServletRequest multipart(String path, int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setContentType("multipart/form-data; boundary=x");
        request.setContent(new byte[bytes]);
        return request;
    }

    @Test
    void aLargeMultipartBodyToAPublicEndpointIsRefusedBeforeTheContainerParsesIt() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(multipart("/t/u/some-token", 101), response, (req, res) -> {
            throw new AssertionError("the body must not reach the application");
        });
        assertThat(response.getStatus()).isEqualTo(413);
    }

    @Test
    void aMultipartBodyWithoutALengthIsRefusedOutsideTheImportUploads() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/hooks/email/generic") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContentType("multipart/form-data; boundary=x");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> {
            throw new AssertionError("the body must not reach the application");
        });
        assertThat(response.getStatus()).isEqualTo(411);
        assertThat(response.getContentType()).startsWith("application/problem+json");
    }

    private static MockHttpServletRequest signedIn(MockHttpServletRequest request) {
        var context = new org.springframework.security.core.context.SecurityContextImpl(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                        "marketer", null, java.util.List.of()));
        request.getSession().setAttribute(
                org.springframework.security.web.context.HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                context);
        return request;
    }

    @Test
    void theUploadsTakeAFileLargerThanTheJsonLimitFromSomeoneSignedInOrWithAKey() throws Exception {
        for (String path : new String[] {"/api/v1/imports", "/ui/imports", "/api/v1/lists/42/members/import",
                "/ui/lists/42/members/import"}) {
            boolean[] reached = new boolean[1];
            filter.doFilter(signedIn(multipart(path, 1_000)), new MockHttpServletResponse(),
                    (req, res) -> reached[0] = true);
            assertThat(reached[0]).as(path).isTrue();
        }
        MockHttpServletRequest withKey = multipart("/api/v1/imports", 1_000);
        withKey.addHeader("Authorization", "Bearer kw_some_key");
        boolean[] reached = new boolean[1];
        filter.doFilter(withKey, new MockHttpServletResponse(), (req, res) -> reached[0] = true);
        assertThat(reached[0]).isTrue();
    }

    @Test
    void anAnonymousUploadIsHeldToTheLimitBeforeTheContainerParsesIt() throws Exception {
        for (String path : new String[] {"/ui/imports", "/api/v1/imports", "/ui/lists/42/members/import"}) {
            MockHttpServletRequest request = multipart(path, 1_000);
            request.getSession(); // a session that never signed in, as the sign-in page gives a visitor
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(request, response, (req, res) -> {
                throw new AssertionError("the body must not reach the application");
            });
            assertThat(response.getStatus()).as(path).isEqualTo(413);
        }
    }
}
