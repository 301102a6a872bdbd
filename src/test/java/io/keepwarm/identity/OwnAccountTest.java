package io.keepwarm.identity;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** A signed-in person's own account through the API: who they are, their own password, and a rep's "away". */
@KeepwarmTest
class OwnAccountTest {

    private static final String PASSWORD = "a-long-enough-password";
    private static final String NEW_PASSWORD = "a-brand-new-password";

    @Autowired Api api;
    @Autowired Users users;
    @Autowired AuditLog audit;

    private User user(Role role) {
        String name = "own-" + UUID.randomUUID().toString().substring(0, 8);
        return users.create(new Users.NewUser(name, "Own " + role, name + "@example.com", role, PASSWORD));
    }

    private MockHttpSession signIn(String name, String password) throws Exception {
        return (MockHttpSession) api.mvc().perform(formLogin().user(name).password(password))
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).doesNotContain("login"))
                .andReturn().getRequest().getSession(false);
    }

    private ResultActions changePassword(MockHttpSession session, String current, String next, String from)
            throws Exception {
        return api.mvc().perform(from(from, post("/api/v1/me/password").session(session).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"current\": \"%s\", \"new\": \"%s\"}".formatted(current, next))));
    }

    private static MockHttpServletRequestBuilder from(String address, MockHttpServletRequestBuilder request) {
        return request.with(r -> {
            r.setRemoteAddr(address);
            return r;
        });
    }

    @Test
    void everyRoleChangesTheirOwnPasswordTheirOtherSessionsEndAndTheOneThatChangedItStays() throws Exception {
        for (Role role : Role.values()) {
            User me = user(role);
            MockHttpSession here = signIn(me.username(), PASSWORD);
            MockHttpSession elsewhere = signIn(me.username(), PASSWORD);
            api.mvc().perform(get("/api/v1/me").session(elsewhere)).andExpect(status().isOk());

            changePassword(here, PASSWORD, NEW_PASSWORD, "192.0.2.10").andExpect(status().isNoContent());

            api.mvc().perform(get("/api/v1/me").session(here)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.username").value(me.username()));
            api.mvc().perform(get("/api/v1/me").session(elsewhere)).andExpect(status().isUnauthorized());
            assertThat(elsewhere.isInvalid()).as(role.name()).isTrue();
            api.mvc().perform(formLogin().user(me.username()).password(PASSWORD))
                    .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).endsWith("/login?error"));
            signIn(me.username(), NEW_PASSWORD);
        }
        // API keys belong to no person and go on working.
        api.as(Role.MARKETER, get("/api/v1/contacts")).andExpect(status().isOk());
    }

    @Test
    void aPasswordChangeIsAuditedWithoutThePassword() throws Exception {
        User me = user(Role.SALES);
        changePassword(signIn(me.username(), PASSWORD), PASSWORD, NEW_PASSWORD, "192.0.2.11")
                .andExpect(status().isNoContent());

        AuditLog.Entry entry = audit.list("user", String.valueOf(me.id()), null, null, 1).items().getFirst();
        assertThat(entry.action()).isEqualTo("PASSWORD_CHANGED");
        assertThat(entry.actor()).isEqualTo(me.username());
        assertThat(String.valueOf(entry.details())).doesNotContain(NEW_PASSWORD).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongCurrentPasswordOrAWeakNewOneChangesNothingAndSaysWhichField() throws Exception {
        User me = user(Role.MARKETER);
        MockHttpSession session = signIn(me.username(), PASSWORD);

        changePassword(session, "not-my-password", NEW_PASSWORD, "192.0.2.12").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("current"))
                .andExpect(jsonPath("$.errors[0].message").value("is not your current password"));
        changePassword(session, PASSWORD, "short", "192.0.2.12").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("new"))
                .andExpect(jsonPath("$.errors[0].message").value("must have at least 12 characters"));
        changePassword(session, PASSWORD, PASSWORD, "192.0.2.12").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("new"));

        api.mvc().perform(get("/api/v1/me").session(session)).andExpect(status().isOk());
        signIn(me.username(), PASSWORD);
    }

    @Test
    void aCommonPasswordOrOneRepeatedCharacterOrTheUsersOwnNameIsRefusedSayingWhatToChoose() throws Exception {
        User me = user(Role.MARKETER);
        MockHttpSession session = signIn(me.username(), PASSWORD);

        for (String weak : java.util.List.of("password1234", "aaaaaaaaaaaa", "123456789012", me.username() + "1")) {
            changePassword(session, PASSWORD, weak, "192.0.2.14").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("new"))
                    .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.allOf(
                            org.hamcrest.Matchers.startsWith("is too easy to guess"),
                            org.hamcrest.Matchers.containsString("three or four unrelated words"))));
        }
        for (String weak : java.util.List.of("aaaaaaaaaaaa", "password1234")) {
            api.post("/api/v1/users", """
                    {"username": "weak-%s", "displayName": "Weak", "role": "SALES", "password": "%s"}"""
                    .formatted(UUID.randomUUID().toString().substring(0, 8), weak))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("password"));
        }
        api.patch("/api/v1/users/" + me.id(), "{\"password\": \"qwertyuiop12\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("password"));

        signIn(me.username(), PASSWORD);
    }

    @Test
    void fiveWrongCurrentPasswordsStopTheChangeAndTheSignInFromThatAddress() throws Exception {
        User me = user(Role.SALES);
        MockHttpSession session = signIn(me.username(), PASSWORD);
        for (int i = 0; i < 5; i++) {
            changePassword(session, "guess-number-" + i, NEW_PASSWORD, "192.0.2.13").andExpect(status().isBadRequest());
        }

        changePassword(session, PASSWORD, NEW_PASSWORD, "192.0.2.13").andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "900"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Too many wrong passwords")));
        var refused = api.mvc().perform(from("192.0.2.13", post("/login").param("username", me.username())
                .param("password", PASSWORD).with(csrf()))).andReturn();
        assertThat(refused.getResponse().getRedirectedUrl()).endsWith("/login?throttled");
        // The password did not change, and from elsewhere the person still signs in with it.
        changePassword(session, PASSWORD, NEW_PASSWORD, "198.51.100.13").andExpect(status().isNoContent());
    }

    @Test
    void meSaysWhoIsSignedInAndARepMarksThemselfAwayAndBackButNothingElse() throws Exception {
        User rep = user(Role.SALES);
        MockHttpSession session = signIn(rep.username(), PASSWORD);
        api.mvc().perform(get("/api/v1/me").session(session)).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(rep.id())).andExpect(jsonPath("$.role").value("SALES"))
                .andExpect(jsonPath("$.email").value(rep.email())).andExpect(jsonPath("$.away").value(false))
                .andExpect(jsonPath("$.weight").value(1)).andExpect(jsonPath("$.password").doesNotExist());

        api.mvc().perform(patchMe(session, "{\"away\": true}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.away").value(true));
        assertThat(users.find(rep.id()).orElseThrow().away()).isTrue();
        assertThat(audit.list("user", String.valueOf(rep.id()), rep.username(), null, 1).items().getFirst().details())
                .contains("\"away\":true");

        api.mvc().perform(patchMe(session, "{\"weight\": 50}")).andExpect(status().isBadRequest());
        api.mvc().perform(patchMe(session, "{\"away\": false, \"role\": \"ADMIN\"}")).andExpect(status().isBadRequest());
        User after = users.find(rep.id()).orElseThrow();
        assertThat(after.role()).isEqualTo(Role.SALES);
        assertThat(after.weight()).isEqualTo(1);
        assertThat(after.away()).isTrue();

        api.mvc().perform(patchMe(session, "{\"away\": false}")).andExpect(status().isOk());
        assertThat(users.find(rep.id()).orElseThrow().away()).isFalse();
    }

    @Test
    void onlyARepCanBeAway() throws Exception {
        User marketer = user(Role.MARKETER);
        api.mvc().perform(patchMe(signIn(marketer.username(), PASSWORD), "{\"away\": true}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("away"));
        assertThat(users.find(marketer.id()).orElseThrow().away()).isFalse();
    }

    @Test
    void aMarketerSetsTheirJobTitleAndPhoneAndAMarketerAskingToBeAwayChangesNeitherWithIt() throws Exception {
        User marketer = user(Role.MARKETER);
        MockHttpSession session = signIn(marketer.username(), PASSWORD);

        api.mvc().perform(patchMe(session, "{\"jobTitle\": \"Content lead\", \"phone\": \"+1 (555) 010-0199\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.jobTitle").value("Content lead"))
                .andExpect(jsonPath("$.phone").value("+1 (555) 010-0199"));
        api.mvc().perform(patchMe(session, "{\"phone\": \"\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.phone").doesNotExist()).andExpect(jsonPath("$.jobTitle").value("Content lead"));
        // All or nothing: the away a marketer may not have refuses the title sent with it.
        api.mvc().perform(patchMe(session, "{\"away\": true, \"jobTitle\": \"Head of content\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("away"));
        api.mvc().perform(patchMe(session, "{}")).andExpect(status().isBadRequest());

        assertThat(users.find(marketer.id()).orElseThrow().jobTitle()).isEqualTo("Content lead");
    }

    @Test
    void anApiKeyHasNoMeAndIsToldToSignIn() throws Exception {
        api.as(Role.SALES, get("/api/v1/me")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("An API key acts for no user")));
    }

    private static MockHttpServletRequestBuilder patchMe(MockHttpSession session, String json) {
        return patch("/api/v1/me").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json);
    }
}
