package io.keepwarm.activity;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;

/**
 * A batch of events the database gives up to end a deadlock is run again and recorded, and one it gives up every
 * time is answered 503 with a Retry-After, never 500: nothing was recorded and the same batch may be sent again.
 * PostgreSQL only, where rows referring to a contact share its row and a real deadlock can be made.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class EventsDeadlockTest {

    @Autowired Api api;
    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aBatchThatLosesADeadlockIsRunAgainAndEveryEventOfItIsRecorded() throws Exception {
        long first = api.createContact("{\"email\": \"" + uniqueEmail("dl-first") + "\"}");
        long second = api.createContact("{\"email\": \"" + uniqueEmail("dl-second") + "\"}");
        String batch = """
                {"events": [{"id": "%1$s-a", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/pricing"},
                            {"id": "%1$s-b", "contactId": %3$d, "type": "PAGE_VIEW", "target": "/pricing"}]}"""
                .formatted(run, first, second);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            try (Statement s = other.createStatement()) {
                // This session never looks for the deadlock itself: the batch, waiting first, finds it and gives way.
                s.execute("SET deadlock_timeout = '60s'");
            } catch (SQLException notAllowed) {
                // Without the right to set it, the batch still waits first and so looks first.
            }
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                // Another writer that locks against the order: the second contact first…
                s.executeQuery("SELECT id FROM contacts WHERE id = " + second + " FOR UPDATE").close();
                Future<ResultActions> posted = pool.submit(() -> api.post("/api/v1/events", batch));
                // …while the batch shares the first contact's row and waits for the second's…
                Locks.waitUntil(() -> waitingToInsertActivities() > 0 || posted.isDone(),
                        "the batch came to wait for the second contact");
                assertThat(posted.isDone()).as("the batch waits for the held contact").isFalse();
                // …and then the first: each waits for the other. This returns only once the batch's transaction has
                // ended, which it cannot by committing: the database gave it up.
                s.executeQuery("SELECT id FROM contacts WHERE id = " + first + " FOR UPDATE").close();
                other.commit();
                var answer = json(posted.get(30, TimeUnit.SECONDS).andExpect(status().isOk()));
                assertThat(answer.get("accepted").asInt()).isEqualTo(2);
                assertThat(answer.get("rejected")).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT contact_id FROM activities WHERE client_event_id LIKE ? ORDER BY contact_id")
                .param(run + "-%").query(Long.class).list()).containsExactly(first, second);
    }

    @Test
    void aBatchTheDatabaseGivesUpOnEveryTryIsAnsweredBusyWithRetryAfterAndNothingOfItIsRecorded() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("dl-busy") + "\"}");
        String batch = """
                {"events": [{"id": "%1$s-1", "contactId": %2$d, "type": "PAGE_VIEW", "target": "/docs"},
                            {"id": "%1$s-2", "contactId": %2$d, "type": "PAGE_VIEW", "target": "busy-%1$s"}]}"""
                .formatted(run, contact);
        // A real statement failing as a deadlock does, on every try: this test's own sound event only.
        Locks.whileInsertsDeadlock(jdbc, "activities", "NEW.target = 'busy-" + run + "'", () -> {
            var busy = api.post("/api/v1/events", batch).andExpect(status().isServiceUnavailable());
            var response = busy.andReturn().getResponse();
            assertThat(response.getHeader("Retry-After")).isNotBlank();
            assertThat(response.getContentType()).startsWith("application/problem+json");
            var problem = json(busy);
            assertThat(problem.get("status").asInt()).isEqualTo(503);
            assertThat(problem.get("title").asString()).isEqualTo("Busy");
            assertThat(problem.get("detail").asString()).contains("nothing of it was recorded")
                    .contains("Send the same request again");
            assertThat(recorded()).as("the whole batch was rolled back, its sound event too").isZero();
        });
        // Sent again once the database lets it through, the batch is recorded, once.
        api.post("/api/v1/events", batch).andExpect(status().isOk());
        assertThat(recorded()).isEqualTo(2);
    }

    private long waitingToInsertActivities() {
        return jdbc.sql("""
                SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                   AND query LIKE '%INSERT INTO activities%'""").query(Long.class).single();
    }

    private long recorded() {
        return jdbc.sql("SELECT COUNT(*) FROM activities WHERE client_event_id LIKE ?").param(run + "-%")
                .query(Long.class).single();
    }
}
