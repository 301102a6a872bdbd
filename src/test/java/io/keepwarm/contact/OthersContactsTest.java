package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * A rep changes their own contacts, their team's and unowned ones; on another rep's they read, add notes and log the
 * calls of their own tasks, and every other change, through any door, is refused with whom to ask, and changes nothing.
 */
@KeepwarmTest
class OthersContactsTest {

    @Autowired Api api;
    @Autowired Tasks tasks;
    @Autowired Clock clock;

    private SalesTeam team;
    private long mike;
    private long rita;
    private long manager;

    @BeforeEach
    void twoRepsAndRitasManager() throws Exception {
        team = new SalesTeam(api);
        mike = team.rep("Mike");
        rita = team.rep("Rita");
        manager = team.rep("Max");
        team.manages(manager, rita);
        team.onlyThese(mike, rita);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void aRepChangesNothingOnAnotherRepsContactThroughAnyDoorAndIsToldWhomToAsk() throws Exception {
        String email = uniqueEmail("rose");
        long rose = api.createContact("""
                {"email": "%s", "firstName": "Rose", "lastName": "Tyler", "phone": "+44 20 7946 0000",
                 "owner": "%d", "timeZone": "UTC"}""".formatted(email, rita));
        api.post("/api/v1/contacts/" + rose + "/tags", "{\"tags\": [\"met-at-fair\"]}").andExpect(status().isOk());

        JsonNode refused = json(edit(mike, rose, "{\"phone\": \"+44 20 7946 0999\"}").andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).startsWith("Rose Tyler belongs to Rita, another rep")
                .contains("changed by Rita, their manager Max, a marketer or an admin").contains("add a note")
                .contains("Nothing was changed");
        team.as(mike, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"lastName\": \"Smith\"}".formatted(email)))
                .andExpect(status().isForbidden());
        team.post(mike, "/api/v1/contacts/" + rose + "/stage", "{\"to\": \"SQL\"}").andExpect(status().isForbidden());
        team.as(mike, put("/api/v1/contacts/" + rose + "/readiness").contentType(MediaType.APPLICATION_JSON)
                .content("{\"readyOn\": \"" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(3) + "\"}"))
                .andExpect(status().isForbidden());
        team.as(mike, delete("/api/v1/contacts/" + rose + "/readiness")).andExpect(status().isForbidden());
        team.post(mike, "/api/v1/contacts/" + rose + "/tags", "{\"tags\": [\"mine-now\"]}").andExpect(status().isForbidden());
        team.as(mike, put("/api/v1/contacts/" + rose + "/tags/mine-now")).andExpect(status().isForbidden());
        team.as(mike, delete("/api/v1/contacts/" + rose + "/tags/met-at-fair")).andExpect(status().isForbidden());

        JsonNode after = json(api.get("/api/v1/contacts/" + rose));
        assertThat(after.get("phone").asString()).isEqualTo("+44 20 7946 0000");
        assertThat(after.get("lastName").asString()).isEqualTo("Tyler");
        assertThat(after.get("tags").toString()).contains("met-at-fair").doesNotContain("mine-now");
        JsonNode stage = json(api.get("/api/v1/contacts/" + rose + "/stage"));
        assertThat(stage.get("stage").asString()).isEqualTo("NEW");
        assertThat(stage.path("readiness").isNull() || stage.path("readiness").isMissingNode()).isTrue();

        team.get(mike, "/api/v1/contacts/" + rose).andExpect(status().isOk());
        team.post(mike, "/api/v1/contacts/" + rose + "/notes", "{\"body\": \"Met her at the fair too\"}")
                .andExpect(status().isCreated());
    }

    @Test
    void theOwnerAndTheOwnersManagerChangeTheContactAndARepChangesAnUnownedOne() throws Exception {
        long rose = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(uniqueEmail("rose"), rita));
        long unowned = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("nobodys")));

        edit(rita, rose, "{\"phone\": \"+44 20 7946 0001\"}").andExpect(status().isOk());
        edit(manager, rose, "{\"title\": \"CTO\"}").andExpect(status().isOk());
        team.post(manager, "/api/v1/contacts/" + rose + "/tags", "{\"tags\": [\"team-lead\"]}").andExpect(status().isOk());
        edit(mike, unowned, "{\"phone\": \"+44 20 7946 0002\"}").andExpect(status().isOk());
        team.post(mike, "/api/v1/contacts/" + unowned + "/tags", "{\"tags\": [\"met-at-fair\"]}")
                .andExpect(status().isOk());

        JsonNode changed = json(api.get("/api/v1/contacts/" + rose));
        assertThat(changed.get("phone").asString()).isEqualTo("+44 20 7946 0001");
        assertThat(changed.get("title").asString()).isEqualTo("CTO");
        assertThat(json(api.get("/api/v1/contacts/" + unowned)).get("tags").toString()).contains("met-at-fair");
    }

    @Test
    void aSalesApiKeyChangesNoRepsContact() throws Exception {
        long rose = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(uniqueEmail("rose"), rita));

        JsonNode refused = json(api.as(Role.SALES, patch("/api/v1/contacts/" + rose)
                .contentType(MediaType.APPLICATION_JSON).content("{\"title\": \"CFO\"}")).andExpect(status().isForbidden()));

        assertThat(refused.get("detail").asString()).contains("a SALES API key acts for no rep")
                .contains("log in as its owner");
        assertThat(json(api.get("/api/v1/contacts/" + rose)).path("title").isNull()).isTrue();
    }

    @Test
    void aRepLogsTheOutcomeOfTheirOwnCallOnAnotherRepsContact() throws Exception {
        long rose = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\", \"phone\": \"+44 20 7946 0003\"}"
                .formatted(uniqueEmail("rose"), rita));
        long call = tasks.create(new Tasks.NewTask(rose, mike, TaskKind.CALL, "Readiness call", null, clock.instant(), 0));

        team.post(mike, "/api/v1/tasks/" + call + "/complete", "{\"outcome\": \"DO_NOT_CALL\"}")
                .andExpect(status().isOk());

        assertThat(json(api.get("/api/v1/contacts/" + rose)).get("doNotContact").toString()).contains("PHONE");
    }

    @Test
    void aRejectionsReasonAndDeciderStayWithTheDeciderTheOwnerAndTheirManager() throws Exception {
        team.manages(manager, mike);
        long ron = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(uniqueEmail("ron"), mike));
        api.post("/api/v1/contacts/" + ron + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        long handoff = json(api.get("/api/v1/handoffs?contact=" + ron)).get("items").get(0).get("id").asLong();
        team.post(mike, "/api/v1/handoffs/" + handoff + "/reject", "{\"reason\": \"NOT_READY\", \"note\": \"Budget only in Q3\"}")
                .andExpect(status().isOk());

        JsonNode asRita = rejection(json(team.get(rita, "/api/v1/contacts/" + ron + "/stage-history")));
        assertThat(asRita.get("reasonCode").asString()).isEqualTo("REJECTED");
        assertThat(asRita.path("reason").isNull()).isTrue();
        assertThat(asRita.path("actor").isNull()).as("who decided is the deciding rep's").isTrue();
        assertThat(team.get(rita, "/api/v1/contacts/" + ron + "/stage-history").andReturn().getResponse()
                .getContentAsString()).doesNotContain("Budget");

        for (long reader : new long[] {mike, manager}) {
            JsonNode seen = rejection(json(team.get(reader, "/api/v1/contacts/" + ron + "/stage-history")));
            assertThat(seen.get("reasonCode").asString()).isEqualTo("REJECTED_NOT_READY");
            assertThat(seen.get("reason").asString()).contains("Budget only in Q3");
        }
        assertThat(rejection(json(api.get("/api/v1/contacts/" + ron + "/stage-history"))).get("reason").asString())
                .contains("Budget only in Q3");
    }

    private static JsonNode rejection(JsonNode history) {
        return history.get("transitions").valueStream().filter(t -> t.get("from").asString().equals("MQL"))
                .findFirst().orElseThrow();
    }

    private ResultActions edit(long rep, long contact, String json) throws Exception {
        return team.as(rep, patch("/api/v1/contacts/" + contact).contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
