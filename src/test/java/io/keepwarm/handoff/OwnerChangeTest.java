package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The lead goes with the contact: a new owner takes over its open hand-off. */
@KeepwarmTest
class OwnerChangeTest {

    @Autowired Api api;
    @Autowired Tasks tasks;
    @Autowired TestClock clock;

    private SalesTeam team;
    private Leads leads;
    private long first;
    private long second;

    @BeforeEach
    void twoReps() throws Exception {
        team = new SalesTeam(api);
        leads = new Leads(api);
        first = team.rep("First");
        second = team.rep("Second");
        team.onlyThese(first, second);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void makingAnotherRepTheOwnerGivesThemTheOpenHandoffWithItsTaskAndTellsBothReps() throws Exception {
        long contact = leads.ownedBy("moving", first);
        JsonNode handoff = leads.toMql(contact);
        long id = handoff.get("id").asLong();
        assertThat(handoff.get("repId").asLong()).isEqualTo(first);

        api.patch("/api/v1/contacts/" + contact, "{\"owner\": \"" + second + "\"}").andExpect(status().isOk());

        JsonNode moved = leads.handoff(id);
        assertThat(moved.get("repId").asLong()).isEqualTo(second);
        assertThat(moved.get("previousRepId").asLong()).isEqualTo(first);
        assertThat(moved.get("state").asString()).isEqualTo("OPEN");
        assertThat(json(api.get("/api/v1/tasks/" + moved.get("taskId").asLong())).get("assigneeId").asLong())
                .as("the HANDOFF task went with it").isEqualTo(second);
        assertThat(alertsAbout(second, contact)).extracting(a -> a.get("subject").asString())
                .contains("Lead reassigned to you: moving Lead");
        assertThat(alertsAbout(first, contact)).extracting(a -> a.get("subject").asString())
                .contains("Lead reassigned: moving Lead");
        assertThat(alertsAbout(first, contact)).extracting(a -> a.get("body").asString()).as("the key that moved it")
                .contains("API key 'test-admin' made Second the owner of moving Lead, and the lead went with the contact.");
        assertThat(alertsAbout(second, contact)).extracting(a -> a.get("body").asString())
                .anySatisfy(body -> assertThat(body).startsWith("API key 'test-admin' made you the owner of moving Lead")
                        .doesNotContain("api-key:"));
        team.post(first, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isForbidden());
        team.post(second, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
    }

    @Test
    void makingARepWhoIsAwayTheOwnerHasTheirTeamHoldTheLeadForThemSoTheFirstRepCannotTakeTheContactBack()
            throws Exception {
        long boss = team.rep("Boss");
        long mate = team.rep("Mate");
        team.manages(boss, second, mate);
        team.onlyThese(first, second, mate, boss);
        long contact = leads.ownedBy("holiday", first);
        long id = leads.toMql(contact).get("id").asLong();
        team.away(second, true);

        api.patch("/api/v1/contacts/" + contact, "{\"owner\": \"" + second + "\"}").andExpect(status().isOk());

        JsonNode held = leads.handoff(id);
        assertThat(held.get("repId").asLong()).as("the new owner's teammate, as for an owner away when the lead came")
                .isEqualTo(mate);
        assertThat(held.get("chosenBy").asString()).isEqualTo("TEAM");
        assertThat(held.get("previousRepId").asLong()).isEqualTo(first);
        assertThat(leads.ownerOf(contact)).as("the owner the marketer chose keeps the contact").isEqualTo(second);
        assertThat(json(api.get("/api/v1/tasks/" + held.get("taskId").asLong())).get("assigneeId").asLong())
                .as("the HANDOFF task went with the lead").isEqualTo(mate);
        assertThat(alertsAbout(mate, contact)).extracting(a -> a.get("body").asString()).anySatisfy(body -> assertThat(
                body).contains("the owner of holiday Lead, who was with First; Second is away, so you hold the lead"
                        + " for them."));
        assertThat(alertsAbout(first, contact)).extracting(a -> a.get("body").asString()).anySatisfy(body -> assertThat(
                body).contains("Second the owner of holiday Lead; they are away, so the lead went to Mate"));
        assertThat(reassigned(contact)).singleElement().satisfies(details -> {
            assertThat(details.get("to").asLong()).isEqualTo(mate);
            assertThat(details.get("standInFor").asLong()).isEqualTo(second);
        });

        team.post(first, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isForbidden());
        assertThat(leads.ownerOf(contact)).isEqualTo(second);
        team.post(mate, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
        assertThat(leads.ownerOf(contact)).as("whoever accepts a lead works it, so owns it, as the README says")
                .isEqualTo(mate);
    }

    @Test
    void whenNoOtherRepIsHereTheRepWhoHasTheLeadHoldsItForTheOwnerWhoIsAwayAndIsToldSo() throws Exception {
        long contact = leads.ownedBy("covered", first);
        long id = leads.toMql(contact).get("id").asLong();
        team.away(second, true);

        api.patch("/api/v1/contacts/" + contact, "{\"owner\": \"" + second + "\"}").andExpect(status().isOk());

        assertThat(leads.handoff(id).get("repId").asLong()).isEqualTo(first);
        assertThat(leads.ownerOf(contact)).isEqualTo(second);
        assertThat(alertsAbout(first, contact)).extracting(a -> a.get("subject").asString())
                .contains("Lead held for Second: covered Lead");
        assertThat(reassigned(contact)).as("the hand-off's history says whose lead it now holds").singleElement()
                .satisfies(details -> {
                    assertThat(details.get("to").asLong()).isEqualTo(first);
                    assertThat(details.get("standInFor").asLong()).isEqualTo(second);
                });
    }

    @Test
    void aRepCannotTakeAColleaguesLeadNorPassTheirOwnOnByChangingTheContactsOwner() throws Exception {
        long contact = leads.ownedBy("coveted", first);
        long id = leads.toMql(contact).get("id").asLong();

        for (long[] by : new long[][] {{second, second}, {first, second}}) {
            team.as(by[0], org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/contacts/" + contact)
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .content("{\"owner\": \"" + by[1] + "\"}")).andExpect(status().isForbidden());
        }

        assertThat(leads.handoff(id).get("repId").asLong()).as("the lead stays with its rep").isEqualTo(first);
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("ownerId").asLong()).isEqualTo(first);
    }

    @Test
    void theProgramsCallGoesWithTheContactOnceWhetherAPersonChangesTheOwnerOrReassignsTheLead() throws Exception {
        long contact = leads.ownedBy("calling", first);
        long id = leads.toMql(contact).get("id").asLong();
        // A program's next attempt at a call, the owner's work.
        long call = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Call about the renewal", null,
                clock.instant(), 50));
        assertThat(tasks.get(call).assigneeId()).isEqualTo(first);

        api.patch("/api/v1/contacts/" + contact, "{\"owner\": \"" + second + "\"}").andExpect(status().isOk());

        assertThat(leads.handoff(id).get("repId").asLong()).isEqualTo(second);
        assertThat(tasks.get(call).assigneeId()).as("the new owner's, with the lead").isEqualTo(second);
        assertThat(tasks.get(call).status()).isEqualTo(io.keepwarm.delivery.Task.Status.OPEN);
        assertThat(ownerChanges(contact)).as("the owner change, once").hasSize(1);

        api.post("/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + first + "}").andExpect(status().isOk());

        assertThat(leads.ownerOf(contact)).isEqualTo(first);
        assertThat(tasks.get(call).assigneeId()).as("back with the lead and the contact").isEqualTo(first);
        assertThat(ownerChanges(contact)).hasSize(2);
    }

    /** The details of the audit log's HANDOFF_REASSIGNED entries of the contact. */
    private List<JsonNode> reassigned(long contact) throws Exception {
        return json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact)).get("items").valueStream()
                .filter(e -> e.get("action").asString().equals("HANDOFF_REASSIGNED"))
                .map(e -> tools.jackson.databind.json.JsonMapper.shared().readTree(e.get("details").asString()))
                .toList();
    }

    /** The audit log's entries of the contact that changed its owner. */
    private List<JsonNode> ownerChanges(long contact) throws Exception {
        return json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact)).get("items").valueStream()
                .filter(e -> e.get("details").asString().contains("previousOwnerId")).toList();
    }

    private List<JsonNode> alertsAbout(long user, long contact) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        json(team.get(user, "/api/v1/alerts?limit=500")).get("items").forEach(a -> {
            if (a.get("contactId").asLong() == contact) {
                found.add(a);
            }
        });
        return found;
    }
}
