package io.keepwarm.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two Keepwarm instances on one PostgreSQL run the date job at the same moment, as two threads each with its own
 * transactions would: every contact's date trigger fires once and its actions run once (a score adjusted twice would
 * show 2 points). PostgreSQL only, where the unique index makes the second inserter wait for the first and then
 * find the occurrence taken.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class TwoInstancesTest {

    private static final int CONTACTS = 1200;

    @Autowired Api api;
    @Autowired Triggers triggers;
    @Autowired TriggerJobs jobs;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void pause() {
        new TriggerSteps(api, triggers).pauseAll();
    }

    @Test
    void twoInstancesRunningTheDateJobAtOnceFireEachDateTriggerOnce() throws Exception {
        String renewal = "renewal_" + run;
        new TriggerSteps(api, triggers).dateAttribute(renewal);
        // 25 days away: the trigger's 30th day before was 5 days ago, within the week it reaches back, for all at once.
        LocalDate due = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(25);
        // Contacts written in three statements: the job, not the set-up, is what this test is about.
        var now = java.sql.Timestamp.from(clock.instant());
        jdbc.sql("""
                INSERT INTO contacts (email, time_zone, source, validity, created_at, updated_at)
                SELECT 'twice-' || ? || '-' || g || '@example.com', 'UTC', 'IMPORT', 'VALID', ?, ?
                  FROM generate_series(1, ?) g(g)""").params(run, now, now, CONTACTS).update();
        jdbc.sql("""
                INSERT INTO contact_attributes (contact_id, attr_key, value_date)
                SELECT id, ?, ? FROM contacts WHERE email LIKE ?""").params(renewal, due, "twice-" + run + "-%").update();
        jdbc.sql("INSERT INTO contact_tags (contact_id, tag) SELECT id, ? FROM contacts WHERE email LIKE ?")
                .params("twice-" + run, "twice-" + run + "-%").update();
        long trigger = new TriggerSteps(api, triggers).create("""
                {"name": "Renewal %1$s", "when": {"type": "daysBefore", "attribute": "%2$s", "days": 30},
                 "condition": "tag = \\"twice-%1$s\\"", "actions": [{"type": "adjustScore", "points": 1}]}"""
                .formatted(run, renewal));

        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Integer> instance = () -> {
            together.await();
            return jobs.dates().firedByDates();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> both = pool.invokeAll(List.of(instance, instance));
        pool.shutdown();
        int first = both.get(0).get();
        int second = both.get(1).get();
        System.out.printf("Two instances: %d and %d firings%n", first, second);

        assertThat(first + second).as("fired %d and %d", first, second).isEqualTo(CONTACTS);
        assertThat(count("SELECT COUNT(*) FROM trigger_firings WHERE trigger_id = ? AND outcome = 'FIRED'", trigger))
                .isEqualTo(CONTACTS);
        assertThat(count("""
                SELECT COUNT(*) FROM score_changes WHERE cause = 'TRIGGER' AND contact_id IN (
                    SELECT contact_id FROM trigger_firings WHERE trigger_id = ?)""", trigger))
                .as("one score change per contact, never two").isEqualTo(CONTACTS);
        assertThat(count("""
                SELECT COUNT(*) FROM contact_scores WHERE score = 1 AND contact_id IN (
                    SELECT contact_id FROM trigger_firings WHERE trigger_id = ?)""", trigger)).isEqualTo(CONTACTS);
    }

    private long count(String sql, long trigger) {
        return jdbc.sql(sql).param(trigger).query(Long.class).single();
    }
}
