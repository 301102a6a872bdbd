package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/** The sign-in page says what happened once: a reload or a bookmark of it says nothing again. */
@KeepwarmTest
class SignInPageTest {

    @Autowired Api api;

    @Test
    void aWrongPasswordIsSaidOnceWithTheNameTypedAndNeitherAReloadNorTheAddressSaysItAgain() throws Exception {
        String name = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        MockHttpSession session = new MockHttpSession();
        MvcResult refused = api.mvc().perform(post("/login").session(session).param("username", name)
                .param("password", "not-the-password").with(csrf())).andReturn();
        assertThat(refused.getResponse().getRedirectedUrl()).as("Spring Security's refusal, as before")
                .endsWith("/login?error");

        Document shown = followed(refused.getResponse().getRedirectedUrl(), session);

        assertThat(shown.select("#sign-in-error").text()).contains("name or password is not right");
        assertThat(shown.select("input[name=username]").val()).isEqualTo(name);
        Document reloaded = page("/login", session);
        assertThat(reloaded.select("#sign-in-error")).as("said once").isEmpty();
        assertThat(reloaded.select("input[name=username]").val()).isEmpty();
    }

    @Test
    void signingOutIsSaidOnceAndABookmarkedFlagSaysNothing() throws Exception {
        MockHttpSession session = new MockHttpSession();

        assertThat(followed("/login?logout", session).select("#signed-out").text()).contains("You have signed out");
        assertThat(page("/login", session).select("#signed-out")).as("said once").isEmpty();
        assertThat(followed("/login?error", new MockHttpSession()).select("#sign-in-error"))
                .as("a bookmark of ?error, no refusal behind it").isEmpty();
    }

    /** Requests {@code url}, which sends the browser on to plain /login; that page as it then shows. */
    private Document followed(String url, MockHttpSession session) throws Exception {
        MvcResult result = api.mvc().perform(get(url).session(session)).andExpect(status().is3xxRedirection())
                .andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).as("the flag leaves the address").isEqualTo("/login");
        return page("/login", session);
    }

    private Document page(String url, MockHttpSession session) throws Exception {
        return Jsoup.parse(api.mvc().perform(get(url).session(session)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }
}
