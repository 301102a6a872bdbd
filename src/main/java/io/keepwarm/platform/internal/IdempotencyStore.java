package io.keepwarm.platform.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

        record Done(int status, String contentType, String body) implements Claim {}
    }

    private record Row(String fingerprint, Instant createdAt, Integer status, String contentType, String body) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Claim claim(String actor, String key, String fingerprint) {
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM idempotency_keys WHERE actor = ? AND idem_key = ? AND created_at < ?")
                .params(actor, key, Timestamps.of(now.minus(KEPT_FOR)))
                .update();
        try {
            jdbc.sql("INSERT INTO idempotency_keys (actor, idem_key, fingerprint, created_at) VALUES (?, ?, ?, ?)")
                    .params(actor, key, fingerprint, Timestamps.of(now))
                    .update();
            return new Claim.Claimed();
        } catch (DuplicateKeyException e) {
            Row row = jdbc.sql("""
                    SELECT fingerprint, created_at, status, content_type, body
                    FROM idempotency_keys WHERE actor = ? AND idem_key = ?""")
                    .params(actor, key)
                    .query(Row.class)
                    .optional()
                    .orElse(null);
            if (row == null) {
                return claim(actor, key, fingerprint); // released between our insert and our read
            }
            if (!row.fingerprint().equals(fingerprint)) {
                return new Claim.Mismatch();
            }
            return row.status() == null ? new Claim.InFlight() : new Claim.Done(row.status(), row.contentType(), row.body());
        }
    }

    void remember(String actor, String key, int status, String contentType, String body) {
        jdbc.sql("UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE actor = ? AND idem_key = ?")
                .params(status, contentType, body, actor, key)
                .update();
    }

    void release(String actor, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE actor = ? AND idem_key = ?").params(actor, key).update();
    }
}
