package io.keepwarm.scoring;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.scoring.internal.FitGrading;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background regrade after a fit rule changed, meeting a person's edit of one of the contacts it grades, leaves
 * the grade the edited contact earns: it never writes a grade worked out from what the edit just replaced.
 * PostgreSQL only, where the test can hold the regrade between reading the contact and writing its grade.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class RegradeBesideAContactChangeTest {

    @Autowired Api api;
    @Autowired ScoringRules rules;
    @Autowired Scores scores;
    @Autowired FitGrading grading;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void removeRules() {
        rules.fitRules().forEach(r -> rules.deleteFitRule(r.id()));
        grading.regradeDue();
    }

    @Test
    void aContactEditedWhileEveryoneIsRegradedKeepsTheGradeItsNewTitleEarns() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long contact = api.createContact("{\"email\": \"%s\", \"title\": \"CTO %s\"}".formatted(uniqueEmail("cto"), run));
        long rule = rules.save(null, new ScoringRules.FitRule(null, "Founders " + run, "title = \"Founder " + run + "\"",
                100)).id();
        grading.regradeDue();
        assertThat(scores.of(contact).grade()).isEqualTo("D");
        rules.save(rule, new ScoringRules.FitRule(rule, "CTOs " + run, "title = \"CTO " + run + "\"", 100));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Something else scores the contact for a moment (the activity feed), so the regrade waits to write.
        Future<?> holder = pool.submit(() -> tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT contact_id FROM contact_scores WHERE contact_id = ? FOR UPDATE").param(contact)
                    .query(Long.class).list();
            held.countDown();
            Locks.await(release);
        }));
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Integer> regrade = pool.submit(grading::regradeDue);
        Locks.waitUntil(() -> Locks.sessionsWaiting(jdbc) >= 1, "the regrade came to wait for the contact's score");
        Future<?> edit = pool.submit(() -> {
            api.patch("/api/v1/contacts/" + contact, "{\"title\": \"Intern %s\"}".formatted(run))
                    .andExpect(status().isOk());
            return null;
        });
        Locks.waitUntil(() -> edit.isDone() || Locks.sessionsWaiting(jdbc) >= 2, "the edit finished or came to wait");
        release.countDown();
        holder.get(30, TimeUnit.SECONDS);
        regrade.get(60, TimeUnit.SECONDS);
        edit.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(scores.of(contact).grade()).as("an intern earns no fit points").isEqualTo("D");
    }
}
