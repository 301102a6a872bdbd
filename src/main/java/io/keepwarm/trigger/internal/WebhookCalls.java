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

    /**
     * Extends the lease before one call of a claimed batch is made, so that each call has a whole lease (a batch
     * of slow receivers could outlast one); false when the call is no longer this caller's to make.
     */
    boolean renew(Call call, Instant now) {
        return jdbc.sql("""
                UPDATE trigger_webhook_calls SET lease_until = ? WHERE id = ? AND status = 'SENDING' AND attempts = ?""")
                .params(Timestamps.of(now.plus(LEASE)), call.id(), call.attempts()).update() == 1;
    }

    /** Back to the queue as it was, due as before and the try not counted: a stop came before its turn. */
    void putBack(Call call) {
        jdbc.sql("""
                UPDATE trigger_webhook_calls SET status = 'PENDING', lease_until = NULL, attempts = attempts - 1
                 WHERE id = ? AND status = 'SENDING' AND attempts = ?""").params(call.id(), call.attempts()).update();
    }

    // Each settles the call only while it is still this attempt's: a call whose lease lapsed and was claimed again
    // belongs to the new attempt, and a late answer to the old one must not turn it back.

    boolean delivered(Call call, String result) {
        return settle(call, "DELIVERED", result, null);
    }

    boolean failed(Call call, String result) {
        return settle(call, "FAILED", result, null);
    }

    boolean retry(Call call, String result, Instant next) {
        return settle(call, "PENDING", result, next);
    }

    private boolean settle(Call call, String status, String result, Instant next) {
        return jdbc.sql("""
                UPDATE trigger_webhook_calls SET status = ?, lease_until = NULL, last_result = ?,
                       next_attempt_at = COALESCE(?, next_attempt_at)
                 WHERE id = ? AND status = 'SENDING' AND attempts = ?""")
                .params(status, Cues.cut(result, 1000), next == null ? null : Timestamps.of(next), call.id(),
                        call.attempts())
                .update() == 1;
    }
}
