package io.keepwarm.trigger.internal;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import io.keepwarm.trigger.Firing;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.Triggers;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two evaluators firing for one contact at the same moment (two activity-feed batches, two instances, the date job
 * and the feed) together stay within the contact's daily limit: the second counts the first's firings. PostgreSQL
 * only, where the test can hold the first evaluator's transaction open while the second runs.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class DailyLimitAtOnceTest {

    @Autowired Api api;
    @Autowired Triggers triggers;
    @Autowired Evaluator evaluator;
    @Autowired TriggerProperties properties;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    @Test
    void twoEvaluatorsFiringForOneContactAtOnceStayWithinItsDailyLimit() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long id = json(api.post("/api/v1/triggers", """
                {"name": "Busy %s", "status": "PAUSED", "when": {"type": "activity", "activity": "REPLIED"},
                 "actions": [{"type": "adjustScore", "points": 1}]}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
        Trigger trigger = triggers.get(id);
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("busy")));
        int limit = properties.maxFiringsPerContactPerDay();
        List<Occurrence> upToTheLimit = IntStream.range(0, limit)
                .mapToObj(i -> new Occurrence(trigger, contact, "first:" + i, "replied")).toList();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch evaluated = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Future<?> first = pool.submit(() -> tx.executeWithoutResult(status -> {
            evaluator.evaluate(upToTheLimit);
            evaluated.countDown();
            Locks.await(commit);
        }));
        assertThat(evaluated.await(30, TimeUnit.SECONDS)).isTrue();
        Future<?> second = pool.submit(() -> tx.executeWithoutResult(status ->
                evaluator.evaluate(List.of(new Occurrence(trigger, contact, "second:0", "replied")))));
        Locks.waitUntil(() -> second.isDone() || Locks.sessionsWaiting(jdbc) > 0,
                "the second evaluator finished beside the first (the defect) or came to wait for it");
        commit.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        List<Firing> firings = triggers.firings(id, null, 500).items();
        assertThat(firings).filteredOn(f -> f.outcome() == Firing.Outcome.FIRED).hasSize(limit);
        assertThat(firings).filteredOn(f -> f.occurrence().equals("second:0")).singleElement()
                .satisfies(f -> assertThat(f.reason()).startsWith("LIMIT"));
    }
}
