package io.keepwarm.platform.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Remembers, per caller, each Idempotency-Key with its request fingerprint and its answer for a day. */
@Repository
class IdempotencyStore {

    private static final Duration KEPT_FOR = Duration.ofHours(24);

    sealed interface Claim {
        record Claimed() implements Claim {}

        record InFlight() implements Claim {}

        record Mismatch() implements Claim {}

        record Done(int status, String contentType, String location, String body) implements Claim {}
    }

    private record Row(String fingerprint, Instant createdAt, Integer status, String contentType, String location,
            String body) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Claim claim(String actor, String key, String fingerprint, String path) {
        Instant now = clock.instant();
        // Answers may hold personal data: none is kept past its day, whoever asked.
        jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < ?").param(Timestamps.of(now.minus(KEPT_FOR))).update();
        try {
            jdbc.sql("""
                    INSERT INTO idempotency_keys (actor, idem_key, fingerprint, created_at, request_path)
                    VALUES (?, ?, ?, ?, ?)""")
                    .params(actor, key, fingerprint, Timestamps.of(now), path)
                    .update();
            return new Claim.Claimed();
        } catch (DuplicateKeyException e) {
            Row row = jdbc.sql("""
                    SELECT fingerprint, created_at, status, content_type, location, body
                    FROM idempotency_keys WHERE actor = ? AND idem_key = ?""")
                    .params(actor, key)
                    .query(Row.class)
                    .optional()
                    .orElse(null);
            if (row == null) {
                return claim(actor, key, fingerprint, path); // released between our insert and our read
            }
            if (!row.fingerprint().equals(fingerprint)) {
                return new Claim.Mismatch();
            }
            return row.status() == null ? new Claim.InFlight()
                    : new Claim.Done(row.status(), row.contentType(), row.location(), row.body());
        }
    }

    /** Stores the answer and the contacts it is about; the names go first, so no answer is ever stored unnamed. */
    void remember(String actor, String key, int status, String contentType, String location, String body,
            Set<Long> contacts) {
        for (long contact : contacts) {
            jdbc.sql("INSERT INTO idempotency_subjects (actor, idem_key, contact_id) VALUES (?, ?, ?)")
                    .params(actor, key, contact)
                    .update();
        }
        jdbc.sql("""
                UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ?
                WHERE actor = ? AND idem_key = ?""")
                .params(status, contentType, location, body, actor, key)
                .update();
    }

    void release(String actor, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE actor = ? AND idem_key = ?").params(actor, key).update();
    }
}
