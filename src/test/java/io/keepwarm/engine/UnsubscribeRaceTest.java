package io.keepwarm.engine;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
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
 * An unsubscribe that commits while a planning pass waits to send to the contact wins: the pass plans and sends in
 * one transaction and locks the contact before it reads consent, as every consent statement locks it before writing.
 * PostgreSQL only, where the test can see the engine waiting for the lock.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class UnsubscribeRaceTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Consents consents;
    @Autowired Delivery delivery;
    @Autowired TestClock clock;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anUnsubscribeThatCommitsWhileThePlanningPassWaitsForTheContactStopsTheTouch() throws Exception {
        long lead = api.createContact("""
                {"email": "%s", "firstName": "Ada", "timeZone": "Europe/Berlin"}""".formatted(uniqueEmail("race")));
        consents.record(lead, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        long sequence = api.activeProgram("""
                {"name": "race %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, api.liveArticle("Race " + run)));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + lead + "]}")
                .andExpect(status().isOk());
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"))
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0).toInstant());

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Future<?> unsubscribe = pool.submit(() -> tx.executeWithoutResult(status -> {
            consents.record(lead, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe link", null));
            written.countDown();
            try {
                commit.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(written.await(30, TimeUnit.SECONDS)).as("the unsubscribe wrote, uncommitted").isTrue();
        Future<Engine.Planned> planning = pool.submit(engine::plan);
        waitUntilTheEngineWaitsForALock();
        commit.countDown();
        unsubscribe.get(30, TimeUnit.SECONDS);
        planning.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(delivery.outbox(lead, null, null, 10).items()).isEmpty();
        assertThat(engine.touchesOf(lead)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(Touch.State.SUPPRESSED);
            assertThat(t.reason()).isEqualTo("CONSENT_WITHDRAWN");
        });
    }

    /**
     * Polls PostgreSQL's own view of its sessions until the engine waits for a lock the unsubscribe holds (whichever
     * statement it waits in: one that read consent before waiting would send, and this test would fail).
     */
    private void waitUntilTheEngineWaitsForALock() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .query(Long.class).single() == 0) {
            assertThat(System.nanoTime()).as("the engine came to wait for the contact's lock").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
