package io.keepwarm.delivery;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** On PostgreSQL an email's bodies are compressed with LZ4 (db/vendor/postgresql), and read back as they were. */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class OutboxStorageTest {

    @Autowired Api api;
    @Autowired Delivery delivery;
    @Autowired JdbcClient jdbc;

    @Test
    void aNewsletterIsStoredCompressedWithLz4AndReadsBackWhole() throws Exception {
        String to = uniqueEmail("lz4");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        String html = "<p>Liquid cooling keeps dense racks within their power budget.</p>".repeat(200);

        delivery.send(new Outgoing.Email(touch, contact, to, "Cooling", html, "Liquid cooling. ".repeat(200), null, null,
                null));

        OutboxMessage stored = delivery.messageForTouch(touch).orElseThrow();
        assertThat(stored.html()).startsWith(html);
        assertThat(jdbc.sql("SELECT pg_column_compression(html) || ' ' || pg_column_compression(text)"
                + " FROM outbox_messages WHERE touch_id = ?").param(touch).query(String.class).single())
                .isEqualTo("lz4 lz4");
    }
}
