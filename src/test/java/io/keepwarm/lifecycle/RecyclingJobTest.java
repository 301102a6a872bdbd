package io.keepwarm.lifecycle;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
@RecordApplicationEvents
class RecyclingJobTest {

    @Autowired
    Api api;

    @Autowired
    TestClock clock;

    @Autowired
    LifecycleJob job;

    @Autowired
    Activities activities;

    @Autowired
    ApplicationEvents events;

    Stages stages;

    @BeforeEach
    void defaultRules() throws Exception {
        stages = new Stages(api);
        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/lifecycle/rules").contentType("application/json")
                .content("{\"lostReturnDays\": 90, \"dormantAfterMonths\": 6}")).andExpect(status().isOk());
    }

    @Test
    void aLostDealReturnsToNurtureAfterNinetyDaysNotAfterEightyNine() throws Exception {
        long id = stages.aContactThrough("lost", Stage.SQL, Stage.OPPORTUNITY, Stage.LOST);

        clock.advance(Duration.ofDays(89));
        job.run();
        assertThat(stages.stageOf(id)).isEqualTo("LOST");

        clock.advance(Duration.ofDays(1));
        job.run();
        assertThat(stages.stageOf(id)).isEqualTo("NURTURE");
        JsonNode last = json(api.get("/api/v1/contacts/" + id + "/stage-history")).get("transitions").get(3);
        assertThat(last.get("from").asString()).isEqualTo("LOST");
        assertThat(last.get("actorType").asString()).isEqualTo("SYSTEM");
        assertThat(last.get("reasonCode").asString()).isEqualTo("LOST_WAIT_OVER");
        assertThat(events.stream(ContactStagesChanged.class).flatMap(e -> e.changes().stream())
                .filter(e -> e.contactId() == id && e.to() == Stage.NURTURE)).singleElement()
                .satisfies(e -> assertThat(e.actorType()).isEqualTo("SYSTEM"));
    }

    @Test
    void nurtureWithoutEngagementForSixMonthsGoesDormantButNotWithARecentVisitOrARecentStart() throws Exception {
        // From the 1st of a month: six months after 31 August is 28 February, and six months before that is 28 August,
        // so a start late in a month would leave its contacts short of six months where the test stands.
        clock.set(clock.instant().atZone(ZoneOffset.UTC).plusMonths(1).withDayOfMonth(1).withHour(12).toInstant());
        long quiet = stages.aContactThrough("quiet", Stage.NURTURE);
        long visitor = stages.aContactThrough("visitor", Stage.NURTURE);
        long emailed = stages.aContactThrough("emailed", Stage.NURTURE);
        long called = stages.aContactThrough("called", Stage.NURTURE);
        long unanswered = stages.aContactThrough("unanswered", Stage.NURTURE);
        var start = clock.instant().atZone(ZoneOffset.UTC);
        clock.set(start.plusMonths(5).toInstant());
        activities.record(List.of(
                new Activity(visitor, ActivityType.PAGE_VIEW, clock.instant(), null, "https://example.com/pricing"),
                new Activity(emailed, ActivityType.TOUCH_SENT, clock.instant(), null, null),
                new Activity(called, ActivityType.CALL_OUTCOME, clock.instant(), Channel.PHONE, "REACHED_NOT_NOW"),
                new Activity(unanswered, ActivityType.CALL_OUTCOME, clock.instant(), Channel.PHONE, "NO_ANSWER")));
        long recent = stages.aContactThrough("recent", Stage.NURTURE);

        clock.set(start.plusMonths(6).minusMinutes(1).toInstant());
        job.run();
        assertThat(stages.stageOf(quiet)).isEqualTo("NURTURE");

        clock.set(start.plusMonths(6).toInstant());
        job.run();
        assertThat(stages.stageOf(quiet)).isEqualTo("DORMANT");
        assertThat(stages.stageOf(visitor)).as("visited a page a month ago").isEqualTo("NURTURE");
        assertThat(stages.stageOf(emailed)).as("we sent something, but they did nothing").isEqualTo("DORMANT");
        assertThat(stages.stageOf(called)).as("a rep reached them a month ago: not now").isEqualTo("NURTURE");
        assertThat(stages.stageOf(unanswered)).as("a call nobody answered").isEqualTo("DORMANT");
        assertThat(stages.stageOf(recent)).as("entered nurture a month ago").isEqualTo("NURTURE");
    }

    @Test
    void recycledContactsReturnToNurtureAtTheNextRun() throws Exception {
        long id = stages.aContactThrough("recycled", Stage.SQL, Stage.RECYCLED);
        job.run();
        assertThat(stages.stageOf(id)).isEqualTo("NURTURE");
    }

    @Test
    void aDisqualifiedContactNeverReturnsAutomatically() throws Exception {
        long id = stages.aContactThrough("disqualified", Stage.SQL, Stage.DISQUALIFIED);
        for (int year = 0; year < 3; year++) {
            clock.advance(Duration.ofDays(365));
            job.run();
        }
        assertThat(stages.stageOf(id)).isEqualTo("DISQUALIFIED");
    }

    @Test
    void theAdminEndpointRunsTheJobAndSaysWhatItMoved() throws Exception {
        long id = stages.aContactThrough("run", Stage.SQL, Stage.RECYCLED);
        JsonNode report = json(api.post("/api/v1/admin/lifecycle/run", "").andExpect(status().isOk()));
        assertThat(report.get("ranAt").asString()).isEqualTo(clock.instant().toString());
        JsonNode recycled = report.get("moved").valueStream()
                .filter(m -> m.get("from").asString().equals("RECYCLED")).findFirst().orElseThrow();
        assertThat(recycled.get("to").asString()).isEqualTo("NURTURE");
        assertThat(recycled.get("count").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(recycled.get("contactIds").valueStream().map(JsonNode::asLong)).contains(id);
        assertThat(report.at("/becameReady/count").isNumber()).isTrue();
        JsonNode move = json(api.get("/api/v1/contacts/" + id + "/stage-history")).get("transitions").get(2);
        assertThat(move.get("actorType").asString()).isEqualTo("SYSTEM");
        assertThat(move.get("actor").asString()).as("the job's own move, not the API key's that ran it")
                .isEqualTo("system");
    }
}
