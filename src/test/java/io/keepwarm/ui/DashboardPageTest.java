package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The dashboard's figures as a marketer reads them. */
@KeepwarmTest
class DashboardPageTest {

    @Autowired Api api;
    @Autowired SimulatedClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private SalesTeam team;

    @BeforeEach
    void salesTeam() {
        team = new SalesTeam(api);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void aLeadLeftOpenForAQuarterStillShowsAsOverdueInTheRepsTable() throws Exception {
        String name = "Forgetful" + run;
        long rep = team.rep(name);
        team.onlyThese(rep);
        long contact = api.createContact("""
                {"email": "%s", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("forgotten"), rep));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());

        clock.advance(Duration.ofDays(13 * 7));
        String page = api.mvc().perform(get("/").with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).as("open 1, overdue 1").containsPattern("<td>" + name + "</td><td>1</td><td>1</td>");
    }
}
