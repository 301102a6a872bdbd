package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import jakarta.servlet.RequestDispatcher;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.MissingCsrfTokenException;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * Whatever goes wrong with a request for a page, a signed-in person gets the app's error page in words, with the
 * status that fits and a way on, never the API's problem JSON; the API keeps answering problem details.
 */
@KeepwarmTest
class PageErrorsTest {

    @Autowired Api api;

    @Test
    void anAddressWithNoPageBehindItShowsTheErrorPageWithTheMenu() throws Exception {
        MockHttpServletResponse response = as(get("/ui/nonexistent"));

        assertThat(response.getStatus()).isEqualTo(404);
        Document page = page(response);
        assertThat(page.selectFirst("h1").text()).isEqualTo("Not found");
        assertThat(page.getElementById("error-detail").text()).contains("There is no page at /ui/nonexistent");
        assertThat(page.select("nav a[href=/ui/contacts]")).as("the menu, to find the page meant").isNotEmpty();

        assertThat(problem(get("/api/v1/contacts/1/nonexistent")).getStatus()).as("the API's answer stays").isEqualTo(404);
    }

    @Test
    void aContactAddressWithoutANumberSaysItIsNotAValidContactId() throws Exception {
        MockHttpServletResponse response = as(get("/ui/contacts/abc"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(page(response).getElementById("error-detail").text()).startsWith("'abc' is not a valid contact id");
        // Tracking's controller of the landing page's preview words an unknown piece itself, but not a bad address.
        assertThat(page(as(get("/ui/content/abc/landing"))).getElementById("error-detail").text())
                .startsWith("'abc' is not a valid content id");

        assertThat(problem(get("/api/v1/contacts/abc")).getStatus()).as("the API's answer stays").isEqualTo(400);
    }

    @Test
    void aListFilterWithAValueItDoesNotTakeSaysWhichValuesItTakes() throws Exception {
        MockHttpServletResponse stage = as(get("/ui/contacts").param("stage", "BOGUS"));
        assertThat(stage.getStatus()).isEqualTo(400);
        assertThat(page(stage).getElementById("error-detail").text())
                .startsWith("stage must be one of NEW, NURTURE, MQL").contains("'BOGUS' is not one");

        MockHttpServletResponse owner = as(get("/ui/contacts").param("owner", "abc"));
        assertThat(owner.getStatus()).isEqualTo(400);
        assertThat(page(owner).getElementById("error-detail").text())
                .isEqualTo("owner must be a user's id or \"nobody\"; 'abc' is neither.");

        assertThat(problem(get("/api/v1/contacts").param("source", "BOGUS")).getStatus()).as("the API's answer stays")
                .isEqualTo(400);
    }

    @Test
    void aFormPostedWithoutAFieldItNeedsOrAPageOpenedByTheWrongMethodSaysWhatToDo() throws Exception {
        MockHttpServletResponse missing = as(multipart("/ui/imports")
                .file(new MockMultipartFile("file", "leads.csv", "text/csv", "email\na@example.com\n".getBytes())));
        assertThat(missing.getStatus()).isEqualTo(400);
        assertThat(page(missing).getElementById("error-detail").text())
                .isEqualTo("The form came without source; go back, fill it in and send it again.");

        MockHttpServletResponse method = as(get("/ui/contacts/1/notes"));
        assertThat(method.getStatus()).isEqualTo(405);
        assertThat(page(method).getElementById("error-detail").text())
                .startsWith("This address is where a form sends what was typed, not a page to open");
    }

    @Test
    void aFormSentAfterTheSessionEndedSaysToSignInAgainNotThatTheRoleMayNot() throws Exception {
        // What the servlet container forwards to /error after Spring Security refuses a form whose token belonged to
        // a session that has ended.
        MockHttpServletResponse response = api.mvc().perform(get("/error").accept(MediaType.TEXT_HTML)
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 403)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/ui/contacts/1/notes")
                .requestAttr(WebAttributes.ACCESS_DENIED_403, new MissingCsrfTokenException(null)))
                .andReturn().getResponse();

        assertThat(page(response).getElementById("error-detail").text())
                .startsWith("Your session has ended or the page is out of date: sign in again in another tab");
        assertThat(page(response).select("h1").text()).isEqualTo("Your session has ended");
        assertThat(page(response).title()).isEqualTo("Session ended · Keepwarm");
    }

    /** The API's answer to the same mistake: problem details, as integrators expect (BadInputTest has more). */
    private MockHttpServletResponse problem(AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        MockHttpServletResponse response = api.as(Role.ADMIN, request).andReturn().getResponse();
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return response;
    }

    private static Document page(MockHttpServletResponse response) throws Exception {
        assertThat(response.getContentType()).startsWith(MediaType.TEXT_HTML_VALUE);
        return Jsoup.parse(response.getContentAsString());
    }

    private MockHttpServletResponse as(AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return api.mvc().perform(request.accept(MediaType.TEXT_HTML)
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())).with(csrf()))
                .andReturn().getResponse();
    }
}
