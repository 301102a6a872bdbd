package io.keepwarm.trigger;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.identity.Role;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Triggers that would set each other off forever fire once each; a per-contact daily limit is the backstop. */
@KeepwarmTest
class LoopProtectionTest {

    @Autowired Api api;
    @Autowired Triggers triggers;
    @Autowired TriggerJobs jobs;
    @Autowired ActivityFeed feed;
    @Autowired TestClock clock;
    @Autowired Membership membership;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private TriggerSteps steps;

    @BeforeEach
    void steps() {
        steps = new TriggerSteps(api, triggers);
    }

    @AfterEach
    void pause() {
        steps.pauseAll();
    }

    @Test
    void twoTriggersThatSetEachOtherOffFireOnceEachAndTheCycleIsRecordedAsSkipped() throws Exception {
        long ping = steps.create("""
                {"name": "Ping %1$s", "when": {"type": "tagAdded", "tag": "ping-%1$s"},
                 "actions": [{"type": "removeTag", "tag": "ping-%1$s"}, {"type": "addTag", "tag": "pong-%1$s"}]}"""
                .formatted(run));
        long pong = steps.create("""
                {"name": "Pong %1$s", "when": {"type": "tagAdded", "tag": "pong-%1$s"},
                 "actions": [{"type": "removeTag", "tag": "pong-%1$s"}, {"type": "addTag", "tag": "ping-%1$s"}]}"""
                .formatted(run));
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("looped")));

        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"ping-" + run + "\"]}").andExpect(status().isOk());
        jobs.cues();
        jobs.cues();

        List<JsonNode> pings = steps.firingsOf(contact, ping);
        assertThat(pings).extracting(f -> f.get("outcome").asString()).containsExactly("SKIPPED", "FIRED");
        assertThat(pings.getFirst().get("reason").asString()).as("the chain by name, not by id")
                .isEqualTo("LOOP: this trigger's own actions led here, through 'Ping " + run + "' then 'Pong " + run + "'");
        assertThat(Jsoup.parse(api.mvc().perform(get("/ui/triggers/" + ping)
                        .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse().getContentAsString()).getElementById("firing-list").text())
                .as("the trigger's page, without the API's code").contains("skipped: this trigger's own actions led"
                        + " here, through 'Ping " + run + "' then 'Pong " + run + "'").doesNotContain("LOOP");
        List<Long> chain = new ArrayList<>();
        pings.getFirst().get("chain").forEach(id -> chain.add(id.asLong()));
        assertThat(chain).as("ping led to pong, which led back to ping").containsExactly(ping, pong);
        assertThat(steps.firingsOf(contact, pong)).extracting(f -> f.get("outcome").asString()).containsExactly("FIRED");
        assertThat(steps.tagsOf(contact)).contains("ping-" + run).doesNotContain("pong-" + run);
    }

    @Test
    void twoTriggersThatMoveAContactBetweenSegmentsFireOnceEachAndTheCycleIsRecordedAsSkipped() throws Exception {
        api.post("/api/v1/attributes", "{\"key\": \"status_%1$s\", \"label\": \"Status %1$s\", \"type\": \"TEXT\"}"
                .formatted(run)).andExpect(status().is2xxSuccessful());
        long leads = segment("Leads", "lead");
        long prospects = segment("Prospects", "prospect");
        long demote = steps.create("""
                {"name": "Demote %1$s", "when": {"type": "segmentEntered", "segmentId": %2$d},
                 "actions": [{"type": "setAttribute", "key": "status_%1$s", "value": "prospect"}]}""".formatted(run, leads));
        long promote = steps.create("""
                {"name": "Promote %1$s", "when": {"type": "segmentEntered", "segmentId": %2$d},
                 "actions": [{"type": "setAttribute", "key": "status_%1$s", "value": "lead"}]}""".formatted(run, prospects));
        long contact = api.createContact("{\"email\": \"%s\", \"attributes\": {\"status_%s\": \"lead\"}}"
                .formatted(uniqueEmail("flip-flop"), run));

        for (int round = 0; round < 4; round++) {
            membership.refresh(false);
            jobs.cues();
        }

        List<JsonNode> demotions = steps.firingsOf(contact, demote);
        assertThat(demotions).extracting(f -> f.get("outcome").asString()).containsExactly("SKIPPED", "FIRED");
        assertThat(demotions.getFirst().get("reason").asString()).startsWith("LOOP");
        List<Long> chain = new ArrayList<>();
        demotions.getFirst().get("chain").forEach(id -> chain.add(id.asLong()));
        assertThat(chain).as("demote led to promote, which led back to demote").containsExactly(demote, promote);
        assertThat(steps.firingsOf(contact, promote)).extracting(f -> f.get("outcome").asString()).containsExactly("FIRED");
    }

    private long segment(String name, String status) throws Exception {
        return json(api.post("/api/v1/segments", "{\"name\": \"%1$s %2$s\", \"text\": \"status_%2$s = \\\"%3$s\\\"\"}"
                .formatted(name, run, status))).get("id").asLong();
    }

    @Test
    void aContactsFiringsStopAtTheDailyLimitAndResumeTheNextDay() throws Exception {
        long trigger = steps.create("""
                {"name": "Chatty %1$s", "when": {"type": "activity", "activity": "REPLIED"},
                 "condition": "tag = \\"chatty-%1$s\\"", "actions": [{"type": "adjustScore", "points": 1}]}""".formatted(run));
        long contact = api.createContact("{\"email\": \"%s\", \"tags\": [\"chatty-%s\"]}".formatted(uniqueEmail("chatty"), run));

        replies(contact, 22, "a");
        feed.followAll();

        List<JsonNode> firings = steps.firingsOf(contact, trigger);
        assertThat(firings.stream().filter(f -> f.get("outcome").asString().equals("FIRED"))).hasSize(20);
        assertThat(firings.stream().filter(f -> f.get("outcome").asString().equals("SKIPPED")))
                .hasSize(2).allSatisfy(f -> assertThat(f.get("reason").asString()).startsWith("LIMIT"));

        clock.advance(Duration.ofHours(25));
        replies(contact, 1, "b");
        feed.followAll();
        assertThat(steps.firingsOf(contact, trigger).getFirst().get("outcome").asString()).isEqualTo("FIRED");
    }

    private void replies(long contact, int count, String batch) throws Exception {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < count; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\": \"%s-%s-%d\", \"contactId\": %d, \"type\": \"REPLIED\"}"
                    .formatted(run, batch, i, contact));
        }
        api.post("/api/v1/events", "{\"events\": [" + events + "]}").andExpect(status().isOk());
    }
}
