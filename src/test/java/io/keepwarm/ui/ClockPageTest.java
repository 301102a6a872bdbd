package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** An admin previewing nurturing moves the simulated clock from the page; no one else sees the control. */
@KeepwarmTest
class ClockPageTest {

    @Autowired Api api;
    @Autowired TestClock clock;

    @Test
    void anAdminMovesTheClockADayFromThePageAndSeesTheNewTimeAndWhatTheWalkDid() throws Exception {
        Instant before = clock.instant();
        Document home = page(Role.ADMIN, get("/ui/settings/clock"));
        assertThat(home.select("#move-clock").attr("href")).isEqualTo("/ui/settings/clock");
        assertThat(home.select("#clock-moves button").eachText())
                .containsExactly("1 hour later", "1 day later", "1 week later", "30 days later");

        var moved = api.mvc().perform(as(Role.ADMIN, post("/ui/settings/clock").param("move", "1 day")))
                .andExpect(redirectedUrl("/ui/settings/clock")).andReturn();
        assertThat(clock.instant()).isEqualTo(before.plus(Duration.ofDays(1)));
        Document after = Jsoup.parse(api.mvc().perform(as(Role.ADMIN, get("/ui/settings/clock")
                .flashAttrs(moved.getFlashMap()))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(after.select("#clock-moved").text()).contains("in 24 steps of up to an hour");
    }

    @Test
    void aFreeMoveTakesHoursOrDaysAndARefusedOneSaysWhatToType() throws Exception {
        Instant before = clock.instant();
        api.mvc().perform(as(Role.ADMIN, post("/ui/settings/clock").param("amount", "3").param("unit", "hours")))
                .andExpect(redirectedUrl("/ui/settings/clock"));
        assertThat(clock.instant()).isEqualTo(before.plus(Duration.ofHours(3)));

        Document refused = page(Role.ADMIN, post("/ui/settings/clock").param("amount", "soon").param("unit", "days"));
        assertThat(refused.select("#clock-error").text()).contains("whole number of hours or days");
        assertThat(clock.instant()).isEqualTo(before.plus(Duration.ofHours(3)));
    }

    @Test
    void otherRolesSeeTheTimeButNoControlToMoveIt() throws Exception {
        for (Role role : new Role[] {Role.MARKETER, Role.SALES}) {
            Document home = page(role, get("/ui/settings/attributes"));
            assertThat(home.select("#simulated-clock").text()).as("%s", role).contains("Simulated clock");
            assertThat(home.select("#move-clock")).as("%s", role).isEmpty();
            api.mvc().perform(as(role, post("/ui/settings/clock").param("move", "1 day"))).andExpect(status().isForbidden());
        }
    }

    private Document page(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(api.mvc().perform(as(role, request)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private MockHttpServletRequestBuilder as(Role role, MockHttpServletRequestBuilder request) {
        return request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf());
    }
}
