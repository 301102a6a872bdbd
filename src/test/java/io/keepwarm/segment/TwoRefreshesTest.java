package io.keepwarm.segment;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.identity.Role;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import io.keepwarm.support.TestClock;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The admin's refresh and the 5-second job (or two instances) refreshing one segment at the same moment tell who
 * entered and who left exactly once. PostgreSQL only, where the test can hold the segment's row and see both
 * refreshes come to wait.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class TwoRefreshesTest {

    private static final int CONTACTS = 300;

    @Autowired Api api;
    @Autowired Segments segments;
    @Autowired Membership membership;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ConfigurableApplicationContext context;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Queue<Object> published = new ConcurrentLinkedQueue<>();
    private final ApplicationListener<ApplicationEvent> recorder = event -> {
        if (event instanceof PayloadApplicationEvent<?> payload
                && (payload.getPayload() instanceof SegmentEntered || payload.getPayload() instanceof SegmentLeft)) {
            published.add(payload.getPayload());
        }
    };
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @BeforeEach
    void record() {
        context.addApplicationListener(recorder);
    }

    @AfterEach
    void stopRecording() {
        context.removeApplicationListener(recorder);
        pool.shutdownNow();
    }

    @Test
    void anEditedSegmentRebuiltByTheAdminsRefreshAndTheJobAtOnceTellsWhoLeftOnce() throws Exception {
        List<Long> contacts = contactsTagged("leaving-" + run);
        long segment = segment("leaving " + run, "tag = \\\"leaving-" + run + "\\\"");
        membership.refresh(false);
        assertThat(segments.recordedMembers(segment)).hasSize(CONTACTS);
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/segments/" + segment).contentType("application/json")
                        .content("{\"name\": \"leaving " + run + "\", \"text\": \"tag = \\\"nobody-" + run + "\\\"\"}"))
                .andExpect(MockMvcResultMatchers.status().isOk());

        Held held = hold("SELECT id FROM segments WHERE id = ? FOR UPDATE", segment);
        Future<?> admin = pool.submit(() -> membership.refresh(true));
        Future<?> job = pool.submit(() -> membership.refresh(false));
        Locks.waitUntil(() -> Locks.sessionsWaiting(jdbc) >= 2, "both refreshes came to the segment");
        held.release();
        admin.get(60, TimeUnit.SECONDS);
        job.get(60, TimeUnit.SECONDS);

        assertThat(left(segment)).as("each contact left once").hasSize(CONTACTS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(contacts);
        assertThat(segments.recordedMembers(segment)).isEmpty();
    }

    @Test
    void aRebuildAndARecheckOfTheSameContactsAtOnceTellWhoEnteredOnceAndBothFinish() throws Exception {
        long segment = segment("entering " + run, "tag = \\\"entering-" + run + "\\\" and created_at >= today-30d");
        membership.refresh(false);
        List<Long> contacts = contactsTagged("entering-" + run);
        segments.recheck(contacts);

        // The rebuild adds every member but the last, then waits for that contact (someone is editing it); the
        // re-check comes to the first member the rebuild added and waits for the rebuild to end.
        Held held = hold("SELECT id FROM contacts WHERE id = ? FOR UPDATE", contacts.getLast());
        Future<?> rebuild = pool.submit(() -> membership.refresh(true));
        Locks.waitUntil(() -> Locks.sessionsWaiting(jdbc) >= 1, "the rebuild came to the last contact");
        Future<?> recheck = pool.submit(() -> membership.refresh(false));
        Locks.waitUntil(() -> Locks.sessionsWaiting(jdbc) >= 2, "the re-check came to the rebuild's members");
        held.release();
        rebuild.get(60, TimeUnit.SECONDS);
        recheck.get(60, TimeUnit.SECONDS);

        assertThat(entered(segment)).as("each contact entered once").hasSize(CONTACTS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(contacts);
        assertThat(segments.recordedMembers(segment)).containsExactlyInAnyOrderElementsOf(contacts);
    }

    /** A transaction holding a row, as someone saving it would, until released. */
    private record Held(CountDownLatch latch, Future<?> done) {

        void release() throws Exception {
            latch.countDown();
            done.get(60, TimeUnit.SECONDS);
        }
    }

    private Held hold(String sql, long id) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> done = pool.submit(() -> tx.executeWithoutResult(status -> {
            jdbc.sql(sql).param(id).query(Long.class).list();
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        return new Held(release, done);
    }

    private List<Long> contactsTagged(String tag) {
        // Written in three statements: the refreshes, not the set-up, are what this test is about.
        var now = java.sql.Timestamp.from(clock.instant());
        jdbc.sql("""
                INSERT INTO contacts (email, time_zone, source, validity, created_at, updated_at)
                SELECT ? || '-' || g || '@example.com', 'UTC', 'IMPORT', 'VALID', ?, ?
                  FROM generate_series(1, ?) g(g)""").params(tag, now, now, CONTACTS).update();
        List<Long> ids = jdbc.sql("SELECT id FROM contacts WHERE email LIKE ? ORDER BY id").param(tag + "-%")
                .query(Long.class).list();
        jdbc.sql("INSERT INTO contact_tags (contact_id, tag) SELECT id, ? FROM contacts WHERE email LIKE ?")
                .params(tag, tag + "-%").update();
        return ids;
    }

    private long segment(String name, String text) throws Exception {
        return json(api.post("/api/v1/segments", "{\"name\": \"" + name + "\", \"text\": \"" + text + "\"}")
                .andExpect(MockMvcResultMatchers.status().isCreated())).get("id").asLong();
    }

    private List<Long> entered(long segment) {
        return published.stream().filter(e -> e instanceof SegmentEntered s && s.segmentId() == segment)
                .flatMap(e -> ((SegmentEntered) e).contactIds().stream()).toList();
    }

    private List<Long> left(long segment) {
        return published.stream().filter(e -> e instanceof SegmentLeft s && s.segmentId() == segment)
                .flatMap(e -> ((SegmentLeft) e).contactIds().stream()).toList();
    }
}
