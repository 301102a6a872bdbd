package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * On another rep's contact a rep is offered what they may do there (read, add a note) and told whom to ask for the rest;
 * the timeline says who changed which details, and keeps another rep's rejection to that rep.
 */
@KeepwarmTest
class OthersContactPageTest {

    @Autowired Api api;
    @Autowired java.time.Clock clock;
    @Autowired io.keepwarm.support.TestClock testClock;

    private SalesTeam team;
    private long mike;
    private long rita;
    private long manager;

    @BeforeEach
    void twoRepsAndTheirManager() throws Exception {
        team = new SalesTeam(api);
        mike = team.rep("Mike");
        rita = team.rep("Rita");
        manager = team.rep("Max");
        team.manages(manager, rita, mike);
        team.onlyThese(mike, rita);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void aRepOnAnotherRepsContactIsOfferedANoteAndToldWhomToAskNotTheFormsThatWouldBeRefused() throws Exception {
        long ron = api.createContact("{\"email\": \"%s\", \"firstName\": \"Ron\", \"owner\": \"%d\"}"
                .formatted(uniqueEmail("ron"), rita));

        Document asMike = page(mike, "/ui/contacts/" + ron);
        assertThat(asMike.getElementById("note-form")).isNotNull();
        for (String form : List.of("stage-form", "handoff-form", "tag-form", "readiness-form", "edit-contact")) {
            assertThat(asMike.getElementById(form)).as(form).isNull();
        }
        assertThat(asMike.getElementById("not-yours").text()).contains("belongs to Rita")
                .contains("Rita, their manager Max, a marketer or an admin")
                .as("Mike has no reps whose contacts he would change").contains("you change your own contacts and unowned")
                .doesNotContain("team", "reps'");
        team.as(mike, get("/ui/contacts/" + ron + "/edit")).andExpect(redirectedUrl("/ui/contacts/" + ron));

        Document refused = Jsoup.parse(team.as(mike, post("/ui/contacts/" + ron + "/stage").param("to", "SQL")
                .header("HX-Request", "true")).andReturn().getResponse().getContentAsString());
        assertThat(refused.getElementById("stage-form-error").text()).contains("belongs to Rita");
        assertThat(refused.getElementById("stage").text()).isEqualTo("New");

        Document asRita = page(rita, "/ui/contacts/" + ron);
        assertThat(asRita.getElementById("stage-form")).isNotNull();
        assertThat(asRita.getElementById("edit-contact")).isNotNull();
        assertThat(asRita.getElementById("not-yours")).isNull();
    }

    @Test
    void aRepIsOfferedAsOwnerOfANewContactOnlyThemselvesWhileTheirManagerIsOfferedTheTeam() throws Exception {
        assertThat(owners(page(mike, "/ui/contacts/new"))).containsExactly("", String.valueOf(mike));
        assertThat(owners(page(manager, "/ui/contacts/new"))).contains(String.valueOf(mike), String.valueOf(rita),
                String.valueOf(manager));

        long ron = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(uniqueEmail("ron"), rita));
        assertThat(owners(page(rita, "/ui/contacts/" + ron + "/edit"))).as("passing it on is the manager's")
                .containsExactly(String.valueOf(rita));
        assertThat(owners(page(manager, "/ui/contacts/" + ron + "/edit"))).contains("", String.valueOf(mike));
    }

    @Test
    void whoChangedWhichDetailsShowsOnTheTimeline() throws Exception {
        long ron = api.createContact("{\"email\": \"%s\", \"lastName\": \"Weasley\", \"owner\": \"%d\"}"
                .formatted(uniqueEmail("ron"), rita));
        team.as(rita, org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch("/api/v1/contacts/" + ron)
                .contentType("application/json").content("{\"phone\": \"+44 20 7946 0005\", \"lastName\": \"Granger\"}"))
                .andExpect(status().isOk());

        Element changed = page(mike, "/ui/contacts/" + ron).select("#timeline li[data-kind=DETAILS]").first();

        assertThat(changed).isNotNull();
        assertThat(changed.text()).contains("Details changed by Rita").contains("last name, phone");
    }

    @Test
    void anotherRepsRejectionShowsOnTheTimelineWithoutItsNoteOrDecider() throws Exception {
        long ron = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(uniqueEmail("ron"), mike));
        api.post("/api/v1/contacts/" + ron + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        long handoff = json(api.get("/api/v1/handoffs?contact=" + ron)).get("items").get(0).get("id").asLong();
        team.post(mike, "/api/v1/handoffs/" + handoff + "/reject", "{\"reason\": \"NOT_READY\", \"note\": \"Budget only in Q3\"}")
                .andExpect(status().isOk());

        String asRita = page(rita, "/ui/contacts/" + ron).select("#timeline").text();
        assertThat(asRita).contains("Stage Marketing-qualified → Nurture").doesNotContain("Budget").doesNotContain("NOT_READY")
                .doesNotContain("by " + username(mike), "by Mike");
        assertThat(page(mike, "/ui/contacts/" + ron).select("#timeline").text()).contains("Budget only in Q3");
        assertThat(page(manager, "/ui/contacts/" + ron).select("#timeline").text()).contains("Budget only in Q3");
    }

    @Test
    void anotherRepSeesTheAskAgainDateOfARejectedLeadWithoutTheNoteItRepeatsInTheApiAndOnThePage() throws Exception {
        long ron = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(uniqueEmail("ron"), mike));
        api.post("/api/v1/contacts/" + ron + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        long handoff = json(api.get("/api/v1/handoffs?contact=" + ron)).get("items").get(0).get("id").asLong();
        String readyOn = java.time.LocalDate.now(clock).plusMonths(4).toString();
        team.post(mike, "/api/v1/handoffs/" + handoff + "/reject", """
                {"reason": "NOT_READY", "note": "SECRETNOTE budget frozen", "readyOn": "%s"}""".formatted(readyOn))
                .andExpect(status().isOk());

        tools.jackson.databind.JsonNode asRita = json(team.get(rita, "/api/v1/contacts/" + ron + "/stage")
                .andExpect(status().isOk())).get("readiness");
        assertThat(asRita.get("readyOn").asString()).isEqualTo(readyOn);
        assertThat(asRita.toString()).doesNotContain("SECRETNOTE");
        assertThat(page(rita, "/ui/contacts/" + ron).text()).contains("Expected ready on").doesNotContain("SECRETNOTE");
        assertThat(json(team.get(mike, "/api/v1/contacts/" + ron + "/stage")).at("/readiness/reason").asString())
                .contains("SECRETNOTE");
        assertThat(page(manager, "/ui/contacts/" + ron).text()).contains("SECRETNOTE");
        assertThat(json(api.get("/api/v1/contacts/" + ron + "/stage")).at("/readiness/reason").asString())
                .contains("SECRETNOTE");

        testClock.advance(java.time.Duration.ofDays(130));
        api.post("/api/v1/admin/lifecycle/run", "").andExpect(status().isOk());
        String readyList = "/api/v1/lifecycle/ready?owner=" + mike;
        assertThat(json(team.get(rita, readyList).andExpect(status().isOk())).get("items").toString())
                .as("the list of leads ready again, read by another rep")
                .contains("\"contactId\":" + ron).doesNotContain("SECRETNOTE");
        assertThat(json(team.get(mike, readyList)).get("items").toString()).contains("SECRETNOTE");
    }

    @Test
    void aManagerReadsTheirRepsHandOffCallAndNoteOnTheTimelineAndAnotherRepReadsNoneOfThemAnywhere() throws Exception {
        long ron = api.createContact("{\"email\": \"%s\", \"phone\": \"+44 20 7946 0001\", \"owner\": \"%d\"}"
                .formatted(uniqueEmail("ron"), mike));
        api.post("/api/v1/contacts/" + ron + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        long task = json(team.get(mike, "/api/v1/tasks/history?status=OPEN")).get("items").valueStream()
                .filter(t -> t.get("contactId").asLong() == ron).findFirst().orElseThrow().get("id").asLong();
        String askAgain = java.time.LocalDate.now(clock).plusMonths(4).toString();
        team.post(mike, "/api/v1/tasks/" + task + "/complete", "{\"outcome\": \"REACHED_NOT_NOW\", \"note\":"
                + " \"Budget only in Q3\", \"askAgainOn\": \"" + askAgain + "\"}").andExpect(status().isOk());

        String asManager = page(manager, "/ui/contacts/" + ron).select("#timeline").text();
        assertThat(asManager).contains("Budget only in Q3").contains("Call logged by Mike")
                .doesNotContain("its details are for that rep");
        String asRita = page(rita, "/ui/contacts/" + ron).select("#timeline").text();
        assertThat(asRita).as("the hand-off, the stage line and the ask-again line alike").doesNotContain("Budget")
                .doesNotContain("by Mike").doesNotContain("not ready");
    }

    private Document page(long user, String path) throws Exception {
        return Jsoup.parse(team.as(user, get(path)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private static List<String> owners(Document form) {
        return form.select("#c-owner option").stream().map(o -> o.attr("value")).toList();
    }

    private String username(long user) throws Exception {
        return json(api.get("/api/v1/users/" + user)).get("username").asString();
    }
}
