package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/**
 * A sales manager and their team, as the reviewer met them: Maria manages Mike and Rita; Sam is a rep of no team.
 * Maria reads her team's hand-offs and report; a lead leaving one of them stays on the team; whoever accepts a lead
 * owns it; a rep back from away gets back the lead nobody worked meanwhile.
 */
@KeepwarmTest
class HandoffTeamTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired HandoffJob job;

    private SalesTeam team;
    private Leads leads;
    private long maria;
    private long mike;
    private long rita;
    private long sam;

    @BeforeEach
    void mariasTeam() throws Exception {
        team = new SalesTeam(api);
        leads = new Leads(api);
        sla("{\"slaHours\": 24, \"onOverdue\": \"ESCALATE\"}");
        maria = team.rep("Maria");
        mike = team.rep("Mike");
        rita = team.rep("Rita");
        sam = team.rep("Sam");
        team.manages(maria, mike, rita);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        sla("{\"onOverdue\": \"ESCALATE\"}");
        team.restore();
    }

    @Test
    void aSalesManagerListsTheirTeamsHandoffsAndReadsTheirTeamsReportButNoOtherRepsOrTeams() throws Exception {
        team.onlyThese(maria, mike, rita, sam);
        long mikes = leads.toMql(leads.ownedBy("team-mike", mike)).get("id").asLong();
        long ritas = leads.toMql(leads.ownedBy("team-rita", rita)).get("id").asLong();
        long marias = leads.toMql(leads.ownedBy("team-maria", maria)).get("id").asLong();
        long sams = leads.toMql(leads.ownedBy("team-sam", sam)).get("id").asLong();

        assertThat(ids(team.get(maria, "/api/v1/handoffs?state=OPEN&rep=" + mike).andExpect(status().isOk())))
                .containsExactly(mikes);
        assertThat(ids(team.get(maria, "/api/v1/handoffs?state=OPEN&rep=team").andExpect(status().isOk())))
                .containsExactlyInAnyOrder(mikes, ritas, marias);
        assertThat(ids(team.get(maria, "/api/v1/handoffs?state=OPEN").andExpect(status().isOk())))
                .as("without rep=, her own, as any rep's").containsExactly(marias);
        JsonNode otherTeam = json(team.get(maria, "/api/v1/handoffs?rep=" + sam).andExpect(status().isForbidden()));
        assertThat(otherTeam.get("detail").asString()).contains("those of the reps they manage", "rep=team");
        team.get(mike, "/api/v1/handoffs?rep=" + rita).andExpect(status().isForbidden());
        assertThat(ids(team.get(mike, "/api/v1/handoffs?state=OPEN&rep=team").andExpect(status().isOk())))
                .as("a rep who manages nobody is a team of one").containsExactly(mikes);
        assertThat(json(api.get("/api/v1/handoffs?rep=team")).get("detail").asString())
                .as("an API key has no team, and is told so rather than about 'me'")
                .contains("'team' is the team of the logged-in manager");

        JsonNode report = json(team.get(maria, "/api/v1/handoffs/report").andExpect(status().isOk()));
        List<Long> reps = new ArrayList<>();
        report.get("byRep").forEach(r -> reps.add(r.get("repId").asLong()));
        assertThat(reps).containsExactlyInAnyOrder(maria, mike, rita);
        assertThat(report.get("byRep")).anySatisfy(r -> {
            assertThat(r.get("repId").asLong()).isEqualTo(mike);
            assertThat(r.get("open").asLong()).isEqualTo(1);
        });
        JsonNode refused = json(team.get(mike, "/api/v1/handoffs/report").andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).contains("you manage no rep", "/api/v1/handoffs?rep=me");
        team.get(sam, "/api/v1/handoffs/report").andExpect(status().isForbidden());
        assertThat(ids(api.get("/api/v1/handoffs?state=OPEN&rep=" + sam))).as("marketing still reads anyone's")
                .containsExactly(sams);
    }

    @Test
    void aLeadTheManagerLetLapseGoesToTheirRepNotAnotherTeamAndTheRepWhoAcceptsItOwnsTheContact() throws Exception {
        team.onlyThese(maria, mike, sam);
        sla("{\"onOverdue\": \"REASSIGN\"}");
        long contact = leads.ownedBy("lapsed", maria);
        long id = leads.toMql(contact).get("id").asLong();

        clock.advance(Duration.ofDays(7));
        assertThat(job.run().reassigned()).contains(id);

        JsonNode handoff = leads.handoff(id);
        assertThat(handoff.get("repId").asLong()).as("her own rep, not Sam of no team").isEqualTo(mike);
        assertThat(handoff.get("chosenBy").asString()).isEqualTo("TEAM");
        assertThat(leads.ownerOf(contact)).as("while the lead waits, the contact stays Maria's").isEqualTo(maria);
        team.post(mike, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
        assertThat(leads.ownerOf(contact)).as("the one who works it owns it").isEqualTo(mike);
    }

    @Test
    void anAwayRepsLeadStaysOnTheTeamAndGoesBackToThemWhenTheyReturnBeforeItWasWorked() throws Exception {
        team.onlyThese(mike, rita, sam);
        long contact = leads.ownedBy("back-soon", mike);
        long id = leads.toMql(contact).get("id").asLong();

        away(mike, true);
        assertThat(job.run().handedOver()).contains(id);
        JsonNode held = leads.handoff(id);
        assertThat(held.get("repId").asLong()).as("a teammate, never Sam of another team").isEqualTo(rita);
        assertThat(held.get("chosenBy").asString()).isEqualTo("TEAM");

        away(mike, false);
        // Contains, not exactly: leads other tests of this JVM left held for reps now back may come back in this run.
        assertThat(job.run().givenBack()).contains(id);

        JsonNode back = leads.handoff(id);
        assertThat(back.get("repId").asLong()).isEqualTo(mike);
        assertThat(back.get("chosenBy").asString()).isEqualTo("OWNER");
        assertThat(leads.ownerOf(contact)).isEqualTo(mike);
        assertThat(json(api.get("/api/v1/tasks/" + back.get("taskId").asLong())).get("assigneeId").asLong())
                .as("the HANDOFF task came back with it").isEqualTo(mike);
        assertThat(alerts(rita)).anySatisfy(body -> assertThat(body).contains("Mike is back, so back-soon Lead"));
        assertThat(job.run().givenBack()).as("once").doesNotContain(id);
    }

    @Test
    void aLeadTheStandInHasWorkedStaysWithThemWhenTheAwayRepReturns() throws Exception {
        team.onlyThese(mike, rita, sam);
        long contact = leads.ownedBy("worked", mike);
        long id = leads.toMql(contact).get("id").asLong();
        away(mike, true);
        job.run();
        long task = leads.handoff(id).get("taskId").asLong();
        team.post(rita, "/api/v1/tasks/" + task + "/complete", "{\"outcome\": \"VOICEMAIL\"}").andExpect(status().isOk());

        away(mike, false);

        assertThat(job.run().givenBack()).doesNotContain(id);
        assertThat(leads.handoff(id).get("repId").asLong()).isEqualTo(rita);
    }

    @Test
    void aLeadWhoseDeadlinePassedWhileItsOwnerWasAwayGoesBackToThemWhenTheyReturnAndTheyAreToldWhatCameBack()
            throws Exception {
        team.onlyThese(mike, rita, sam);
        long contact = leads.ownedBy("lapsed-away", mike);
        long id = leads.toMql(contact).get("id").asLong();
        away(mike, true);
        assertThat(job.run().handedOver()).contains(id);
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().escalated()).as("Rita let it lapse: Maria hears of it").contains(id);

        away(mike, false);
        assertThat(job.run().givenBack()).as("undecided and unworked: the owner's again").contains(id);

        JsonNode back = leads.handoff(id);
        assertThat(back.get("repId").asLong()).isEqualTo(mike);
        assertThat(back.get("overdue").asBoolean()).as("a fresh deadline").isFalse();
        assertThat(back.get("missedBy").asLong()).as("the lapse stays Rita's").isEqualTo(rita);
        assertThat(json(api.get("/api/v1/tasks/" + back.get("taskId").asLong())).get("assigneeId").asLong())
                .isEqualTo(mike);
        JsonNode welcome = json(team.get(mike, "/api/v1/alerts?limit=500")).get("items").valueStream()
                .filter(a -> a.get("subject").asString().startsWith("Welcome back")).findFirst().orElseThrow();
        assertThat(welcome.get("subject").asString()).isEqualTo("Welcome back: 1 lead came back to you");
        assertThat(welcome.get("body").asString()).contains("lapsed-away Lead (held by Rita; its deadline passed"
                + " while Rita held it): accept or reject by ");
        String timeline = org.jsoup.Jsoup.parse(team.get(mike, "/ui/contacts/" + contact).andReturn().getResponse()
                .getContentAsString()).getElementById("timeline").text();
        assertThat(timeline).contains("Hand-off back with Mike, who is back: Rita held it while they were away")
                .contains("its deadline passed meanwhile");
        assertThat(job.run().givenBack()).as("once").doesNotContain(id);
    }

    @Test
    void aLapsedLeadTheManagerReassignedOnPurposeStaysWhereSheGaveItWhenTheAwayRepReturns() throws Exception {
        team.onlyThese(maria, mike, rita, sam);
        long id = leads.toMql(leads.ownedBy("given-on", mike)).get("id").asLong();
        away(mike, true);
        job.run();
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().escalated()).contains(id);
        team.post(maria, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + maria + "}")
                .andExpect(status().isOk());

        away(mike, false);

        assertThat(job.run().givenBack()).doesNotContain(id);
        assertThat(leads.handoff(id).get("repId").asLong()).isEqualTo(maria);
    }

    @Test
    void aLeadTheSlaTookFromItsOwnerForLettingItLapseNeverGoesBackToThemEvenOnceItsSecondRepLetItLapseToo()
            throws Exception {
        team.onlyThese(maria, mike, rita);
        sla("{\"onOverdue\": \"REASSIGN\"}");
        long contact = leads.ownedBy("lapsed-twice", mike);
        long id = leads.toMql(contact).get("id").asLong();
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().reassigned()).as("Mike let it lapse: it goes to Rita").contains(id);
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().escalated()).as("Rita let it lapse too: Maria hears of it").contains(id);

        away(mike, true);
        job.run();
        away(mike, false);

        assertThat(job.run().givenBack()).as("taken from Mike for his lapse, not held while he was away")
                .doesNotContain(id);
        JsonNode handoff = leads.handoff(id);
        assertThat(handoff.get("repId").asLong()).isEqualTo(rita);
        assertThat(handoff.get("escalation").asString()).isEqualTo("ESCALATED");
        assertThat(leads.ownerOf(contact)).as("the contact stays Mike's until Rita accepts").isEqualTo(mike);
        assertThat(json(team.get(mike, "/api/v1/alerts?limit=500")).get("items").valueStream()
                .map(a -> a.get("subject").asString())).noneMatch(subject -> subject.startsWith("Welcome back"));
    }

    /** The rep marks themselves away or back, as on their account page. */
    private void away(long rep, boolean away) throws Exception {
        team.as(rep, MockMvcRequestBuilders.patch("/api/v1/me").contentType(MediaType.APPLICATION_JSON)
                .content("{\"away\": " + away + "}")).andExpect(status().isOk());
    }

    private List<String> alerts(long user) throws Exception {
        List<String> bodies = new ArrayList<>();
        json(team.get(user, "/api/v1/alerts?limit=500")).get("items").forEach(a -> bodies.add(a.get("body").asString()));
        return bodies;
    }

    private static List<Long> ids(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        List<Long> ids = new ArrayList<>();
        json(result).get("items").forEach(h -> ids.add(h.get("id").asLong()));
        return ids;
    }

    private void sla(String json) throws Exception {
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/handoffs/settings").contentType("application/json")
                .content(json)).andExpect(status().isOk());
    }
}
