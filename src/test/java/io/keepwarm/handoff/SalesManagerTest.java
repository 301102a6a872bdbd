package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * Dana, a sales manager, doing her week's work through the API: her team's hand-off figures, her reps away and their
 * weights, the territories, her reps' queues and history; Sam is a rep of no team, whose work stays his.
 */
@KeepwarmTest
class SalesManagerTest {

    @Autowired Api api;
    @Autowired io.keepwarm.platform.SimulatedClock clock;

    private SalesTeam team;
    private Leads leads;
    private long dana;
    private long mike;
    private long rita;
    private long sam;

    @BeforeEach
    void danasTeam() throws Exception {
        team = new SalesTeam(api);
        leads = new Leads(api);
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
    void aManagerReadsHerTeamsAcceptRateSlaAndTimeToDecideAsTheAdminCountsThemForThoseReps() throws Exception {
        long mikes = leads.toMql(leads.ownedBy("kpi-mike", mike)).get("id").asLong();
        long ritas = leads.toMql(leads.ownedBy("kpi-rita", rita)).get("id").asLong();
        long sams = leads.toMql(leads.ownedBy("kpi-sam", sam)).get("id").asLong();
        team.post(mike, "/api/v1/handoffs/" + mikes + "/accept", "{}").andExpect(status().isOk());
        team.post(rita, "/api/v1/handoffs/" + ritas + "/reject", "{\"reason\": \"NO_BUDGET\"}").andExpect(status().isOk());
        team.post(sam, "/api/v1/handoffs/" + sams + "/accept", "{}").andExpect(status().isOk());

        JsonNode hers = json(team.get(dana, "/api/v1/analytics/handoffs").andExpect(status().isOk()));
        assertThat(hers.get("decided").asLong()).as("Mike's and Rita's, not Sam's").isEqualTo(2);
        assertThat(hers.get("acceptRate").asDouble()).isEqualTo(0.5);
        assertThat(hers.get("decidedInTime").asLong()).isEqualTo(2);
        assertThat(hers.get("medianHoursToDecision").isNull()).isFalse();
        JsonNode adminsForMike = json(api.get("/api/v1/analytics/handoffs?rep=" + mike));
        JsonNode danasForMike = json(team.get(dana, "/api/v1/analytics/handoffs?rep=" + mike).andExpect(status().isOk()));
        assertThat(danasForMike).isEqualTo(adminsForMike);
        assertThat(adminsForMike.get("decided").asLong()).isEqualTo(1);

        team.get(dana, "/api/v1/analytics/handoffs?rep=" + sam).andExpect(status().isForbidden());
        assertThat(json(team.get(sam, "/api/v1/analytics/handoffs").andExpect(status().isForbidden()))
                .get("detail").asString()).contains("you manage no rep", "?rep=me");
        assertThat(json(team.get(sam, "/api/v1/analytics/handoffs?rep=me").andExpect(status().isOk()))
                .get("decided").asLong()).isEqualTo(1);
    }

    @Test
    void aReassignedLeadCountsForTheRepWhoDecidedItAndItsMissedDeadlineForTheRepWhoMissedItInTheApiAndTheReport()
            throws Exception {
        long samsLapsed = leads.toMql(leads.ownedBy("lapsed-sam", sam)).get("id").asLong();
        long ritasLapsed = leads.toMql(leads.ownedBy("lapsed-rita", rita)).get("id").asLong();
        // Ten days on is past any SLA of working hours the shared account may have.
        clock.advance(java.time.Duration.ofDays(10));
        api.post("/api/v1/handoffs/" + samsLapsed + "/reassign", "{\"repId\": " + mike + "}").andExpect(status().isOk());
        api.post("/api/v1/handoffs/" + ritasLapsed + "/reassign", "{\"repId\": " + sam + "}").andExpect(status().isOk());
        clock.advance(java.time.Duration.ofHours(2));
        team.post(mike, "/api/v1/handoffs/" + samsLapsed + "/accept", "{}").andExpect(status().isOk());
        team.post(sam, "/api/v1/handoffs/" + ritasLapsed + "/reject", "{\"reason\": \"NO_BUDGET\"}")
                .andExpect(status().isOk());

        JsonNode hers = json(team.get(dana, "/api/v1/analytics/handoffs?rep=team").andExpect(status().isOk()));
        assertThat(hers.get("decided").asLong()).as("Mike decided Sam's lead; Sam decided Rita's").isEqualTo(1);
        assertThat(hers.get("decidedInTime").asLong()).as("Mike took it in time; the lapse was Sam's").isEqualTo(1);
        assertThat(hers.get("missedDeadline").asLong()).as("Rita's lapse is her team's, though Sam decided").isEqualTo(1);
        JsonNode sams = json(api.get("/api/v1/analytics/handoffs?rep=" + sam));
        assertThat(sams.get("decided").asLong()).isEqualTo(1);
        assertThat(sams.get("decidedInTime").asLong()).as("Sam decided Rita's lead in time").isEqualTo(1);
        assertThat(sams.get("missedDeadline").asLong()).as("his own lead, lapsed before it went to Mike").isEqualTo(1);

        JsonNode report = json(team.get(dana, "/api/v1/handoffs/report?since=" + hers.at("/period/from").asString())
                .andExpect(status().isOk()));
        assertThat(row(report, mike).get("accepted").asLong()).isEqualTo(1);
        assertThat(row(report, mike).get("missedDeadline").asLong()).isZero();
        assertThat(row(report, rita).get("missedDeadline").asLong()).isEqualTo(1);
        JsonNode decisions = report.get("decisions");
        assertThat(decisions.get("decided").asLong()).as("the report counts as the figures do").isEqualTo(1);
        assertThat(decisions.get("decidedInTime").asLong()).isEqualTo(1);
        assertThat(decisions.get("missedDeadline").asLong()).isEqualTo(1);
    }

    @Test
    void herTeamsReportGivesTheTimesToDecideEachRepsAndTheTeamsAsTheFiguresGiveThem() throws Exception {
        long mikes = leads.toMql(leads.ownedBy("timed-mike", mike)).get("id").asLong();
        long ritas = leads.toMql(leads.ownedBy("timed-rita", rita)).get("id").asLong();
        clock.advance(java.time.Duration.ofHours(2));
        team.post(mike, "/api/v1/handoffs/" + mikes + "/accept", "{}").andExpect(status().isOk());
        clock.advance(java.time.Duration.ofHours(4));
        team.post(rita, "/api/v1/handoffs/" + ritas + "/reject", "{\"reason\": \"NO_BUDGET\"}").andExpect(status().isOk());

        JsonNode hers = json(team.get(dana, "/api/v1/analytics/handoffs?rep=team").andExpect(status().isOk()));
        JsonNode report = json(team.get(dana, "/api/v1/handoffs/report?since=" + hers.at("/period/from").asString())
                .andExpect(status().isOk()));
        assertThat(row(report, mike).get("medianHoursToDecision").asDouble()).isEqualTo(2.0);
        assertThat(row(report, rita).get("medianHoursToDecision").asDouble()).isEqualTo(6.0);
        assertThat(row(report, rita).get("p90HoursToDecision").asDouble()).isEqualTo(6.0);
        assertThat(row(report, dana).get("medianHoursToDecision").isNull()).as("she decided none").isTrue();
        JsonNode decisions = report.get("decisions");
        assertThat(decisions.get("decided").asLong()).isEqualTo(hers.get("decided").asLong()).isEqualTo(2);
        assertThat(decisions.get("medianHoursToDecision").asDouble())
                .isEqualTo(hers.get("medianHoursToDecision").asDouble()).isEqualTo(4.0);
        assertThat(decisions.get("p90HoursToDecision").asDouble())
                .isEqualTo(hers.get("p90HoursToDecision").asDouble()).isEqualTo(5.6);
    }

    private static JsonNode row(JsonNode report, long rep) {
        return report.get("byRep").valueStream().filter(r -> r.get("repId").asLong() == rep).findFirst().orElseThrow();
    }

    @Test
    void aManagerMarksHerOwnRepsAwayAndSetsTheirWeightButNotRolesOtherTeamsOrHerOwnWeight() throws Exception {
        JsonNode changed = json(change(dana, mike, "{\"away\": true, \"weight\": 3}").andExpect(status().isOk()));
        assertThat(changed.get("away").asBoolean()).isTrue();
        assertThat(changed.get("weight").asInt()).isEqualTo(3);
        change(dana, mike, "{\"away\": false}").andExpect(status().isOk());

        assertThat(json(change(dana, sam, "{\"away\": true}").andExpect(status().isForbidden())).get("detail")
                .asString()).contains("not one of your reps");
        assertThat(json(change(dana, mike, "{\"role\": \"ADMIN\"}").andExpect(status().isForbidden())).get("detail")
                .asString()).contains("admin's to change");
        change(dana, mike, "{\"managerId\": " + sam + "}").andExpect(status().isForbidden());
        change(dana, dana, "{\"weight\": 5}").andExpect(status().isForbidden());
        change(mike, rita, "{\"away\": true}").andExpect(status().isForbidden());
        change(mike, mike, "{\"away\": true}").andExpect(status().isOk());
        change(mike, mike, "{\"away\": false}").andExpect(status().isOk());
        assertThat(json(api.get("/api/v1/users/" + sam)).get("away").asBoolean()).isFalse();

        assertThat(json(team.get(dana, "/api/v1/territories").andExpect(status().isOk())).has("items")).isTrue();
        team.post(dana, "/api/v1/territories", "{\"name\": \"Dana's\", \"repId\": " + mike + "}")
                .andExpect(status().isForbidden());
    }

    @Test
    void aManagerReadsHerRepsQueueAndHistoryButNoOtherRepsAndARepOnlyTheirOwn() throws Exception {
        leads.toMql(leads.ownedBy("queue-mike", mike));

        JsonNode queue = json(team.get(dana, "/api/v1/tasks?all=true&assignee=" + mike).andExpect(status().isOk()));
        assertThat(queue.get("items")).isNotEmpty();
        JsonNode history = json(team.get(dana, "/api/v1/tasks/history?assignee=" + mike).andExpect(status().isOk()));
        long task = history.get("items").get(0).get("id").asLong();
        team.get(dana, "/api/v1/tasks/" + task).andExpect(status().isOk());
        team.post(dana, "/api/v1/tasks/" + task + "/complete", "{\"outcome\": \"NO_ANSWER\"}")
                .andExpect(status().isForbidden());

        team.get(dana, "/api/v1/tasks?assignee=" + sam).andExpect(status().isForbidden());
        team.get(dana, "/api/v1/tasks/history?assignee=" + sam).andExpect(status().isForbidden());
        team.get(rita, "/api/v1/tasks?assignee=" + mike).andExpect(status().isForbidden());
        team.get(rita, "/api/v1/tasks/" + task).andExpect(status().isForbidden());
    }

    @Test
    void aRepWhoTakesOnTheirFirstReportLeavesTheRoundRobinUnlessAnAdminGivesThemAWeight() throws Exception {
        assertThat(json(api.get("/api/v1/users/" + dana)).get("weight").asInt()).as("a manager since her first rep")
                .isZero();
        assertThat(json(api.get("/api/v1/users/" + mike)).get("weight").asInt()).isEqualTo(1);
        long ann = team.rep("Ann");
        team.change(ann, "{\"weight\": 2}");
        team.manages(ann, sam);
        assertThat(json(api.get("/api/v1/users/" + ann)).get("weight").asInt()).as("an admin's weight stays").isEqualTo(2);
        team.change(dana, "{\"weight\": 1}");
        long tom = team.rep("Tom");
        team.manages(dana, tom);
        assertThat(json(api.get("/api/v1/users/" + dana)).get("weight").asInt()).as("given back by an admin")
                .isEqualTo(1);
    }

    private ResultActions change(long by, long user, String body) throws Exception {
        return team.as(by, patch("/api/v1/users/" + user).contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
