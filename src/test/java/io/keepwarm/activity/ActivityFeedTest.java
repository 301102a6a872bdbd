package io.keepwarm.activity;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.identity.Role;
import io.keepwarm.scoring.Scores;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** What follows the activity log takes each logged batch once, however many take part, and a bad batch holds nothing up. */
@KeepwarmTest
class ActivityFeedTest {

    @Autowired Api api;
    @Autowired ActivityFeed feed;
    @Autowired Activities activities;
    @Autowired ScoringRules rules;
    @Autowired Scores scores;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired TransactionTemplate transaction;

    @AfterEach
    void removeRules() {
        rules.behaviourRules().forEach(r -> rules.deleteBehaviourRule(r.id()));
        jdbc.sql("DELETE FROM activity_batches WHERE failed_at IS NOT NULL").update();
    }

    @Test
    void followersRacingOverTheSameLogScoreEachActivityOnce() throws Exception {
        feed.followAll();
        rules.save(null, new ScoringRules.BehaviourRule(null, "Opened", ActivityType.EMAIL_OPENED, null, null, 1, null,
                null, true));
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("raced") + "\"}");
        for (int i = 0; i < 60; i++) {
            activities.record(List.of(new Activity(contact, ActivityType.EMAIL_OPENED, clock.instant(), Channel.EMAIL, null)));
        }

        var pool = Executors.newFixedThreadPool(3);
        CyclicBarrier start = new CyclicBarrier(3);
        List<Callable<Integer>> followers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            followers.add(() -> {
                start.await();
                return feed.followAll();
            });
        }
        int batches = 0;
        for (var done : pool.invokeAll(followers)) {
            batches += done.get();
        }
        pool.shutdown();

        assertThat(batches).as("each logged batch taken once").isEqualTo(60);
        assertThat(scores.of(contact).score()).isEqualTo(60);
    }

    @Test
    void aBatchThatMeetsALockTimeoutWaitsForTheNextRoundInsteadOfBeingSetAside() throws Exception {
        feed.followAll();
        rules.save(null, new ScoringRules.BehaviourRule(null, "Replied", ActivityType.REPLIED, null, null, 10, null,
                null, true));
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("busy") + "\"}");
        activities.record(List.of(new Activity(contact, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        // A follower meeting what a busy database answers while another transaction holds the rows it needs.
        ActivityFeed busy = new ActivityFeed(jdbc, List.of(batch -> {
            throw new CannotAcquireLockException("canceling statement due to lock timeout");
        }), clock.clock(), transaction);

        assertThat(busy.followAll()).isZero();
        assertThat(feed.failedBatches()).isZero();

        feed.followAll();
        assertThat(scores.of(contact).score()).as("followed at the next round").isEqualTo(10);
    }

    @Test
    void aBatchThatMeetsALockTimeoutRoundAfterRoundIsSetAsideInTheEndNotWaitedForForever() throws Exception {
        feed.followAll();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("stuck") + "\"}");
        activities.record(List.of(new Activity(contact, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        ActivityFeed busy = new ActivityFeed(jdbc, List.of(batch -> {
            throw new CannotAcquireLockException("canceling statement due to lock timeout");
        }), clock.clock(), transaction);

        for (int round = 1; round < ActivityFeed.PASSING_FAILURES; round++) {
            assertThat(busy.followAll()).as("round %d waits", round).isZero();
        }
        assertThat(feed.failedBatches()).isZero();
        busy.followAll();
        assertThat(feed.failedBatches()).isEqualTo(1);
    }

    @Test
    void aBatchNoFollowerCanTakeIsSetAsideAndTheRestIsFollowed() throws Exception {
        feed.followAll();
        rules.save(null, new ScoringRules.BehaviourRule(null, "Replied", ActivityType.REPLIED, null, null, 10, null,
                null, true));
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("poisoned") + "\"}");
        activities.record(List.of(new Activity(contact, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        // A row this version cannot read, as a newer version's event type would be.
        jdbc.sql("UPDATE activities SET type = 'FROM_THE_FUTURE' WHERE contact_id = ?").param(contact).update();
        activities.record(List.of(new Activity(contact, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));

        feed.followAll();

        assertThat(scores.of(contact).score()).as("the good batch after the bad one").isEqualTo(10);
        assertThat(feed.failedBatches()).isEqualTo(1);
        assertThat(feed.lag()).isZero();
        assertThat(feed.followAll()).as("set aside, not retried ahead of new work").isZero();
    }

    @Test
    void anAdministratorSeesASetAsideBatchWithItsErrorAndReplaysItOnceTheCauseIsMended() throws Exception {
        feed.followAll();
        rules.save(null, new ScoringRules.BehaviourRule(null, "Replied", ActivityType.REPLIED, null, null, 10, null,
                null, true));
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("replayed") + "\"}");
        activities.record(List.of(new Activity(contact, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        ActivityFeed broken = new ActivityFeed(jdbc, List.of(batch -> {
            throw new IllegalStateException("trigger 7 names a program that was deleted");
        }), clock.clock(), transaction);
        broken.followAll();
        assertThat(feed.failedBatches()).isEqualTo(1);

        var listed = Api.json(api.get("/api/v1/admin/activity/set-aside").andExpect(status().isOk())
                .andExpect(jsonPath("$.nextCursor").value(org.hamcrest.Matchers.nullValue()))).get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("error").asString()).contains("trigger 7 names a program that was deleted");
        assertThat(listed.get(0).get("activities").asLong()).isEqualTo(1);
        api.as(Role.MARKETER, get("/api/v1/admin/activity/set-aside")).andExpect(status().isForbidden());

        api.post("/api/v1/admin/activity/set-aside/" + listed.get(0).get("id").asLong() + "/replay", "")
                .andExpect(status().isOk());
        feed.followAll();

        assertThat(scores.of(contact).score()).as("the replayed reply scored").isEqualTo(10);
        assertThat(feed.failedBatches()).isZero();
        api.post("/api/v1/admin/activity/set-aside/" + listed.get(0).get("id").asLong() + "/replay", "")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("GET /api/v1/admin/activity/set-aside")));
    }
}
