package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/**
 * A sales manager moving a lead by hand, as Dana did: she manages Erik, Fiona and Nate; Sam is on no team of hers.
 */
@KeepwarmTest
class HandoffByHandTest {

    @Autowired Api api;
    @Autowired HandoffJob job;
    @Autowired TestClock clock;
    @Autowired GreenMail mail;

    private SalesTeam team;
    private Leads leads;
    private long dana;
    private long erik;
    private long fiona;
    private long nate;
    private long sam;

    @BeforeEach
    void danasTeam() throws Exception {
        team = new SalesTeam(api);
        leads = new Leads(api);
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/handoffs/settings").contentType("application/json")
                .content("{\"slaHours\": 24, \"onOverdue\": \"ESCALATE\"}")).andExpect(status().isOk());
        dana = team.rep("Dana");
        erik = team.rep("Erik");
        fiona = team.rep("Fiona");
        nate = team.rep("Nate");
        sam = team.rep("Sam");
        team.manages(dana, erik, fiona, nate);
        team.onlyThese(dana, erik, fiona, nate, sam);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.away(erik, false);
        team.restore();
    }

    @Test
    void reassigningTheLeadOfAnOwnerWhoIsAwayLeavesThemTheContactAndTellsThem() throws Exception {
        long contact = leads.ownedBy("holiday", erik);
        long id = leads.toMql(contact).get("id").asLong();
        team.away(erik, true);
        assertThat(job.run().handedOver()).contains(id);
        long standIn = leads.handoff(id).get("repId").asLong();
        long other = standIn == fiona ? nate : fiona;

        Document page = page(dana, "/ui/contacts/" + contact);
        assertThat(page.getElementById("reassign-says").text()).as("the page says what will happen")
                .contains("Erik, the contact's owner, is away", "stays Erik's");
        team.post(dana, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + other + "}").andExpect(status().isOk());

        assertThat(leads.handoff(id).get("repId").asLong()).isEqualTo(other);
        assertThat(leads.ownerOf(contact)).as("before the new rep accepted, the contact stays Erik's").isEqualTo(erik);
        assertThat(alerts(erik)).anySatisfy(body -> assertThat(body).contains("holds the lead for you while you are away"));
        team.post(other, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
        assertThat(leads.ownerOf(contact)).as("the one who works it owns it").isEqualTo(other);
    }

    @Test
    void aManagerGivesALeadOnlyWithinHerTeamAndIsToldWhyNot() throws Exception {
        long contact = leads.ownedBy("in-team", erik);
        long id = leads.toMql(contact).get("id").asLong();

        List<String> offered = page(dana, "/ui/contacts/" + contact).select("#reassign-rep option[value]").eachText();
        assertThat(offered).contains("Dana", "Fiona", "Nate").doesNotContain("Sam");
        JsonNode refused = json(team.post(dana, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + sam + "}")
                .andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).contains("Sam is not on your team", "an admin or a marketer");
        assertThat(leads.handoff(id).get("repId").asLong()).isEqualTo(erik);

        team.post(dana, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + dana + "}").andExpect(status().isOk());
        // A lead she took herself she can hand on.
        team.post(dana, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + nate + "}").andExpect(status().isOk());
        api.as(Role.MARKETER, MockMvcRequestBuilders.post("/api/v1/handoffs/" + id + "/reassign")
                .contentType("application/json").content("{\"repId\": " + sam + "}")).andExpect(status().isOk());
    }

    @Test
    void theNewRepIsToldTheLeadAsItIsNowTheirTaskIsDueNowAndTheManagersOverdueAlertIsAnswered() throws Exception {
        long contact = leads.ownedBy("moved", erik);
        long id = leads.toMql(contact).get("id").asLong();
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().escalated()).contains(id);
        assertThat(unread(dana)).anySatisfy(subject -> assertThat(subject).contains("waits for Erik"));
        api.post("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"Called our office on Monday\"}")
                .andExpect(status().isCreated());

        team.post(dana, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + nate + "}").andExpect(status().isOk());

        JsonNode moved = leads.handoff(id);
        assertThat(moved.get("context").asString()).as("what happened since the lead first came")
                .contains("Called our office on Monday");
        assertThat(alerts(nate)).anySatisfy(body -> assertThat(body).contains("Called our office on Monday"));
        JsonNode task = json(api.get("/api/v1/tasks/" + moved.get("taskId").asLong()));
        assertThat(task.get("assigneeId").asLong()).isEqualTo(nate);
        assertThat(Instant.parse(task.get("dueAt").asString())).as("due now in Nate's day, not a week ago")
                .isEqualTo(Instant.parse(moved.get("assignedAt").asString()));
        assertThat(task.get("context").asString()).contains("Called our office on Monday");
        assertThat(unread(dana)).as("the lead moved on: nothing waits for Erik any more")
                .noneSatisfy(subject -> assertThat(subject).contains("waits for Erik"));
    }

    @Test
    void escalationEmailsSayTheMomentAsTheAppDoesAndTheRunCountsThem() throws Exception {
        String address = "dana-" + System.nanoTime() + "@example.com";
        team.change(dana, "{\"email\": \"" + address + "\"}");
        long contact = leads.ownedBy("emailed", erik);
        long id = leads.toMql(contact).get("id").asLong();
        clock.advance(Duration.ofDays(7));

        HandoffJob.Report run = job.run();

        assertThat(run.escalated()).contains(id);
        assertThat(run.alertEmailsSent()).as("Dana's escalation email went out in the run").isPositive();
        List<String> bodies = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address)) {
                bodies.add((String) m.getContent());
            }
        }
        String body = bodies.getLast();
        assertThat(body).as("the move into MQL on its day, as the app says it")
                .containsPattern("on (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2}")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
    }

    private List<String> unread(long user) throws Exception {
        List<String> subjects = new ArrayList<>();
        json(team.get(user, "/api/v1/alerts?unread=true&limit=500")).get("items")
                .forEach(a -> subjects.add(a.get("subject").asString()));
        return subjects;
    }

    private Document page(long user, String path) throws Exception {
        return Jsoup.parse(team.get(user, path).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private List<String> alerts(long user) throws Exception {
        List<String> bodies = new ArrayList<>();
        json(team.get(user, "/api/v1/alerts?limit=500")).get("items").forEach(a -> bodies.add(a.get("body").asString()));
        return bodies;
    }
}
