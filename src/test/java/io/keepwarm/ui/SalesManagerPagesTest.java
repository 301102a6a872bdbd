package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Dana, a sales manager with reps Mike and Rita, doing her week's work in the browser: her team's hand-off figures on
 * her dashboard, a rep's day read on My day, her reps' away and weight and the territories on the Team page, the
 * decided hand-offs with their reasons and notes, and the contacts the dashboard counts as recycled back. Sam is a
 * rep of no team.
 */
@KeepwarmTest
class SalesManagerPagesTest {

    @Autowired Api api;
    @Autowired io.keepwarm.platform.SimulatedClock clock;

    private SalesTeam team;
    private long dana;
    private long mike;
    private long rita;
    private long sam;

    @BeforeEach
    void danasTeam() throws Exception {
        team = new SalesTeam(api);
        SalesTeam.DanasTeam danas = team.danasTeam();
        dana = danas.dana();
        mike = danas.mike();
        rita = danas.rita();
        sam = danas.sam();
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void aManagerSeesHerTeamsAcceptRateSlaAndTimeToDecideOnHerDashboardWhereARepOfNoTeamSeesNone() throws Exception {
        long mikes = handoff(lead("Kpi", mike));
        long ritas = handoff(lead("Kpi", rita));
        team.post(mike, "/api/v1/handoffs/" + mikes + "/accept", "{}").andExpect(status().isOk());
        team.post(rita, "/api/v1/handoffs/" + ritas + "/reject", "{\"reason\": \"NO_BUDGET\"}").andExpect(status().isOk());

        Document home = page(dana, "/");
        assertThat(home.getElementById("team-accept-rate").text()).isEqualTo("50%");
        assertThat(home.getElementById("team-in-time").text()).isEqualTo("2 of 2");
        assertThat(home.getElementById("team-median-decision").text()).endsWith(" h");
        assertThat(page(sam, "/").getElementById("team-accept-rate")).isNull();
    }

    @Test
    void herDashboardCountsALeadSheGotFromAnotherTeamUnderTheRepWhoDecidedItAndHerRepsLapseAgainstHerTeamAsTheApiDoes()
            throws Exception {
        long samsLapsed = handoff(lead("Lapsed", sam));
        long ritasLapsed = handoff(lead("Lapsed", rita));
        // Ten days on is past any SLA of working hours the shared account may have.
        clock.advance(java.time.Duration.ofDays(10));
        api.post("/api/v1/handoffs/" + samsLapsed + "/reassign", "{\"repId\": " + mike + "}").andExpect(status().isOk());
        api.post("/api/v1/handoffs/" + ritasLapsed + "/reassign", "{\"repId\": " + sam + "}").andExpect(status().isOk());
        team.post(mike, "/api/v1/handoffs/" + samsLapsed + "/accept", "{}").andExpect(status().isOk());
        team.post(sam, "/api/v1/handoffs/" + ritasLapsed + "/reject", "{\"reason\": \"NO_BUDGET\"}")
                .andExpect(status().isOk());

        Document home = page(dana, "/");
        var figures = json(team.get(dana, "/api/v1/analytics/handoffs?rep=team"));
        assertThat(home.getElementById("team-in-time").text()).as("Mike's, in time: Sam let it lapse")
                .isEqualTo(figures.get("decidedInTime").asLong() + " of " + figures.get("decided").asLong())
                .isEqualTo("1 of 1");
        assertThat(home.getElementById("team-missed").text()).as("Rita's lapse, though Sam decided it")
                .isEqualTo(figures.get("missedDeadline").asString()).isEqualTo("1");
        assertThat(home.getElementById("team-p90-decision").text()).startsWith("9 in 10 within ");
        assertThat(home.getElementById("team-counted").text())
                .contains("a decision under the rep who accepted or rejected the lead")
                .contains("a missed deadline under the rep who held the lead when it passed");
    }

    @Test
    void aManagerPicksARepOnMyDayAndReadsTheirLeadsWithoutTheButtonsThatAreTheirs() throws Exception {
        long ron = lead("Ron", mike);

        Document own = page(dana, "/ui/my-day");
        assertThat(own.select("#rep option").eachAttr("value")).contains(String.valueOf(mike), String.valueOf(rita));
        Document mikes = page(dana, "/ui/my-day?rep=" + mike);
        assertThat(mikes.getElementById("viewing").text()).contains("Mike").contains("read only");
        assertThat(mikes.getElementById("handoffs-title").text()).startsWith("Hand-offs waiting for Mike");
        assertThat(mikes.select("#main").text()).contains("Ron");
        assertThat(mikes.select("form[action$=/accept]")).isEmpty();
        assertThat(mikes.select("form[action*=/outcome]")).isEmpty();
        assertThat(mikes.select("a[href=/ui/contacts/" + ron + "]")).isNotEmpty();

        team.get(dana, "/ui/my-day?rep=" + sam).andExpect(status().isForbidden());
        team.get(rita, "/ui/my-day?rep=" + mike).andExpect(status().isForbidden());
        assertThat(page(sam, "/ui/my-day").getElementById("rep-picker")).isNull();
    }

    @Test
    void aManagerMarksHerRepAwayAndSetsTheirWeightOnTheTeamPageAndReadsWhoCoversWhichTerritory() throws Exception {
        api.post("/api/v1/territories", "{\"region\": \"Saarland-" + mike + "\", \"repId\": " + mike + "}");
        Document page = page(dana, "/ui/team");
        assertThat(page.select("#reps tr[data-rep]").eachAttr("data-rep"))
                .containsExactly(String.valueOf(mike), String.valueOf(rita));
        assertThat(page.select("#territories").text()).containsIgnoringCase("Saarland-" + mike).contains("Mike");
        assertThat(page.select("nav a[href=/ui/team]")).isNotEmpty();

        team.as(dana, post("/ui/team/" + mike).param("away", "true").param("weight", "3"))
                .andExpect(redirectedUrl("/ui/team")).andExpect(flash().attribute("saved", true));
        assertThat(json(api.get("/api/v1/users/" + mike)).get("away").asBoolean()).isTrue();
        assertThat(json(api.get("/api/v1/users/" + mike)).get("weight").asInt()).isEqualTo(3);
        team.as(dana, post("/ui/team/" + mike).param("weight", "1")).andExpect(status().is3xxRedirection());
        assertThat(json(api.get("/api/v1/users/" + mike)).get("away").asBoolean()).isFalse();

        Document refused = Jsoup.parse(team.as(dana, post("/ui/team/" + sam).param("away", "true").param("weight", "1"))
                .andReturn().getResponse().getContentAsString());
        assertThat(refused.getElementById("team-error").text()).contains("not one of your reps");
        assertThat(json(api.get("/api/v1/users/" + sam)).get("away").asBoolean()).isFalse();
        assertThat(page(sam, "/ui/team").getElementById("no-reps")).isNotNull();
    }

    @Test
    void theDecidedHandOffsListTheirRepReasonNoteAndTimesFilteredByReasonEachReadingWhoseTheyMay() throws Exception {
        long ron = lead("Ron", mike);
        long tom = lead("Tom", rita);
        long sid = lead("Sid", sam);
        team.post(mike, "/api/v1/handoffs/" + handoff(ron) + "/reject",
                "{\"reason\": \"NOT_READY\", \"note\": \"Budget only in Q3\"}").andExpect(status().isOk());
        team.post(rita, "/api/v1/handoffs/" + handoff(tom) + "/accept", "{}").andExpect(status().isOk());
        team.post(sam, "/api/v1/handoffs/" + handoff(sid) + "/reject",
                "{\"reason\": \"NOT_READY\", \"note\": \"Sam's secret\"}").andExpect(status().isOk());

        String danas = page(dana, "/ui/handoffs").select("#decisions").text();
        assertThat(danas).contains("Ron", "Mike", "rejected: not ready yet", "Budget only in Q3", "Tom", "Rita",
                "accepted").doesNotContain("Sid", "Sam's secret");
        String notReady = page(dana, "/ui/handoffs?decision=NOT_READY").select("#decisions").text();
        assertThat(notReady).contains("Ron").doesNotContain("Tom");
        assertThat(page(dana, "/ui/handoffs").select("#by-reason a[data-reason=NOT_READY]").attr("href"))
                .isEqualTo("/ui/handoffs?decision=NOT_READY");
        assertThat(page(sam, "/ui/handoffs").select("#decisions").text()).contains("Sid").doesNotContain("Ron");
        assertThat(Jsoup.parse(api.as(Role.MARKETER, get("/ui/handoffs?decision=NOT_READY")
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                .getContentAsString()).select("#decisions").text()).contains("Ron", "Sid");

        Document home = page(dana, "/");
        assertThat(home.getElementById("recycled-back").attr("href")).isEqualTo("/ui/handoffs/recycled");
        assertThat(page(dana, "/ui/handoffs/recycled").select("#recycled tr[data-contact=" + ron + "]").text())
                .contains("Ron", "Marketing-qualified", "Nurture");
    }

    private long lead(String firstName, long owner) throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"%s\", \"owner\": \"%d\"}"
                .formatted(uniqueEmail(firstName.toLowerCase()), firstName, owner));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        return contact;
    }

    private long handoff(long contact) throws Exception {
        return json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0).get("id").asLong();
    }

    private Document page(long user, String path) throws Exception {
        return Jsoup.parse(team.get(user, path).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }
}
