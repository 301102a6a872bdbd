package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.content.ContentLibrary;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.tracking.internal.SignedLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** "Have someone call me" on a landing page reaches sales, whatever stage the prospect is in. */
@KeepwarmTest
class CallMeTest {

    @Autowired Api api;
    @Autowired SignedLinks links;
    @Autowired ContentLibrary library;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private SalesTeam team;
    private Leads leads;
    private long rep;
    private long piece;

    @BeforeEach
    void aRepAndAPiece() throws Exception {
        team = new SalesTeam(api);
        leads = new Leads(api);
        rep = team.rep("Callie");
        team.onlyThese(rep);
        piece = json(api.post("/api/v1/content", """
                {"name": "Cooling guide %s", "type": "WHITE_PAPER", "status": "LIVE", "landingUrl": "https://example.com/cooling",
                 "variants": {"email": {"subject": "A cooling guide", "html": "<p>Hello</p>"}}}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void aProspectInNurtureWhoAsksToBeCalledIsHandedToTheirRepWithATaskAnAlertAndTheAskAsWhyNow() throws Exception {
        long contact = leads.ownedBy("asker", rep);
        leads.move(contact, "NURTURE");

        askToBeCalled(contact);
        askToBeCalled(contact);

        assertThat(leads.stageOf(contact)).isEqualTo("MQL");
        JsonNode handoffs = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items");
        assertThat(handoffs).as("a second click is the same ask").hasSize(1);
        JsonNode handoff = handoffs.get(0);
        assertThat(handoff.get("repId").asLong()).isEqualTo(rep);
        assertThat(handoff.get("why").asString())
                .startsWith("Asked to be called from the landing page of 'Cooling guide " + run + "' on ")
                .doesNotContain("tipped by");
        assertThat(handoff.get("context").asString()).contains("took the offer 'have someone call me'");
        assertThat(tasksOf(contact)).extracting(t -> t.at("/task/kind").asString()).containsExactly("HANDOFF");
        assertThat(alertsAbout(contact)).extracting(a -> a.get("subject").asString())
                .containsExactly("New lead: asker Lead is ready for sales");
    }

    @Test
    void acceptingTheLeadOfAProspectWhoAskedToBeCalledLeavesTheRepTheCallTheyAskedFor() throws Exception {
        long contact = leads.ownedBy("called", rep);
        leads.move(contact, "NURTURE");
        askToBeCalled(contact);
        JsonNode handoff = leads.handoffOf(contact);

        team.post(rep, "/api/v1/handoffs/" + handoff.get("id").asLong() + "/accept", "").andExpect(status().isOk());

        assertThat(tasksOf(contact)).as("the hand-off task closed; the call asked for is what is left").singleElement()
                .satisfies(t -> {
                    assertThat(t.at("/task/kind").asString()).isEqualTo("FIRST_CALL");
                    assertThat(t.at("/task/title").asString()).isEqualTo("First call: asked to be called");
                    assertThat(t.at("/task/context").asString()).contains("took the offer 'have someone call me'");
                });
    }

    @Test
    void aLeadAlreadyHandedOffWhoAsksToBeCalledAlertsItsRep() throws Exception {
        long contact = leads.ownedBy("waiting", rep);
        long id = leads.toMql(contact).get("id").asLong();

        askToBeCalled(contact);

        assertThat(json(api.get("/api/v1/handoffs?contact=" + contact)).get("items")).hasSize(1);
        assertThat(leads.handoff(id).get("state").asString()).isEqualTo("OPEN");
        assertThat(alertsAbout(contact)).filteredOn(a -> a.get("subject").asString().equals("waiting Lead asked to be called"))
                .singleElement().satisfies(a -> assertThat(a.get("body").asString())
                        .contains("landing page of 'Cooling guide " + run + "'", "The lead is yours to accept or reject").doesNotContain("Hand-off " + id));
    }

    @Test
    void aContactSalesAlreadyWorksWhoAsksToBeCalledPutsACallBackInItsOwnersQueue() throws Exception {
        long contact = leads.ownedBy("working", rep);
        leads.move(contact, "SQL");

        askToBeCalled(contact);

        assertThat(leads.stageOf(contact)).isEqualTo("SQL");
        assertThat(tasksOf(contact)).singleElement().satisfies(t -> {
            assertThat(t.at("/task/kind").asString()).as("a call, in calling hours, never to a do-not-call contact")
                    .isEqualTo("CALL_BACK");
            assertThat(t.at("/task/title").asString()).isEqualTo("Call back: working Lead asked to be called");
        });
        assertThat(alertsAbout(contact)).extracting(a -> a.get("subject").asString())
                .containsExactly("working Lead asked to be called");
    }

    @Test
    void anUnownedProspectWhoAsksToBeCalledGetsAnOwnerFromTheHandoffNotFromThemselvesOnTheTimeline() throws Exception {
        long contact = leads.contact("unowned", "");
        leads.move(contact, "NURTURE");

        askToBeCalled(contact);

        assertThat(leads.handoffOf(contact).get("repId").asLong()).isEqualTo(rep);
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(api.mvc().perform(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/ui/contacts/" + contact)
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user(api.sessionUser(io.keepwarm.identity.Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse().getContentAsString());
        assertThat(page.select("#timeline li[data-kind=DETAILS]").eachText())
                .filteredOn(entry -> entry.contains("Owner: nobody → ")).singleElement()
                .satisfies(entry -> assertThat(entry).contains("by the hand-off (the next rep in turn)")
                        .doesNotContain("the contact, on a public page"));
    }

    private void askToBeCalled(long contact) throws Exception {
        String landing = links.linksFor(library.get(piece), contact).landingUrl();
        api.mvc().perform(post(landing.substring(landing.indexOf("/t/")) + "/accept").param("offer", "call-me"))
                .andExpect(status().isOk());
    }

    private List<JsonNode> tasksOf(long contact) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        json(team.get(rep, "/api/v1/tasks?assignee=me&all=true&limit=500")).get("items").forEach(e -> {
            if (e.at("/task/contactId").asLong() == contact) {
                found.add(e);
            }
        });
        return found;
    }

    private List<JsonNode> alertsAbout(long contact) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        json(team.get(rep, "/api/v1/alerts?limit=500")).get("items").forEach(a -> {
            if (a.get("contactId").asLong() == contact) {
                found.add(a);
            }
        });
        return found;
    }
}
