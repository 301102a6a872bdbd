package io.keepwarm.trigger.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Outbound webhook calls as a work queue: queued in the firing's transaction, claimed with a lease and called
 * outside any transaction, then settled. A call whose caller died is claimed again when its lease runs out, so a
 * receiver may get a call twice and tells by its Keepwarm-Delivery id.
 */
@Component
class WebhookCalls {

    /** A call to make. */
    record Call(long id, long firingId, int position, long triggerId, String url, String body, int attempts) {}

    static final Duration LEASE = Duration.ofMinutes(2);

    private final JdbcClient jdbc;

    WebhookCalls(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void queue(long firingId, int position, long triggerId, String url, String body, Instant now) {
        jdbc.sql("""
                INSERT INTO trigger_webhook_calls (firing_id, position, trigger_id, url, body, status, attempts,
                    next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
                .params(firingId, position, triggerId, url, body, Timestamps.of(now), Timestamps.of(now)).update();
    }

    /** Claims due calls (pending, or sending with a lapsed lease) for the caller's transaction to commit. */
    List<Call> claim(Instant now, int limit) {
        List<Call> due = jdbc.sql("""
                SELECT id, firing_id, position, trigger_id, url, body, attempts FROM trigger_webhook_calls
                 WHERE (status = 'PENDING' AND next_attempt_at <= :now) OR (status = 'SENDING' AND lease_until <= :now)
                 ORDER BY id FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamps.of(now)).param("limit", limit)
                .query((rs, n) -> new Call(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7) + 1))
                .list();
        if (!due.isEmpty()) {
            jdbc.sql("""
                    UPDATE trigger_webhook_calls SET status = 'SENDING', attempts = attempts + 1, lease_until = :lease
                     WHERE id IN (:ids)""")
                    .param("lease", Timestamps.of(now.plus(LEASE))).param("ids", due.stream().map(Call::id).toList())
                    .update();
        }
        return due;
    }

    void delivered(long id, String result) {
        jdbc.sql("UPDATE trigger_webhook_calls SET status = 'DELIVERED', lease_until = NULL, last_result = ? WHERE id = ?")
                .params(Cues.cut(result, 1000), id).update();
    }

    void failed(long id, String result) {
        jdbc.sql("UPDATE trigger_webhook_calls SET status = 'FAILED', lease_until = NULL, last_result = ? WHERE id = ?")
                .params(Cues.cut(result, 1000), id).update();
    }

    void retry(long id, String result, Instant next) {
        jdbc.sql("""
                UPDATE trigger_webhook_calls SET status = 'PENDING', lease_until = NULL, last_result = ?, next_attempt_at = ?
                 WHERE id = ?""")
                .params(Cues.cut(result, 1000), Timestamps.of(next), id).update();
    }
}
