package io.keepwarm.program;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.zaxxer.hikari.HikariDataSource;
import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.Touch;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.sql.Connection;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A program's goal ends the enrollment when the contact reaches it (a reply, a stage move, a tag), not when the
 * program next has work for them, and its figures count the enrollment once.
 */
@KeepwarmTest
class GoalOnArrivalTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Enrollments enrollments;
    @Autowired Activities activities;
    @Autowired ActivityFeed feed;
    @Autowired TestClock clock;
    @Autowired HikariDataSource dataSource;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aReplyInTheMiddleOfAWaitEndsTheSequenceAtItsGoalAtOnceAndItsHeldEmailIsNotSent() throws Exception {
        long lead = api.createContact("{\"email\": \"%s\", \"timeZone\": \"Europe/Berlin\", \"consents\":".formatted(
                uniqueEmail("replier")) + " [{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"form\"}]}");
        long sequence = welcome(lead);
        // 23:00 in Berlin: the email is planned and held for the morning, and the sequence waits 14 days.
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).plusDays(1).withHour(23)
                .truncatedTo(ChronoUnit.HOURS).toInstant());
        engine.plan();
        assertThat(engine.touchesOf(lead)).singleElement().extracting(Touch::state).isEqualTo(Touch.State.PLANNED);

        clock.advance(java.time.Duration.ofMinutes(10));
        activities.record(List.of(new Activity(lead, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        feed.followAll();

        Enrollment ended = enrollments.list(sequence, null, null, 1).items().getFirst();
        assertThat(ended.status()).isEqualTo(Enrollment.Status.COMPLETED);
        assertThat(ended.endReason()).isEqualTo(Enrollments.GOAL_REACHED);
        assertThat(ended.endedAt()).isEqualTo(clock.instant());
        assertThat(engine.touchesOf(lead)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(Touch.State.SUPPRESSED);
            assertThat(t.reason()).isEqualTo("ENROLLMENT_ENDED");
        });
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void theStatsCountAnEnrollmentThatReachedTheGoalOnceSoTheyAddUpToEveryEnrollment() throws Exception {
        long replied = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("replied")));
        long quiet = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("quiet")));
        long sequence = api.activeProgram("""
                {"name": "counted once %s", "kind": "SEQUENCE", "goal": {"activity": "replied"},
                 "steps": [{"type": "addTag", "tag": "walked-%s"}]}""".formatted(run, run));
        activities.record(List.of(new Activity(replied, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(replied, quiet))
                .andExpect(status().isOk());
        engine.plan();

        JsonNode counts = json(api.get("/api/v1/programs/" + sequence + "/stats")).get("enrollments");

        assertThat(counts.get("GOAL_REACHED").asLong()).isEqualTo(1);
        assertThat(counts.get("COMPLETED").asLong()).as("finished the steps").isEqualTo(1);
        assertThat(counts.get("ACTIVE").asLong() + counts.get("COMPLETED").asLong() + counts.get("GOAL_REACHED").asLong()
                + counts.get("EXITED").asLong()).isEqualTo(2);
    }

    @Test
    void aMarketerMovingTheContactToMqlEndsASequenceWhoseGoalIsMqlAtOnceNotWhenItsWaitEnds() throws Exception {
        long lead = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("promoted")));
        long sequence = waiting(lead, "{\"field\": \"stage\", \"op\": \"=\", \"value\": \"MQL\"}");

        api.post("/api/v1/contacts/" + lead + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());

        Enrollment ended = enrollments.list(sequence, null, null, 1).items().getFirst();
        assertThat(ended.status()).isEqualTo(Enrollment.Status.COMPLETED);
        assertThat(ended.endReason()).isEqualTo(Enrollments.GOAL_REACHED);
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aTagThatMeetsTheGoalEndsTheSequenceAtOnce() throws Exception {
        long lead = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("won")));
        long sequence = waiting(lead, "{\"field\": \"tag\", \"op\": \"=\", \"value\": \"won-%s\"}".formatted(run));

        api.post("/api/v1/contacts/" + lead + "/tags", "{\"tags\": [\"won-%s\"]}".formatted(run))
                .andExpect(status().isOk());

        Enrollment ended = enrollments.list(sequence, null, null, 1).items().getFirst();
        assertThat(ended.status()).isEqualTo(Enrollment.Status.COMPLETED);
        assertThat(ended.endReason()).isEqualTo(Enrollments.GOAL_REACHED);
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aTagChangedWhileThePoolHasOneConnectionLeftStillEndsTheSequenceAtItsGoal() throws Exception {
        long lead = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("crowded")));
        long sequence = waiting(lead, "{\"field\": \"tag\", \"op\": \"=\", \"value\": \"won-%s\"}".formatted(run));
        // As when the other connections serve other requests: the change and the goal check it sets off have one.
        List<Connection> others = new ArrayList<>();
        long timeout = dataSource.getConnectionTimeout();
        try {
            while (others.size() < dataSource.getMaximumPoolSize() - 1) {
                others.add(dataSource.getConnection());
            }
            dataSource.getHikariConfigMXBean().setConnectionTimeout(250);
            api.post("/api/v1/contacts/" + lead + "/tags", "{\"tags\": [\"won-%s\"]}".formatted(run))
                    .andExpect(status().isOk());
        } finally {
            dataSource.getHikariConfigMXBean().setConnectionTimeout(timeout);
            for (Connection other : others) {
                other.close();
            }
        }

        Enrollment ended = enrollments.list(sequence, null, null, 1).items().getFirst();
        assertThat(ended.endReason()).as("the goal check waited for no second connection").isEqualTo(Enrollments.GOAL_REACHED);
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    /** A sequence with this goal, the contact enrolled and walked to its 14-day wait. */
    private long waiting(long lead, String goal) throws Exception {
        long sequence = api.activeProgram("""
                {"name": "waiting %s %d", "kind": "SEQUENCE", "goal": %s,
                 "steps": [{"type": "wait", "duration": "P14D"}, {"type": "addTag", "tag": "walked-%s"}]}"""
                .formatted(run, lead, goal, run));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + lead + "]}")
                .andExpect(status().isOk());
        engine.plan();
        assertThat(enrollments.list(sequence, null, null, 1).items().getFirst().status())
                .isEqualTo(Enrollment.Status.ACTIVE);
        return sequence;
    }

    private long welcome(long lead) throws Exception {
        long sequence = api.activeProgram("""
                {"name": "welcome %s", "kind": "SEQUENCE", "goal": {"activity": "replied"}, "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P14D"},
                  {"type": "task", "text": "Call about the guide"}]}""".formatted(run, api.liveArticle("Welcome " + run)));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + lead + "]}")
                .andExpect(status().isOk());
        return sequence;
    }
}
