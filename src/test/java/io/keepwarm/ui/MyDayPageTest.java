package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/** A rep's day: what they press on a lead or a call that is no longer theirs tells them so. */
@KeepwarmTest
class MyDayPageTest {

    @Autowired Api api;
    @Autowired io.keepwarm.handoff.HandoffSettings settings;

    private SalesTeam team;
    private long ann;
    private long bob;

    @BeforeEach
    void twoReps() throws Exception {
        team = new SalesTeam(api);
        ann = team.rep("Ann");
        bob = team.rep("Bob");
    }

    /** Away, so the hand-off job and other tests' leads pass them by. */
    @AfterEach
    void repsAway() throws Exception {
        team.away(ann, true);
        team.away(bob, true);
    }

    @Test
    void acceptingOrLoggingACallOnALeadReassignedToSomeoneElseSaysSoOnThePage() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Moved", "phone": "+49 30 1234567", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("moved"), bob));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        JsonNode handoff = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0);
        assertThat(handoff.get("repId").asLong()).isEqualTo(bob);
        long task = 0;
        for (JsonNode entry : json(team.get(bob, "/api/v1/tasks?assignee=me&all=true&limit=500")).get("items")) {
            task = entry.at("/task/contactId").asLong() == contact ? entry.at("/task/id").asLong() : task;
        }
        assertThat(task).as("Bob's hand-off task").isPositive();

        MockHttpServletResponse accepted = asAnn("/ui/handoffs/" + handoff.get("id").asLong() + "/accept", "");
        assertThat(accepted.getStatus()).isEqualTo(200);
        assertThat(accepted.getContentType()).startsWith("text/html");
        assertThat(page(accepted).getElementById("action-error").text()).contains("reassigned to someone else");

        MockHttpServletResponse logged = asAnn("/ui/tasks/" + task + "/outcome", "NO_ANSWER");
        assertThat(logged.getStatus()).isEqualTo(200);
        assertThat(page(logged).getElementById("action-error").text()).contains("task is no longer yours");

        assertThat(json(api.get("/api/v1/handoffs/" + handoff.get("id").asLong())).get("state").asString())
                .isEqualTo("OPEN");
    }

    @Test
    void aRefusedRejectionComesBackWithTheNoteAsTyped() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Kept", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("kept"), bob));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        long handoff = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0).get("id").asLong();

        Document page = page(team.as(bob, post("/ui/handoffs/" + handoff + "/reject").header("HX-Request", "true")
                .param("note", "budget next year")).andReturn().getResponse());

        assertThat(page.getElementById("action-error").text()).contains("reason");
        assertThat(page.getElementById("note-" + handoff).val()).isEqualTo("budget next year");
    }

    @Test
    void aLeadsDeadlineReadsAsTheAlertPutItInTheAccountsZoneNotAsAnUtcTimestamp() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Due", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("due"), bob));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        JsonNode handoff = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0);
        java.time.ZoneId zone = settings.zone();
        String expected = java.time.format.DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", java.util.Locale.ENGLISH)
                .withZone(zone).format(java.time.Instant.parse(handoff.get("dueAt").asString())) + " (" + zone.getId() + ")";

        Document page = page(team.as(bob, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/ui/my-day")).andReturn().getResponse());

        assertThat(page.getElementById("handoff-" + handoff.get("id").asLong()).text()).contains("decide by " + expected)
                .doesNotContain(handoff.get("dueAt").asString());
    }

    private MockHttpServletResponse asAnn(String path, String outcome) throws Exception {
        return team.as(ann, post(path).header("HX-Request", "true").param("outcome", outcome)).andReturn().getResponse();
    }

    private static Document page(MockHttpServletResponse response) throws Exception {
        return Jsoup.parse(response.getContentAsString());
    }
}
