package io.keepwarm.identity;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

@KeepwarmTest
class SessionTest {

    private static final String PASSWORD = "a-long-enough-password";

    @Autowired
    Api api;

    private String user(Role role) throws Exception {
        String name = "session-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Sam", "role": "%s", "password": "%s"}""".formatted(name, role, PASSWORD))
                .andExpect(status().isCreated());
        return name;
    }

    private MockHttpSession logIn(String name) throws Exception {
        return (MockHttpSession) api.mvc().perform(formLogin().user(name).password(PASSWORD))
                .andExpect(status().is3xxRedirection())
                .andReturn().getRequest().getSession(false);
    }

    private long idOf(String name) throws Exception {
        for (var user : api.every("/api/v1/users")) {
            if (user.get("username").asString().equals(name)) {
                return user.get("id").asLong();
            }
        }
        throw new AssertionError(name + " not found");
    }

    @Test
    void aUserSignsInWithTheirNameInAnyCaseAndIsThemUnderTheNameAsStored() throws Exception {
        String name = "Session-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Sam", "role": "MARKETER", "password": "%s"}""".formatted(name, PASSWORD))
                .andExpect(status().isCreated());

        MockHttpSession session = logIn(name.toUpperCase());

        var me = json(api.mvc().perform(get("/api/v1/me").session(session)).andExpect(status().isOk()));
        assertThat(me.get("username").asString()).isEqualTo(name);
        api.mvc().perform(formLogin().user(name.toLowerCase()).password("not-the-password"))
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).endsWith("/login?error"));
    }

    @Test
    void everyPageSaysHowLongTheSessionLastsIdleAndAskingToStaySignedInKeepsIt() throws Exception {
        MockHttpSession session = logIn(user(Role.SALES));
        session.setMaxInactiveInterval(1800);

        String page = api.mvc().perform(get("/ui/my-day").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(org.jsoup.Jsoup.parse(page).select("meta[name=session-timeout]").attr("content"))
                .as("keepwarm.js warns two minutes ahead").isEqualTo("1800");
        api.mvc().perform(get("/ui/session").session(session)).andExpect(status().isNoContent());
        api.mvc().perform(get("/ui/session")).andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).endsWith("/login"));
        String signIn = api.mvc().perform(get("/login")).andReturn().getResponse().getContentAsString();
        assertThat(org.jsoup.Jsoup.parse(signIn).select("meta[name=session-timeout]")).as("no one to warn").isEmpty();
    }

    @Test
    void aUserDisabledWhileLoggedInIsOutAtTheNextRequest() throws Exception {
        String name = user(Role.MARKETER);
        MockHttpSession session = logIn(name);
        api.mvc().perform(get("/api/v1/contacts").session(session)).andExpect(status().isOk());

        api.patch("/api/v1/users/" + idOf(name), "{\"enabled\": false}").andExpect(status().isOk());

        api.mvc().perform(get("/api/v1/contacts").session(session)).andExpect(status().isUnauthorized());
        assertThat(session.isInvalid()).isTrue();
        api.mvc().perform(formLogin().user(name).password(PASSWORD)).andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).contains("error"));
    }

    @Test
    void aPasswordChangedWhileLoggedInEndsTheSessionsOpenedWithTheOldOne() throws Exception {
        String name = user(Role.MARKETER);
        MockHttpSession stolen = logIn(name);
        api.mvc().perform(get("/api/v1/contacts").session(stolen)).andExpect(status().isOk());

        api.patch("/api/v1/users/" + idOf(name), "{\"password\": \"a-brand-new-password\"}").andExpect(status().isOk());

        api.mvc().perform(get("/api/v1/contacts").session(stolen)).andExpect(status().isUnauthorized());
        assertThat(stolen.isInvalid()).isTrue();
    }

    @Test
    void aSessionOpenedBeforeAPasswordChangeEndsEvenIfItMakesNoRequestUntilAfter() throws Exception {
        String name = user(Role.MARKETER);
        MockHttpSession unused = logIn(name);

        api.patch("/api/v1/users/" + idOf(name), "{\"password\": \"a-brand-new-password\"}").andExpect(status().isOk());

        api.mvc().perform(get("/api/v1/contacts").session(unused)).andExpect(status().isUnauthorized());
        assertThat(unused.isInvalid()).isTrue();
    }

    @Test
    void aRoleTakenAwayWhileLoggedInIsGoneAtTheNextRequest() throws Exception {
        String name = user(Role.MARKETER);
        MockHttpSession session = logIn(name);
        api.mvc().perform(get("/api/v1/exports/contacts").session(session)).andExpect(status().isOk());

        api.patch("/api/v1/users/" + idOf(name), "{\"role\": \"SALES\"}").andExpect(status().isOk());

        api.mvc().perform(get("/api/v1/exports/contacts").session(session)).andExpect(status().isForbidden());
        api.mvc().perform(get("/api/v1/contacts").session(session)).andExpect(status().isOk());
    }

    @Test
    void aSessionCallerNeedsTheCsrfTokenToChangeThings() throws Exception {
        MockHttpSession session = logIn(user(Role.MARKETER));
        String body = "{\"email\": \"%s\"}".formatted(Api.uniqueEmail("csrf"));
        api.mvc().perform(post("/api/v1/contacts").session(session).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isForbidden());
        api.mvc().perform(post("/api/v1/contacts").session(session).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
    }

    private static org.springframework.test.web.servlet.RequestBuilder signIn(String name, String password, String from) {
        return post("/login").param("username", name).param("password", password).with(csrf())
                .with(request -> {
                    request.setRemoteAddr(from);
                    return request;
                });
    }

    @Test
    void fiveWrongPasswordsSendTheNextSignInBackUncheckedEvenWithTheRightPassword() throws Exception {
        String name = user(Role.SALES);
        for (int i = 0; i < 5; i++) {
            api.mvc().perform(signIn(name, "wrong-guess-number-" + i, "203.0.113.77"))
                    .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).endsWith("/login?error"));
        }

        var refused = api.mvc().perform(signIn(name, PASSWORD, "203.0.113.77")).andReturn();
        assertThat(refused.getResponse().getRedirectedUrl()).endsWith("/login?throttled");
        assertThat(refused.getRequest().getSession(false) == null
                || refused.getRequest().getSession(false).getAttribute("SPRING_SECURITY_CONTEXT") == null).isTrue();
        MockHttpSession browser = new MockHttpSession();
        assertThat(api.mvc().perform(get("/login").param("throttled", "").session(browser)).andReturn().getResponse()
                .getRedirectedUrl()).as("said once, on plain /login").isEqualTo("/login");
        assertThat(api.mvc().perform(get("/login").session(browser)).andReturn().getResponse().getContentAsString())
                .contains("Too many failed sign-ins from here");

        api.mvc().perform(signIn(name, PASSWORD, "198.51.100.20"))
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).doesNotContain("login"));
    }
}
