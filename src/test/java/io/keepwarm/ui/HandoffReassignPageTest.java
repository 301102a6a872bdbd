package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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
import tools.jackson.databind.JsonNode;

/** The contact page shows its open hand-off, and those who may reassign it get the control to. */
@KeepwarmTest
class HandoffReassignPageTest {

    @Autowired Api api;

    private SalesTeam team;
    private long manager;
    private long slow;
    private long quick;

    @BeforeEach
    void aTeam() throws Exception {
        team = new SalesTeam(api);
        manager = team.rep("Boss");
        slow = team.rep("Slow");
        quick = team.rep("Quick");
        team.onlyThese(slow, quick);
        team.manages(manager, slow);
        // A manager gives a lead within her team: Quick is on it.
        team.manages(manager, quick);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void theRepsManagerGivesTheLeadToAnotherRepFromTheContactPageWhileTheRepHasNoSuchControl() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Handed", "timeZone": "UTC", "owner": "%d"}""".formatted(uniqueEmail("handed"), slow));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        long handoff = json(api.get("/api/v1/handoffs?contact=" + contact)).at("/items/0/id").asLong();

        Document asRep = page(team.as(slow, get("/ui/contacts/" + contact)).andReturn().getResponse().getContentAsString());
        assertThat(asRep.getElementById("open-handoff").text()).contains("with Slow");
        assertThat(asRep.getElementById("reassign-form")).as("a rep does not reassign their own lead").isNull();
        Document asMarketer = page(api.mvc().perform(get("/ui/contacts/" + contact)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse().getContentAsString());
        assertThat(asMarketer.getElementById("reassign-form")).isNotNull();
        Document asManager = page(team.as(manager, get("/ui/contacts/" + contact)).andReturn().getResponse()
                .getContentAsString());
        assertThat(asManager.select("#reassign-rep option").eachAttr("value"))
                .contains("", String.valueOf(quick)).doesNotContain(String.valueOf(slow));

        Document done = page(team.as(manager, post("/ui/contacts/" + contact + "/handoff/reassign")
                .header("HX-Request", "true").param("handoff", String.valueOf(handoff)).param("repId", String.valueOf(quick)))
                .andReturn().getResponse().getContentAsString());

        assertThat(done.getElementById("reassign-form-done").text()).isEqualTo("Hand-off reassigned to Quick");
        JsonNode moved = json(api.get("/api/v1/handoffs/" + handoff));
        assertThat(moved.get("repId").asLong()).isEqualTo(quick);
        assertThat(moved.get("chosenBy").asString()).isEqualTo("HAND");
        Document refused = page(team.as(slow, post("/ui/contacts/" + contact + "/handoff/reassign")
                .header("HX-Request", "true").param("handoff", String.valueOf(handoff)).param("repId", String.valueOf(slow)))
                .andReturn().getResponse().getContentAsString());
        assertThat(refused.getElementById("reassign-form-error").text()).as("at the hand-off, though the rep has no form")
                .contains("reassigned by its rep's manager");
    }

    private static Document page(String html) {
        return Jsoup.parse(html);
    }
}
