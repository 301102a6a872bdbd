package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contacts;
import io.keepwarm.engine.internal.Dispatcher;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.DayOfWeek;
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
 * would: every touch goes out exactly once. PostgreSQL only, where FOR UPDATE SKIP LOCKED is what production runs.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class TwoWorkersTest {

    private static final int CONTACTS = 400;

    @Autowired Api api;
    @Autowired Contacts contacts;
    @Autowired Consents consents;
    @Autowired Engine engine;
    @Autowired Dispatcher dispatcher;
    @Autowired TransactionTemplate tx;
    @Autowired SimulatedClock clock;
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
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.TUESDAY))
                .withHour(10).withMinute(0).toInstant());
        engine.plan();

        Callable<Integer> worker = () -> {
            int sent = 0;
            while (true) {
                Map<Dispatcher.Outcome, Integer> batch = tx.execute(status -> dispatcher.sendBatch(25));
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
}
