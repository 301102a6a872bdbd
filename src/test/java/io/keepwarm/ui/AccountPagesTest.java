package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The account page as a browser sends it: everyone's own password, and a rep's "I'm away". */
@KeepwarmTest
class AccountPagesTest {

    private static final String PASSWORD = "a-long-enough-password";

    @Autowired Api api;
    @Autowired Users users;
    @Autowired JdbcClient jdbc;
    @Autowired io.keepwarm.support.TestClock clock;
    @Autowired io.keepwarm.handoff.HandoffSettings account;

    private User person(Role role) {
        String name = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        return users.create(new Users.NewUser(name, "Acct " + role, null, role, PASSWORD));
    }

    private String page(User who, MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(as(who, request)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private static MockHttpServletRequestBuilder as(User who, MockHttpServletRequestBuilder request) {
        return request.with(user(who.username()).roles(who.role().name())).with(csrf());
    }

    @Test
    void everyRoleReachesTheirAccountFromTheirNameInTheNavigationAndOnlyARepHasTheAwaySwitch() throws Exception {
        for (Role role : Role.values()) {
            User who = person(role);
            Document home = Jsoup.parse(page(who, get("/")));
            assertThat(home.getElementById("account-link")).as(role.name()).isNotNull();
            assertThat(home.getElementById("account-link").attr("href")).isEqualTo("/ui/account");
            assertThat(home.getElementById("account-link").text()).isEqualTo(who.displayName());

            Document account = Jsoup.parse(page(who, get("/ui/account")));
            assertThat(account.getElementById("who").text()).contains(who.displayName()).contains(role.name());
            assertThat(account.getElementById("password-form")).isNotNull();
            assertThat(account.select("#password-form input[name=_csrf]")).hasSize(1);
            assertThat(account.getElementById("away-switch") != null).as(role.name()).isEqualTo(role == Role.SALES);
        }
    }

    @Test
    void everyPageSaysTheClockIsSimulatedAndWhatTimeItShows() throws Exception {
        clock.advance(java.time.Duration.ofDays(40));
        Document home = Jsoup.parse(page(person(Role.MARKETER), get("/")));
        assertThat(home.getElementById("simulated-clock").text()).as("on the viewer's clock, the account's")
                .isEqualTo("Simulated clock: " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                        .withZone(account.zone()).format(clock.instant()) + " " + account.zone().getId());
    }

    @Test
    void theNavigationNamesSomeoneWithoutADisplayNameByTheirUsername() throws Exception {
        User who = person(Role.MARKETER);
        // The forms refuse a blank display name; one stored past them must still leave the header naming someone.
        jdbc.sql("UPDATE users SET display_name = ' ' WHERE id = ?").param(who.id()).update();
        Document home = Jsoup.parse(page(who, get("/")));
        assertThat(home.getElementById("account-link").text()).isEqualTo(who.username());
    }

    @Test
    void aPasswordFormWithMistakesComesBackWithEachMessageAtItsFieldAndNoPasswordInIt() throws Exception {
        User who = person(Role.MARKETER);
        Document page = Jsoup.parse(page(who, post("/ui/account/password").param("current", "my-wrong-guess-123")
                .param("new", "tiny").param("repeat", "tiny")));
        assertThat(page.getElementById("current-error").text()).isEqualTo("is not your current password");
        assertThat(page.getElementById("new-error").text()).isEqualTo("must have at least 12 characters");
        assertThat(page.html()).doesNotContain("my-wrong-guess-123").doesNotContain("value=\"tiny\"");

        page = Jsoup.parse(page(who, post("/ui/account/password").param("current", PASSWORD)
                .param("new", "a-brand-new-password").param("repeat", "a-brand-new-passwort")));
        assertThat(page.getElementById("repeat-error").text()).contains("not the same as the new password");
        assertThat(page.html()).doesNotContain("a-brand-new-passw").doesNotContain(PASSWORD);

        api.mvc().perform(formLogin().user(who.username()).password(PASSWORD))
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).doesNotContain("login"));
    }

    @Test
    void aChangedPasswordKeepsThisBrowserSignedInAndSignsTheOtherOneOut() throws Exception {
        User who = person(Role.SALES);
        MockHttpSession here = signIn(who);
        MockHttpSession other = signIn(who);
        api.mvc().perform(get("/ui/account").session(other)).andExpect(status().isOk());

        api.mvc().perform(post("/ui/account/password").session(here).with(csrf()).param("current", PASSWORD)
                        .param("new", "a-brand-new-password").param("repeat", "a-brand-new-password"))
                .andExpect(redirectedUrl("/ui/account"));

        String shown = api.mvc().perform(get("/ui/account").session(here))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(shown).getElementById("password-changed").text()).contains("other session");
        String reloaded = api.mvc().perform(get("/ui/account").session(here))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(reloaded).getElementById("password-changed")).as("said once: a reload does not say it again")
                .isNull();
        assertThat(api.mvc().perform(get("/ui/account").session(other)).andReturn().getResponse().getRedirectedUrl())
                .endsWith("/login");
    }

    @Test
    void aRepMarksThemselfAwayAndBackOnTheirAccountPage() throws Exception {
        User rep = person(Role.SALES);
        api.mvc().perform(as(rep, post("/ui/account/away").param("away", "true")))
                .andExpect(redirectedUrl("/ui/account")).andExpect(flash().attribute("away", true));
        assertThat(users.find(rep.id()).orElseThrow().away()).isTrue();
        Document page = Jsoup.parse(page(rep, get("/ui/account")));
        assertThat(page.getElementById("away-state").text()).startsWith("You are away");
        assertThat(page.getElementById("away-switch").text()).isEqualTo("I'm back");
        assertThat(page.select("#away-form input[name=away]").val()).isEqualTo("false");

        api.mvc().perform(as(rep, post("/ui/account/away").param("away", "false")))
                .andExpect(redirectedUrl("/ui/account")).andExpect(flash().attribute("back", true));
        assertThat(users.find(rep.id()).orElseThrow().away()).isFalse();
    }

    @Test
    void aRepGivesTheirJobTitleAndPhoneOnceAndTheirContactsEmailsSignWithThem() throws Exception {
        User rep = person(Role.SALES);
        Document refused = Jsoup.parse(page(rep, post("/ui/account/details").param("jobTitle", "Account Executive")
                .param("phone", "call me maybe")));
        assertThat(refused.getElementById("details-error")).isNotNull();
        assertThat(refused.getElementById("phone-error").text()).startsWith("is a phone number");
        assertThat(refused.getElementById("phone").attr("aria-invalid")).isEqualTo("true");
        assertThat(refused.getElementById("job-title").val()).as("what was typed stays").isEqualTo("Account Executive");
        assertThat(users.find(rep.id()).orElseThrow().jobTitle()).as("nothing half-saved").isNull();

        api.mvc().perform(as(rep, post("/ui/account/details").param("jobTitle", " Account Executive ")
                .param("phone", "+44 20 7946 0000"))).andExpect(redirectedUrl("/ui/account"))
                .andExpect(flash().attribute("detailsSaved", true));
        Document saved = Jsoup.parse(page(rep, get("/ui/account")));
        assertThat(saved.getElementById("job-title").val()).isEqualTo("Account Executive");
        assertThat(saved.getElementById("phone").val()).isEqualTo("+44 20 7946 0000");

        long contact = api.createContact("{\"email\": \"" + Api.uniqueEmail("signed") + "\", \"ownerId\": " + rep.id()
                + "}");
        long piece = Api.json(api.post("/api/v1/content", """
                {"name": "Signed %s", "type": "ARTICLE", "fallbacks": {"owner.name": "The team", "owner.title": "Sales",
                 "owner.phone": "our switchboard"},
                 "variants": {"email": {"subject": "Hello", "html": "<p>{{ owner.name }}, {{ owner.title }}, {{ owner.phone }}</p>",
                 "text": "{{ owner.name }}, {{ owner.title }}, {{ owner.phone }}"}}}""".formatted(rep.username()))
                .andExpect(status().isCreated())).get("id").asLong();
        String text = Api.json(api.post("/api/v1/content/" + piece + "/preview?contact=" + contact, ""))
                .get("text").asString();

        assertThat(text).isEqualTo("Acct SALES, Account Executive, +44 20 7946 0000");
    }

    private MockHttpSession signIn(User who) throws Exception {
        return (MockHttpSession) api.mvc().perform(formLogin().user(who.username()).password(PASSWORD))
                .andReturn().getRequest().getSession(false);
    }
}
