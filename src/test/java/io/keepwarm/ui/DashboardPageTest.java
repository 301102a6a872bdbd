package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
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
    @Autowired TestClock clock;
    @Autowired io.keepwarm.identity.Users users;

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
    void theTouchesChartSaysItCountsMessagesAndCallsAndLeavesAProgramsTasksForTheOwnerToItsPage() throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(api.mvc().perform(get("/")
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());

        assertThat(page.getElementById("touches-title").text()).isEqualTo("Messages and calls sent and suppressed");
        assertThat(page.getElementById("touches-help").text()).isEqualTo("Every touch of a contact: emails, calls and"
                + " readiness checks. A program's tasks for the owner are a rep's to-dos, not counted here; a program's"
                + " page counts them on their step.");
        assertThat(page.getElementById("touches-when").text()).as("the zone the weeks are counted in, and when a touch counts")
                .startsWith("Weeks start on Monday at midnight, UTC time (the account's zone).")
                .contains("in the week the mail server accepted it", "in the week it was suppressed");
        assertThat(page.selectFirst("#conversions caption").text()).as("a cohort figure says it is one")
                .contains("of the contacts that entered a stage this month, how many have moved on along the path so far");
    }

    @Test
    void anAdminWithoutAnEmailAddressIsToldOnTheDashboardThatAlertsCannotReachThemAndWhereToAddIt() throws Exception {
        String withEmail = "admin-mail-" + run;
        users.create(new io.keepwarm.identity.Users.NewUser(withEmail, "Has Mail", uniqueEmail("admin"), Role.ADMIN,
                "a-long-enough-password"));
        String noEmail = "You have no email address: alerts and escalations for you cannot reach you by email.";

        org.jsoup.nodes.Document admin = dashboard(api.sessionUser(Role.ADMIN), "ADMIN");
        assertThat(admin.select("#gaps li").eachText()).contains(noEmail + " Add your email");
        assertThat(admin.select("#gaps li a").eachAttr("href")).contains("/ui/settings/users");
        assertThat(dashboard(api.sessionUser(Role.MARKETER), "MARKETER").select("#gaps li").eachText())
                .as("a marketer cannot open the settings").contains(noEmail + " (an admin sets this)");
        org.jsoup.nodes.Document mailed = dashboard(withEmail, "ADMIN");
        assertThat(mailed.select("#gaps li").eachText()).noneMatch(line -> line.startsWith("You have no email"));
    }

    @Test
    void theDashboardIsNamedInItsTitleAndTheAccountLinksNameStartsWithTheNameItShows() throws Exception {
        org.jsoup.nodes.Document page = dashboard(api.sessionUser(Role.MARKETER), "MARKETER");

        assertThat(page.title()).isEqualTo("Dashboard · Keepwarm");
        org.jsoup.nodes.Element account = page.getElementById("account-link");
        assertThat(account.attr("aria-label")).as("spoken as shown, so voice control finds it by what it shows")
                .startsWith(account.text()).contains("your account");
        assertThat(page.getElementById("announcer").attr("aria-live")).isEqualTo("polite");
    }

    @Test
    void eachProgramAtAGlanceOnTheDashboardOpensItsPage() throws Exception {
        long program = api.activeProgram("""
                {"name": "Glanced %s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P7D"}]}"""
                .formatted(run));

        org.jsoup.nodes.Document page = dashboard(api.sessionUser(Role.MARKETER), "MARKETER");

        org.jsoup.select.Elements rows = page.select("#programs tbody tr");
        assertThat(rows).isNotEmpty();
        for (org.jsoup.nodes.Element row : rows) {
            org.jsoup.nodes.Element link = row.selectFirst("td a");
            assertThat(link).as(row.text()).isNotNull();
            assertThat(link.attr("href")).matches("/ui/programs/\\d+");
        }
        assertThat(page.select("#programs a[href=/ui/programs/" + program + "]").eachText())
                .as("the dashboard lists the first programs; this one, if among them, by its name")
                .allMatch(name -> name.equals("Glanced " + run));
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    private org.jsoup.nodes.Document dashboard(String username, String role) throws Exception {
        return org.jsoup.Jsoup.parse(api.mvc().perform(get("/").with(user(username).roles(role)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
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

        assertThat(page).as("open 1, overdue 1").containsPattern("<td>" + name + "</td><td[^>]*>1</td><td[^>]*>1</td>");
    }

    @Test
    void aSalesManagerSeesTheirTeamsOpenLeadsAndRepsOnTheDashboardAndNobodyElsesWhileARepSeesNone() throws Exception {
        long maria = team.rep("Maria" + run);
        long mike = team.rep("Mike" + run);
        long sam = team.rep("Sam" + run);
        team.manages(maria, mike);
        team.onlyThese(maria, mike, sam);
        long mikes = api.createContact("""
                {"email": "%s", "firstName": "Ontario%s", "timeZone": "UTC", "owner": "%d"}""".formatted(
                uniqueEmail("mikes"), run, mike));
        long sams = api.createContact("""
                {"email": "%s", "firstName": "Other%s", "timeZone": "UTC", "owner": "%d"}""".formatted(
                uniqueEmail("sams"), run, sam));
        api.post("/api/v1/contacts/" + mikes + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        api.post("/api/v1/contacts/" + sams + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        clock.advance(Duration.ofDays(7));

        String managers = team.get(maria, "/").andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String reps = team.get(mike, "/").andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(managers).contains("Your team's hand-offs", "Ontario" + run)
                .containsPattern("<td[^>]*>Mike" + run + "</td>\\s*<td[^>]*>[^<]*</td>\\s*<td[^>]*>overdue</td>")
                .as("the reps table: Mike open 1, overdue 1").containsPattern("<td>Mike" + run + "</td><td[^>]*>1</td><td[^>]*>1</td>")
                .doesNotContain("Other" + run, "Sam" + run);
        assertThat(reps).doesNotContain("Your team's hand-offs", "reps-table");
        assertThat(org.jsoup.Jsoup.parse(managers).select("#team-leads tbody td:eq(2)").eachText())
                .as("the deadline in words, as My day and the lead's page say it").singleElement().asString()
                .matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2} \\(.+\\)");
    }

    @Test
    void aManagersLeadListAndTeamTableAgreeShowEveryRepAndCountALapseAgainstTheRepWhoLetItLapse() throws Exception {
        long dana = team.rep("Dana" + run);
        long erik = team.rep("Erik" + run);
        long nate = team.rep("Nate" + run);
        long ola = team.rep("Ola" + run);
        team.manages(dana, erik, nate, ola);
        team.onlyThese(dana, erik, nate);
        team.away(ola, true);
        long danas = api.createContact("""
                {"email": "%s", "firstName": "Own%s", "timeZone": "UTC", "owner": "%d"}""".formatted(
                uniqueEmail("danas"), run, dana));
        long eriks = api.createContact("""
                {"email": "%s", "firstName": "Lapsed%s", "timeZone": "UTC", "owner": "%d"}""".formatted(
                uniqueEmail("eriks"), run, erik));
        api.post("/api/v1/contacts/" + danas + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        api.post("/api/v1/contacts/" + eriks + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        clock.advance(Duration.ofDays(7));
        long lapsed = json(api.get("/api/v1/handoffs?contact=" + eriks)).get("items").get(0).get("id").asLong();
        team.post(dana, "/api/v1/handoffs/" + lapsed + "/reassign", "{\"repId\": " + nate + "}")
                .andExpect(status().isOk());
        team.post(nate, "/api/v1/handoffs/" + lapsed + "/accept", "").andExpect(status().isOk());

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(team.get(dana, "/").andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());

        assertThat(page.select("#team-leads tbody td:eq(0)").eachText()).as("her own lead, which the table counts")
                .singleElement().asString().contains("Own" + run);
        java.util.Map<String, java.util.List<String>> rows = new java.util.HashMap<>();
        page.select("#team #reps-table tbody tr").forEach(tr -> rows.put(tr.child(0).text(),
                tr.children().stream().skip(1).map(org.jsoup.nodes.Element::text).toList()));
        // Open, overdue, missed deadlines, accepted, rejected, median time to decide.
        assertThat(rows.get("Dana" + run)).containsExactly("1", "1", "1", "0", "0", "–");
        assertThat(rows.get("Erik" + run)).as("the lapse is Erik's, who let it pass")
                .containsExactly("0", "0", "1", "0", "0", "–");
        assertThat(rows.get("Nate" + run)).as("Nate decided it, not late himself; a week after it was handed off")
                .containsExactly("0", "0", "0", "1", "0", "168.0 h");
        assertThat(rows.get("Ola" + run)).as("away all period, still on the team")
                .containsExactly("0", "0", "0", "0", "0", "–");
        assertThat(page.selectFirst("#team #reps-table caption").text())
                .contains("against the rep who held the lead when its deadline passed");
    }
}
