package io.keepwarm.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.KeepwarmProcess;
import io.keepwarm.support.KeepwarmTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Keepwarm JVMs on one PostgreSQL, each running the date job every 200 ms on its own schedule: each contact's
 * date trigger fires once and its action runs once, and more runs on both at once change nothing. PostgreSQL only,
 * in a schema of its own.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class TwoProcessesTest {

    private static final int CONTACTS = 300;
    private static final String KEY = "kw_two_processes_bootstrap_key_0123456789ab";
    private static final String SCHEMA = "trigger_two";
    private static final Instant START = Instant.parse("2026-03-03T09:00:00Z");

    @Autowired JdbcClient jdbc;
    @Value("${spring.datasource.url}") String url;
    @Value("${spring.datasource.username}") String user;
    @Value("${spring.datasource.password:}") String password;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoProcessesRunningTheDateJobFireEachDateTriggerOnce() throws Exception {
        jdbc.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
        // Started side by side (Flyway's lock lets one migrate while the other waits), as a deployment would.
        var starting = CompletableFuture.supplyAsync(this::start);
        KeepwarmProcess started;
        try {
            started = start();
        } catch (RuntimeException failed) {
            starting.thenAccept(TwoProcessesTest::close);
            throw failed;
        }
        try (var first = started; var second = starting.join()) {
            post(first, "/api/v1/attributes", "{\"key\": \"renewal\", \"label\": \"Renewal\", \"type\": \"DATE\"}");
            // Its 30th day before was 5 days ago: within the week a new trigger reaches back, for every contact at once.
            contacts(LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(25));
            long trigger = post(second, "/api/v1/triggers", """
                    {"name": "Renewal", "when": {"type": "daysBefore", "attribute": "renewal", "days": 30},
                     "actions": [{"type": "adjustScore", "points": 1}]}""").get("id").asLong();

            first.await(KeepwarmProcess.PATIENCE, "to fire for every contact",
                    () -> count("trigger_firings WHERE trigger_id = " + trigger) == CONTACTS);
            List<CompletableFuture<JsonNode>> again = List.of(first, second).stream()
                    .map(p -> CompletableFuture.supplyAsync(() -> post(p, "/api/v1/admin/triggers/run", ""))).toList();
            again.forEach(CompletableFuture::join);

            assertThat(count("trigger_firings WHERE trigger_id = " + trigger + " AND outcome = 'FIRED'")).isEqualTo(CONTACTS);
            assertThat(count("score_changes WHERE cause = 'TRIGGER'")).as("one action per contact").isEqualTo(CONTACTS);
            assertThat(count("contact_scores WHERE score = 1")).isEqualTo(CONTACTS);
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
        }
    }

    private void contacts(LocalDate renewal) {
        var now = java.sql.Timestamp.from(START);
        jdbc.sql("""
                INSERT INTO trigger_two.contacts (email, time_zone, source, validity, created_at, updated_at)
                SELECT 'two' || g || '@example.com', 'UTC', 'IMPORT', 'VALID', ?, ? FROM generate_series(1, ?) g(g)""")
                .params(now, now, CONTACTS).update();
        jdbc.sql("INSERT INTO trigger_two.contact_attributes (contact_id, attr_key, value_date) SELECT id, 'renewal', ?"
                + " FROM trigger_two.contacts").param(renewal).update();
    }

    private KeepwarmProcess start() {
        try {
            return KeepwarmProcess.start(settings());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(KeepwarmProcess process) {
        try {
            process.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = KeepwarmProcess.onSchema(url, user, password, SCHEMA, START, KEY);
        settings.put("keepwarm.triggers.dates-every", "PT0.2S");
        return settings;
    }

    private long count(String tableAndCondition) {
        return jdbc.sql("SELECT COUNT(*) FROM " + SCHEMA + "." + tableAndCondition).query(Long.class).single();
    }

    private JsonNode post(KeepwarmProcess keepwarm, String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(keepwarm.url(path)))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
            return JsonMapper.shared().readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
