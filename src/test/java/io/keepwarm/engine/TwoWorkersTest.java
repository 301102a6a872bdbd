package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.Contacts;
import io.keepwarm.engine.internal.Dispatcher;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two workers send the same due touches at once, in small batches, as two Keepwarm instances on one PostgreSQL
 * would: every touch goes out exactly once; and two engines plan and send a large tick at once. PostgreSQL only,
 * where FOR UPDATE SKIP LOCKED is what production runs.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class TwoWorkersTest {

    private static final int CONTACTS = 400;

    /**
     * Due touches for two whole engines at once, the 100,000: about 40 s on the shared two-core machine
     * (20,000 took 8 s); -Dkeepwarm.test.engine-touches=20000 gives a quicker run while iterating.
     */
    private static final int ENGINE_TOUCHES = Integer.getInteger("keepwarm.test.engine-touches", 100_000);

    @Autowired Api api;
    @Autowired Contacts contacts;
    @Autowired Consents consents;
    @Autowired Engine engine;
    @Autowired Dispatcher dispatcher;
    @Autowired TransactionTemplate tx;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void twoWorkersSendingAtOnceSendEveryTouchExactlyOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            long id = contacts.upsert(ContactInput.ofEmail(uniqueEmail("worker" + i))).contact().id();
            consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
            ids.add(id);
        }
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Workers " + run).put("type", "ARTICLE")
                .put("status", "LIVE");
        piece.putObject("variants").putObject("email").put("subject", "Workers " + run).put("html", "<p>Hello</p>");
        long content = json(api.post("/api/v1/content", piece.toString())).get("id").asLong();
        long program = json(api.post("/api/v1/programs", """
                {"name": "workers %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, content))).get("id").asLong();
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": " + ids + "}").andExpect(status().isOk());
        // Planned on a Saturday, every touch waits for the week: the workers below share the ones then due.
        Instant saturday = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.SATURDAY)).withHour(10).withMinute(0).toInstant();
        clock.set(saturday);
        engine.plan();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM touches WHERE program_id = ? AND state = 'PLANNED'").param(program)
                .query(Long.class).single()).isEqualTo(CONTACTS);
        clock.set(saturday.plus(Duration.ofDays(3)));

        Callable<Integer> worker = () -> {
            int sent = 0;
            while (true) {
                Map<Dispatcher.Outcome, Integer> batch = tx.execute(status -> dispatcher.sendBatch(25, id -> { }));
                if (batch == null || batch.isEmpty()) {
                    return sent;
                }
                sent += batch.getOrDefault(Dispatcher.Outcome.SENT, 0);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> workers = pool.invokeAll(List.of(worker, worker));
        pool.shutdown();
        int first = workers.get(0).get();
        int second = workers.get(1).get();

        assertThat(first + second).isEqualTo(CONTACTS);
        assertThat(first).as("both workers took a share").isPositive();
        assertThat(second).as("both workers took a share").isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM touches WHERE program_id = ? AND state = 'SENT'").param(program)
                .query(Long.class).single()).isEqualTo(CONTACTS);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM activities a JOIN touches t ON a.target = CONCAT('touch:', CAST(t.id AS VARCHAR(20)))
                 WHERE t.program_id = ? AND a.type = 'TOUCH_SENT'""").param(program).query(Long.class).single())
                .as("one sent activity per touch, never two").isEqualTo(CONTACTS);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_messages o JOIN touches t ON o.touch_id = t.id WHERE t.program_id = ?")
                .param(program).query(Long.class).single()).isEqualTo(CONTACTS);
    }

    @Test
    void twoEnginesPlanningAndSendingOneLargeTickAtOnceSendEveryTouchExactlyOnce() throws Exception {
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.TUESDAY))
                .withHour(10).withMinute(0).toInstant());
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Engines " + run).put("type", "ARTICLE")
                .put("status", "LIVE").set("fallbacks", JsonMapper.shared().createObjectNode().put("contact.first_name", "there"));
        piece.putObject("variants").putObject("email").put("subject", "Engines " + run)
                .put("html", "<p>Dear {{ contact.first_name }},</p><p>Something useful.</p>");
        long content = json(api.post("/api/v1/content", piece.toString())).get("id").asLong();
        long program = json(api.post("/api/v1/programs", """
                {"name": "engines %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P30D"}]}"""
                .formatted(run, content))).get("id").asLong();
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());
        enrollDue(program, ENGINE_TOUCHES);

        Callable<Integer> instance = () -> engine.plan().sent().count(Dispatcher.Outcome.SENT)
                + engine.send().count(Dispatcher.Outcome.SENT);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> instances = pool.invokeAll(List.of(instance, instance));
        pool.shutdown();
        int first = instances.get(0).get();
        int second = instances.get(1).get();

        // At least: the engines also send whatever other tests of this shared database left due at this hour.
        assertThat(first + second).as("sent; the program's touches by state and reason: %s", jdbc.sql(
                "SELECT state || '/' || COALESCE(reason, '') || '=' || COUNT(*) FROM touches WHERE program_id = ? GROUP BY state, reason")
                .param(program).query(String.class).list()).isGreaterThanOrEqualTo(ENGINE_TOUCHES);
        assertThat(first).as("both engines took a share").isPositive();
        assertThat(second).as("both engines took a share").isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM touches WHERE program_id = ?").param(program).query(Long.class).single())
                .as("one touch planned per enrollment, never two").isEqualTo(ENGINE_TOUCHES);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM touches WHERE program_id = ? AND state = 'SENT'").param(program)
                .query(Long.class).single()).isEqualTo(ENGINE_TOUCHES);
        assertThat(jdbc.sql("""
                SELECT COUNT(*), COUNT(DISTINCT o.touch_id), COUNT(DISTINCT o.contact_id) FROM outbox_messages o
                  JOIN touches t ON o.touch_id = t.id WHERE t.program_id = ?""").param(program)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single())
                .as("one message per touch and per contact").containsOnly((long) ENGINE_TOUCHES);
        // Matched in Java: a join on the computed target text makes PostgreSQL compare every pair.
        java.util.Set<String> touches = new java.util.HashSet<>(jdbc.sql("SELECT id FROM touches WHERE program_id = ?")
                .param(program).query((rs, n) -> "touch:" + rs.getLong(1)).list());
        List<String> sent = jdbc.sql("SELECT target FROM activities WHERE type = 'TOUCH_SENT'").query(String.class).list()
                .stream().filter(touches::contains).toList();
        assertThat(sent).as("one sent activity per touch, never two").hasSize(ENGINE_TOUCHES).doesNotHaveDuplicates();
        // Out of the shared outbox: later tests' emails would wait behind 100,000 of these, and a drain whose first
        // claims are all put back for the contacts' quiet hours (they waited) stops before reaching them.
        jdbc.sql("DELETE FROM outbox_messages WHERE touch_id IN (SELECT id FROM touches WHERE program_id = ?)")
                .param(program).update();
    }

    /** Contacts with email consent, enrolled and due now, written set-based: the API would take minutes for them. */
    private void enrollDue(long program, int count) {
        var now = Timestamps.of(clock.instant());
        String prefix = "engines-" + run + "-";
        jdbc.sql("""
                INSERT INTO contacts (email, first_name, time_zone, source, validity, created_at, updated_at)
                SELECT ? || g || '@example.com', 'First' || g, 'UTC', 'IMPORT', 'VALID', ?, ? FROM generate_series(1, ?) g""")
                .params(prefix, now, now, count).update();
        // Before anything refers to them: a foreign-key check keeps the plan its connection made while contacts was
        // small (a scan of the whole table) until the table's statistics change; 100,000 consents took minutes so.
        jdbc.sql("ANALYZE contacts").update();
        jdbc.sql("""
                INSERT INTO consent_events (contact_id, channel, state, source, recorded_at, recorded_by)
                SELECT id, 'EMAIL', 'GRANTED', 'test', ?, 'test' FROM contacts WHERE email LIKE ?""")
                .params(now, prefix + "%").update();
        jdbc.sql("""
                INSERT INTO enrollments (program_id, contact_id, active_contact_id, status, source, enrolled_at, step,
                    occurrence, next_due_at)
                SELECT ?, id, id, 'ACTIVE', 'API', ?, 0, 0, ? FROM contacts WHERE email LIKE ?""")
                .params(program, now, now, prefix + "%").update();
        jdbc.sql("ANALYZE consent_events, enrollments").update();
    }
}
