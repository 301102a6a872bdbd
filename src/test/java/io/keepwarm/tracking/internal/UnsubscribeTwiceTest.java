package io.keepwarm.tracking.internal;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.util.List;
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
 * A mail client's one-click unsubscribe and the page's button, arriving at once, withdraw consent once: one ledger
 * entry, one UNSUBSCRIBED activity for triggers to hear. PostgreSQL only, where the test can see both requests
 * waiting for the contact's lock.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class UnsubscribeTwiceTest {

    @Autowired Api api;
    @Autowired Answers answers;
    @Autowired Consents consents;
    @Autowired Activities activities;
    @Autowired TestClock clock;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    @Test
    void twoUnsubscribesAtOnceWithdrawConsentOnce() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("twice") + "\"}");
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        Visitor visitor = new Visitor("203.0.113.9", "Mail client", null);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Something else holds the contact for a moment (a send in progress), so both requests arrive while it does.
        Future<?> holder = pool.submit(() -> tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT id FROM contacts WHERE id = ? FOR UPDATE").param(contact).query(Long.class).list();
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        Future<?> oneClick = pool.submit(() -> answers.unsubscribe(contact, 0, visitor, true));
        Future<?> button = pool.submit(() -> answers.unsubscribe(contact, 0, visitor, false));
        waitUntilSessionsWaitForALock(2);
        release.countDown();
        holder.get(30, TimeUnit.SECONDS);
        oneClick.get(30, TimeUnit.SECONDS);
        button.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(consents.ledger(contact)).filteredOn(e -> e.state() == ConsentState.WITHDRAWN).hasSize(1);
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.UNSUBSCRIBED, clock.instant().minusSeconds(60)))
                .hasSize(1);
    }

    private void waitUntilSessionsWaitForALock(int sessions) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .query(Long.class).single() < sessions) {
            assertThat(System.nanoTime()).as("both requests came to wait for the contact's lock").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
