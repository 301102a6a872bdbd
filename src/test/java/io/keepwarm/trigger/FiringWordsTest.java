package io.keepwarm.trigger;

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
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What a firing says each action did, as a marketer reads it on the trigger's page, the contact's timeline and the API:
 * people, programs and pieces by their names, stages in words, and an action that did nothing said to be skipped.
 */
@KeepwarmTest
class FiringWordsTest {

    @Autowired Api api;
    @Autowired TriggerJobs triggerJobs;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aFiringNamesTheOwnerItAlertedAndGaveATaskToByTheirDisplayName() throws Exception {
        long rita = new SalesTeam(api).rep("Rita Jones");
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Hal\", \"owner\": \"%d\"}"
                .formatted(uniqueEmail("hal"), rita));
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "Hot %1$s", "when": {"type": "tagAdded", "tag": "hot-%1$s"},
                 "actions": [{"type": "alertOwner", "subject": "Hal is hot"}, {"type": "createTask", "title": "Follow up"}]}"""
                .formatted(run))).get("id").asLong();

        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"hot-" + run + "\"]}").andExpect(status().isOk());
        triggerJobs.cues();

        JsonNode fired = json(api.get("/api/v1/triggers/" + trigger + "/firings")).at("/items/0/actions");
        assertThat(List.of(fired.at("/0/detail").asString(), fired.at("/1/detail").asString()))
                .containsExactly("alerted Rita Jones", "a task for Rita Jones");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/trigger-firings")).at("/items/0/actions"))
                .isEqualTo(fired);
        String firings = page("/ui/triggers/" + trigger).getElementById("firing-list").text();
        assertThat(firings).contains("alert owner: done (alerted Rita Jones)", "create task: done (a task for Rita Jones)")
                .doesNotContain("user " + rita);
        assertThat(page("/ui/contacts/" + contact).text())
                .contains("alert owner: done (alerted Rita Jones) · create task: done (a task for Rita Jones)");
        api.post("/api/v1/triggers/" + trigger + "/pause", "").andExpect(status().isOk());
    }

    @Test
    void aCallForAContactWithNoPhoneIsSkippedSayingWhyAndNoTaskIsMadeWhileProgramsAndStagesReadInWords()
            throws Exception {
        long piece = api.liveArticle("Guide " + run);
        long program = api.activeProgram("""
                {"name": "Welcome %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d]}""".formatted(run, piece));
        long heidi = api.createContact("{\"email\": \"%s\", \"firstName\": \"Heidi\", \"lastName\": \"Park\"}"
                .formatted(uniqueEmail("heidi")));
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "Call %1$s", "when": {"type": "tagAdded", "tag": "call-%1$s"},
                 "actions": [{"type": "enroll", "programId": %2$d}, {"type": "changeStage", "to": "MQL"},
                             {"type": "createTask", "title": "Call Heidi", "call": true}]}"""
                .formatted(run, program))).get("id").asLong();

        api.post("/api/v1/contacts/" + heidi + "/tags", "{\"tags\": [\"call-" + run + "\"]}").andExpect(status().isOk());
        triggerJobs.cues();

        JsonNode actions = json(api.get("/api/v1/contacts/" + heidi + "/trigger-firings")).at("/items/0/actions");
        assertThat(actions.at("/0/detail").asString()).isEqualTo("enrolled in program 'Welcome " + run + "'");
        assertThat(actions.at("/1/detail").asString()).isEqualTo("moved Nurture → Marketing-qualified");
        assertThat(actions.at("/2/outcome").asString()).isEqualTo("SKIPPED");
        assertThat(actions.at("/2/detail").asString())
                .isEqualTo("no call made: the contact may not be called (no phone number)");
        assertThat(page("/ui/triggers/" + trigger).getElementById("firing-list").text())
                .contains("create task: skipped (no call made: the contact may not be called (no phone number))");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tasks WHERE contact_id = ? AND title = 'Call Heidi'").param(heidi)
                .query(Long.class).single())
                .as("no call made only to be cancelled").isZero();
        api.post("/api/v1/triggers/" + trigger + "/pause", "").andExpect(status().isOk());
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(api.mvc().perform(get(path).with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }
}
