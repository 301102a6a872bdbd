package io.keepwarm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import jakarta.servlet.RequestDispatcher;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * A signed-in person who mistypes an address is told nothing is there, not that their role may not open it; whoever
 * is not signed in is still asked to sign in; and an address that is there stays refused to a role without it.
 */
@KeepwarmTest
class UnknownAddressTest {

    @Autowired Api api;

    @Test
    void aSignedInPersonAtAnAddressNothingAnswersIsToldItIsNotFound() throws Exception {
        MockHttpServletResponse page = asMarketer(get("/contacts/5").accept(MediaType.TEXT_HTML));
        assertThat(page.getStatus()).isEqualTo(404);
        assertThat(page.getRedirectedUrl()).isNull();
        assertThat(asMarketer(post("/contacts/5").accept(MediaType.TEXT_HTML)).getStatus()).isEqualTo(404);

        MockHttpServletResponse problem = api.as(Role.MARKETER, get("/api/v1/contactz")).andReturn().getResponse();
        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(Api.json(api.as(Role.MARKETER, get("/api/v1/contactz"))).path("detail").asString())
                .startsWith("Nothing answers /api/v1/contactz");
        assertThat(asMarketer(get("/api/v1/contacts/5/nonexistent").accept(MediaType.APPLICATION_JSON)).getStatus())
                .as("signed in through the UI's session too").isEqualTo(404);
    }

    @Test
    void theNotFoundPageOutsideTheUiNamesTheAddressAndShowsTheMenu() throws Exception {
        // What the servlet container forwards to /error after security answers /contacts/5 with 404.
        MockHttpServletResponse response = asMarketer(get("/error").accept(MediaType.TEXT_HTML)
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/contacts/5"));

        assertThat(response.getStatus()).isEqualTo(404);
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.selectFirst("h1").text()).isEqualTo("Not found");
        assertThat(page.getElementById("error-detail").text()).startsWith("There is no page at /contacts/5");
        assertThat(page.select("nav a[href=/ui/contacts]")).as("the menu, to find the page meant").isNotEmpty();
    }

    @Test
    void theErrorAddressOpenedDirectlyIsNotFoundAsAPageOrAProblemNotAServerError() throws Exception {
        MockHttpServletResponse browser = api.mvc().perform(get("/error").accept(MediaType.TEXT_HTML))
                .andReturn().getResponse();
        assertThat(browser.getStatus()).isEqualTo(404);
        Document page = Jsoup.parse(browser.getContentAsString());
        assertThat(page.selectFirst("h1").text()).isEqualTo("Not found");
        assertThat(page.getElementById("error-detail").text()).startsWith("There is no page at /error");
        assertThat(asMarketer(get("/error").accept(MediaType.TEXT_HTML)).getStatus()).isEqualTo(404);

        for (MockHttpServletResponse client : List.of(api.mvc().perform(get("/error")).andReturn().getResponse(),
                api.mvc().perform(get("/error").accept(MediaType.APPLICATION_JSON)).andReturn().getResponse())) {
            assertThat(client.getStatus()).isEqualTo(404);
            assertThat(client.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(client.getContentAsString()).contains("Nothing answers /error").doesNotContain("999");
        }
    }

    @Test
    void whoeverIsNotSignedInIsAskedToSignInWhetherOrNotTheAddressExists() throws Exception {
        MockHttpServletResponse browser = api.mvc().perform(get("/contacts/5").accept(MediaType.TEXT_HTML))
                .andReturn().getResponse();
        assertThat(browser.getRedirectedUrl()).endsWith("/login");

        assertThat(api.mvc().perform(get("/api/v1/contactz")).andReturn().getResponse().getStatus()).isEqualTo(401);
        assertThat(api.mvc().perform(get("/api/v1/contactz").header("Authorization", "Bearer kw_forged"))
                .andReturn().getResponse().getStatus()).isEqualTo(401);
        assertThat(api.mvc().perform(get("/t/x/abc")).andReturn().getResponse().getStatus())
                .as("the prospect's door is unchanged").isEqualTo(404);
    }

    @Test
    void anAddressThatIsThereStaysForbiddenToARoleWithoutIt() throws Exception {
        assertThat(api.as(Role.SALES, get("/api/v1/outbox")).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(api.as(Role.SALES, get("/api/v1/outbox/5")).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(api.as(Role.MARKETER, get("/api/v1/audit")).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(api.as(Role.MARKETER, delete("/api/v1/api-keys/5")).andReturn().getResponse().getStatus())
                .as("a method the address takes, for another role").isEqualTo(403);
        assertThat(api.as(Role.MARKETER, delete("/api/v1/alerts")).andReturn().getResponse().getStatus())
                .as("a method the address takes for no role is not allowed, whoever asks").isEqualTo(405);
        assertThat(asSales(get("/ui/settings/handoffs").accept(MediaType.TEXT_HTML)).getStatus()).isEqualTo(403);
        assertThat(asSales(get("/ui/outbox/5").accept(MediaType.TEXT_HTML)).getStatus()).isEqualTo(403);
        assertThat(asSales(get("/actuator/prometheus")).getStatus()).as("never the metrics themselves")
                .isIn(403, 404);
    }

    private MockHttpServletResponse asMarketer(AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return as(Role.MARKETER, request);
    }

    private MockHttpServletResponse asSales(AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return as(Role.SALES, request);
    }

    private MockHttpServletResponse as(Role role, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf()))
                .andReturn().getResponse();
    }
}
