package io.keepwarm.program;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import io.keepwarm.support.TestClock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reply from a contact the engine is working on right now (it holds their enrollment while it locks the contact)
 * does not keep the activity feed waiting: the feed's work on the reply commits, and the goal waits alone for the
 * engine to let go. Before, the feed waited for the enrollment inside its own transaction, holding what its scoring
 * and triggers had locked, and met the engine waiting for those: a deadlock. PostgreSQL only, where the test can
 * hold the enrollment as the engine does.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class GoalOnArrivalBesideTheEngineTest {

    @Autowired Api api;
    @Autowired Enrollments enrollments;
    @Autowired Activities activities;
    @Autowired ActivityFeed feed;
    @Autowired TestClock clock;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    @Test
    void theFeedCommitsAReplyWhileTheEngineHoldsTheEnrollmentAndTheGoalEndsItOnceTheEngineLetsGo() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long lead = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("busy")));
        long sequence = api.activeProgram("""
                {"name": "held %s", "kind": "SEQUENCE", "goal": {"activity": "replied"},
                 "steps": [{"type": "wait", "duration": "P14D"}, {"type": "addTag", "tag": "walked-%s"}]}"""
                .formatted(run, run));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + lead + "]}")
                .andExpect(status().isOk());
        long enrollment = enrollments.list(sequence, null, null, 1).items().getFirst().id();
        activities.record(List.of(new Activity(lead, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        long batch = jdbc.sql("SELECT batch_id FROM activities WHERE contact_id = ? AND type = 'REPLIED'").param(lead)
                .query(Long.class).single();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> engine = pool.submit(() -> tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT id FROM enrollments WHERE id = ? FOR UPDATE").param(enrollment).query(Long.class).list();
            held.countDown();
            Locks.await(release);
        }));
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Integer> following = pool.submit(feed::followAll);
        Locks.waitUntil(() -> Locks.sessionsWaiting(jdbc) >= 1, "the goal came to wait for the enrollment");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM activity_batches WHERE id = ?").param(batch).query(Long.class).single())
                .as("the reply's batch is followed and committed while the engine holds the enrollment").isZero();

        release.countDown();
        engine.get(30, TimeUnit.SECONDS);
        following.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        Enrollment ended = enrollments.list(sequence, null, null, 1).items().getFirst();
        assertThat(ended.status()).isEqualTo(Enrollment.Status.COMPLETED);
        assertThat(ended.endReason()).isEqualTo(Enrollments.GOAL_REACHED);
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }
}
