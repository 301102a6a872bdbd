package io.keepwarm.trigger;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.engine.Engine;
import io.keepwarm.lifecycle.LifecycleJob;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.PreferenceCentre;
import io.keepwarm.tracking.internal.Visitor;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Pipeline moves and the contact's cues from other modules' events each fire their trigger once. */
@KeepwarmTest
class DynamicCuesTest {

    @Autowired Api api;
    @Autowired Triggers triggers;
    @Autowired TriggerJobs jobs;
    @Autowired Membership membership;
    @Autowired Engine engine;
    @Autowired Enrollments enrollments;
    @Autowired LifecycleJob lifecycle;
    @Autowired PreferenceCentre preferences;
    @Autowired TestClock clock;
    @Autowired io.keepwarm.activity.ActivityFeed feed;

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
    void enteringAndLeavingASegmentEachFireTheirTrigger() throws Exception {
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"Hot %1$s\", \"text\": \"tag = \\\"hot-%1$s\\\"\"}"
                .formatted(run))).get("id").asLong();
        tagWhen("{\"type\": \"segmentEntered\", \"segmentId\": " + segment + "}", "entered");
        tagWhen("{\"type\": \"segmentLeft\", \"segmentId\": " + segment + "}", "left");
        long contact = contact();

        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"hot-" + run + "\"]}").andExpect(status().isOk());
        membership.refresh(false);
        jobs.cues();
        assertThat(steps.tagsOf(contact)).contains("entered-" + run).doesNotContain("left-" + run);

        api.delete("/api/v1/contacts/" + contact + "/tags/hot-" + run).andExpect(status().isOk());
        membership.refresh(false);
        jobs.cues();
        assertThat(steps.tagsOf(contact)).contains("left-" + run);
        assertThat(steps.firingsOf(contact)).hasSize(2);
    }

    @Test
    void aStageMoveFiresOnlyForTheMoveTheTriggerNames() throws Exception {
        long trigger = tagWhen("{\"type\": \"stageChanged\", \"from\": \"NURTURE\", \"to\": \"MQL\"}", "ready");
        long contact = contact();

        for (String stage : java.util.List.of("NURTURE", "MQL")) {
            api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"" + stage + "\"}").andExpect(status().isOk());
        }
        jobs.cues();

        assertThat(steps.firingsOf(contact, trigger)).singleElement()
                .satisfies(f -> assertThat(f.get("cue").asString()).isEqualTo("stage NURTURE → MQL"));
    }

    @Test
    void anAlertForAnOwnerWhoHasLeftIsSkippedWithTheReasonNotLeftWhereNobodyReadsIt() throws Exception {
        long owner = new io.keepwarm.support.SalesTeam(api).rep("Leaver");
        long trigger = steps.create("""
                {"name": "Alert the owner %s", "when": {"type": "stageChanged", "from": "NEW", "to": "NURTURE"},
                 "actions": [{"type": "alertOwner", "subject": "Nurtured"}]}""".formatted(java.util.UUID.randomUUID()));
        long contact = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(
                io.keepwarm.support.Api.uniqueEmail("left-owner"), owner));
        api.patch("/api/v1/users/" + owner, "{\"enabled\": false}").andExpect(status().isOk());

        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        jobs.cues();

        assertThat(steps.firingsOf(contact, trigger)).singleElement().satisfies(f -> {
            assertThat(f.at("/actions/0/outcome").asString()).isEqualTo("SKIPPED");
            assertThat(f.at("/actions/0/detail").asString()).contains("is disabled");
        });
    }

    @Test
    void reachingAProgramsGoalAndRunningOutOfContentFireTheirTriggers() throws Exception {
        long piece = json(api.post("/api/v1/content", """
                {"name": "Only piece %s", "type": "ARTICLE", "status": "LIVE",
                 "variants": {"email": {"subject": "Hi", "html": "<p>Hi</p>"}}}""".formatted(run))).get("id").asLong();
        long goal = api.activeProgram("""
                {"name": "Goal %1$s", "kind": "SEQUENCE", "goal": {"field": "tag", "op": "=", "values": ["won-%1$s"]},
                 "steps": [{"type": "wait", "duration": "P7D"}]}""".formatted(run));
        long stream = api.activeProgram("""
                {"name": "Short %s", "kind": "STREAM", "cadence": {"type": "every", "period": "P7D", "at": "10:00"},
                 "pool": [%d]}""".formatted(run, piece));
        long reached = tagWhen("{\"type\": \"goalReached\", \"programId\": " + goal + "}", "goal");
        long exhausted = tagWhen("{\"type\": \"programExhausted\"}", "exhausted");
        long contact = contact();
        // With consent, the one piece is sent the first week, and the stream has nothing left after it.
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "form"}""").andExpect(status().is2xxSuccessful());
        enrollments.enroll(goal, Set.of(contact), Enrollment.Source.API);
        enrollments.enroll(stream, Set.of(contact), Enrollment.Source.API);

        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"won-" + run + "\"]}").andExpect(status().isOk());
        for (int week = 0; week < 3; week++) {
            clock.set(enrollments.activeOf(stream, Set.of(contact)).getFirst().nextDueAt());
            engine.plan();
        }
        jobs.cues();

        assertThat(steps.firingsOf(contact, reached)).singleElement()
                .satisfies(f -> assertThat(f.get("cue").asString()).isEqualTo("reached the goal of program " + goal));
        assertThat(steps.firingsOf(contact, exhausted)).as("once, however often the stream finds nothing left")
                .singleElement()
                .satisfies(f -> assertThat(f.get("cue").asString()).isEqualTo("ran out of content in program " + stream));
    }

    @Test
    void theAskMeAgainDateAndAChangedRhythmAreCuesFromTheContact() throws Exception {
        long ready = tagWhen("{\"type\": \"readyDateReached\"}", "ask-again");
        long rhythm = tagWhen("{\"type\": \"preferenceChanged\", \"part\": \"RHYTHM\"}", "rhythm");
        long contact = contact();
        LocalDate tomorrow = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + contact + "/readiness").contentType("application/json")
                .content("{\"readyOn\": \"" + tomorrow + "\"}")).andExpect(status().isOk());

        preferences.save(contact, new PreferenceCentre.Choices(true, Set.of(), PreferenceCentre.Rhythm.MONTHLY, 0, null, null),
                new Visitor("203.0.113.7", "test", null));
        clock.advance(Duration.ofDays(1));
        lifecycle.run();
        jobs.cues();

        assertThat(steps.firingsOf(contact, ready)).singleElement()
                .satisfies(f -> assertThat(f.get("cue").asString()).isEqualTo("ready date " + tomorrow + " arrived"));
        assertThat(steps.firingsOf(contact, rhythm)).singleElement()
                .satisfies(f -> assertThat(f.get("cue").asString()).contains("RHYTHM"));
        assertThat(steps.tagsOf(contact)).contains("ask-again-" + run, "rhythm-" + run);
    }

    @Test
    void aReplyLoggedLongAfterItHappenedIsHistoryNotACue() throws Exception {
        feed.followAll();
        long trigger = tagWhen("{\"type\": \"activity\", \"activity\": \"REPLIED\"}", "replied");
        long synced = contact();
        long live = contact();
        api.post("/api/v1/events", """
                {"events": [{"id": "%1$s-old", "contactId": %2$d, "type": "REPLIED", "occurredAt": "%3$s"},
                            {"id": "%1$s-new", "contactId": %4$d, "type": "REPLIED", "occurredAt": "%5$s"}]}"""
                .formatted(run, synced, clock.instant().minus(Duration.ofDays(2 * 365)), live,
                        clock.instant().minus(Duration.ofHours(2)))).andExpect(status().isOk());
        feed.followAll();

        assertThat(steps.firingsOf(synced, trigger)).as("a reply from two years ago").isEmpty();
        assertThat(steps.firingsOf(live, trigger)).as("a reply two hours ago").hasSize(1);
    }

    private long tagWhen(String when, String tag) throws Exception {
        return steps.create("""
                {"name": "%2$s %1$s", "when": %3$s, "condition": "tag = \\"mine-%1$s\\"",
                 "actions": [{"type": "addTag", "tag": "%2$s-%1$s"}]}""".formatted(run, tag, when));
    }

    private long contact() throws Exception {
        return api.createContact("{\"email\": \"%s\", \"tags\": [\"mine-%s\"], \"timeZone\": \"UTC\"}"
                .formatted(uniqueEmail("cued"), run));
    }
}
