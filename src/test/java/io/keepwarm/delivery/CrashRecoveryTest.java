package io.keepwarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.KeepwarmProcess;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.RefusingSmtpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Keepwarm killed with SIGKILL while its SMTP lanes are mid-batch, then a second one started on the same database:
 * every touch is sent and its message written once, no message reaches the server twice, and what was in flight at
 * the kill waits in the in-doubt list instead of being sent again. PostgreSQL only, in a schema of its own, since two
 * JVMs must share the database.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class CrashRecoveryTest {

    private static final int CONTACTS = 300;
    private static final String KEY = "kw_crash_test_bootstrap_key_0123456789abcdef";
    private static final String SCHEMA = "crash_test";

    @Autowired JdbcClient jdbc;
    @Value("${spring.datasource.url}") String url;
    @Value("${spring.datasource.username}") String user;
    @Value("${spring.datasource.password:}") String password;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSenderKilledMidBatchLosesNothingAndSendsNothingTwiceWhatWasInFlightWaitsForAPerson() throws Exception {
        jdbc.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
        // Tuesday 2026-03-03, 09:00 UTC: within everyone's allowed hours.
        Instant start = Instant.parse("2026-03-03T09:00:00Z");
        try (var smtp = new RefusingSmtpServer(Map.of(), Duration.ofMillis(15))) {
            Instant due;
            try (var first = KeepwarmProcess.start(settings(smtp, start))) {
                due = setUp(first);
                // Not waited for: the move walks to the due moment and sends there, in the request, as the mail
                // job would; the kill comes in the middle of it.
                http.sendAsync(HttpRequest.newBuilder(URI.create(first.url("/api/v1/admin/clock")))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"set\": \"" + due + "\"}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                first.await(KeepwarmProcess.PATIENCE, "to deliver 40 messages", () -> smtp.messageIds().size() >= 40);
                first.kill();
            }
            Map<String, Long> statesAtKill = countBy("SELECT status FROM " + SCHEMA + ".outbox_messages");
            assertThat(statesAtKill).as("the kill came while messages were in flight").containsKey("SENDING");

            // The restart comes after the lease of the dead sender's batch ran out.
            try (var second = KeepwarmProcess.start(settings(smtp, due.plus(Duration.ofMinutes(6))))) {
                second.await(KeepwarmProcess.PATIENCE, "to finish the queue", () -> jdbc.sql("SELECT COUNT(*) FROM " + SCHEMA
                        + ".outbox_messages WHERE status IN ('QUEUED', 'SENDING')").query(Long.class).single() == 0
                        && count("touches WHERE state = 'PLANNED'") == 0 && count("outbox_messages") == CONTACTS);
                JsonNode inDoubt = get(second, "/api/v1/outbox/in-doubt?limit=500").get("items");

                assertThat(count("touches WHERE state = 'SENT'")).as("every touch sent").isEqualTo(CONTACTS);
                assertThat(count("outbox_messages")).as("one message per touch").isEqualTo(CONTACTS);
                Map<String, Long> deliveries = smtp.messageIds().stream()
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(deliveries.values()).as("no message reached the server twice").allMatch(n -> n == 1);
                List<String> doubtful = jdbc.sql("SELECT message_id FROM " + SCHEMA + ".outbox_messages WHERE status = 'IN_DOUBT'")
                        .query(String.class).list();
                assertThat(doubtful).as("exactly what was in flight at the kill").hasSize(statesAtKill.get("SENDING").intValue());
                assertThat(inDoubt.size()).isEqualTo(doubtful.size());
                List<String> sent = jdbc.sql("SELECT message_id FROM " + SCHEMA + ".outbox_messages WHERE status = 'SENT'")
                        .query(String.class).list();
                assertThat(deliveries.keySet()).as("every message marked sent arrived").containsAll(sent);
                assertThat(sent.size() + doubtful.size()).isEqualTo(CONTACTS);
            }
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").update();
        }
    }

    private Map<String, String> settings(RefusingSmtpServer smtp, Instant clock) {
        Map<String, String> settings = KeepwarmProcess.onSchema(url, user, password, SCHEMA, clock, KEY);
        settings.put("keepwarm.engine.tick", "PT0.1S");
        settings.put("keepwarm.mail.poll", "PT0.1S");
        settings.put("keepwarm.mail.batch", "100");
        settings.put("keepwarm.mail.postal-address", "1 Test Street, Berlin");
        settings.put("keepwarm.mail.from-address", "nurture@keepwarm.test");
        settings.put("keepwarm.mail.from-name", "Keepwarm Tests");
        settings.put("keepwarm.mail.allow-insecure-public-url", "true");
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", Integer.toString(smtp.port()));
        return settings;
    }

    /** Contacts with consent, a monthly stream with one piece, everyone enrolled; returns when the first touch is due. */
    private Instant setUp(KeepwarmProcess keepwarm) throws Exception {
        Instant now = Instant.parse("2026-03-03T09:00:00Z");
        jdbc.sql("""
                INSERT INTO crash_test.contacts (email, first_name, time_zone, source, validity, created_at, updated_at)
                SELECT 'crash' || g || '@example.com', 'Ada', 'UTC', 'IMPORT', 'VALID', ?, ? FROM generate_series(1, ?) g(g)""")
                .params(java.sql.Timestamp.from(now), java.sql.Timestamp.from(now), CONTACTS).update();
        jdbc.sql("""
                INSERT INTO crash_test.consent_events (contact_id, channel, state, source, recorded_at, recorded_by)
                SELECT id, 'EMAIL', 'GRANTED', 'test', ?, 'test' FROM crash_test.contacts""")
                .param(java.sql.Timestamp.from(now)).update();
        long piece = post(keepwarm, "/api/v1/content", """
                {"name": "Guide", "type": "ARTICLE", "status": "LIVE", "fallbacks": {"contact.first_name": "there"},
                 "variants": {"email": {"subject": "A guide", "html": "<p>Dear {{ contact.first_name }},</p>"}}}""")
                .get("id").asLong();
        long program = post(keepwarm, "/api/v1/programs", """
                {"name": "monthly", "kind": "STREAM", "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"},
                 "pool": [%d]}""".formatted(piece)).get("id").asLong();
        post(keepwarm, "/api/v1/programs/" + program + "/activate", "");
        List<Long> ids = jdbc.sql("SELECT id FROM crash_test.contacts").query(Long.class).list();
        post(keepwarm, "/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": " + ids + "}");
        return Instant.parse(get(keepwarm, "/api/v1/programs/" + program + "/enrollments?limit=1")
                .get("items").get(0).get("nextDueAt").asString());
    }

    private long count(String tableAndCondition) {
        return jdbc.sql("SELECT COUNT(*) FROM " + SCHEMA + "." + tableAndCondition).query(Long.class).single();
    }

    private Map<String, Long> countBy(String sql) {
        return jdbc.sql(sql).query(String.class).list().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private JsonNode post(KeepwarmProcess keepwarm, String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(keepwarm.url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode get(KeepwarmProcess keepwarm, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(keepwarm.url(path))).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.body().isEmpty() ? JsonMapper.shared().nullNode() : JsonMapper.shared().readTree(response.body());
    }
}
