package io.keepwarm.delivery.internal;

import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outbox seen as the SMTP sender's work queue: claims with a lease, outcomes, and leases that ran out. */
@Component
class MailQueue {

    /** A claimed message, everything the sender needs to write it. */
    record Queued(long id, Long touchId, long contactId, String to, String fromAddress, String fromName, String subject,
            String html, String text, String unsubscribeUrl, String messageId, int attempts) {

        /** The same message from another sender. */
        Queued from(String address, String name) {
            return new Queued(id, touchId, contactId, to, address, name, subject, html, text, unsubscribeUrl, messageId,
                    attempts);
        }
    }

    private static final String COLUMNS = """
            id, touch_id, contact_id, to_address, from_address, from_name, subject, html, text, unsubscribe_url, message_id,
            attempts""";

    private final JdbcClient jdbc;
    MailQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Messages left SENDING past their lease were in flight when a sender stopped: whether they arrived is unknown,
     * so they wait for a person instead of going out twice.
     */
    int expireLeases(Instant now) {
        return jdbc.sql("""
                UPDATE outbox_messages SET status = 'IN_DOUBT', lease_until = NULL,
                       last_error = 'in flight when the sender stopped; it may or may not have been delivered'
                 WHERE status = 'SENDING' AND lease_until < ?""").param(Timestamps.of(now)).update();
    }

    /** What a claim took: the messages to send, and those withheld (see {@link #withhold}). */
    record Claimed(List<Queued> toSend, List<Queued> withheld) {}

    /**
     * Locks due messages (skipping those another sender holds) and leases them, after withholding those whose
     * contact has withdrawn email consent since they were queued; call inside a transaction.
     */
    Claimed claim(Instant now, int limit, Duration lease) {
        List<Queued> due = jdbc.sql("SELECT " + COLUMNS + """
                         FROM outbox_messages WHERE status = 'QUEUED' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .params(Timestamps.of(now), limit).query(MailQueue::queued).list();
        return take(due, now.plus(lease));
    }

    /** Withholds what must not go any more, and leases the rest until then. */
    private Claimed take(List<Queued> locked, Instant until) {
        Set<Long> withheld = withhold(locked.stream().map(Queued::id).toList());
        List<Queued> toSend = locked.stream().filter(m -> !withheld.contains(m.id())).toList();
        lease(toSend.stream().map(Queued::id).toList(), until);
        return new Claimed(toSend, locked.stream().filter(m -> withheld.contains(m.id())).toList());
    }

    /**
     * Marks WITHHELD the nurture messages among these whose contact's latest word on email is a withdrawal: an
     * unsubscribe that commits before a message goes out wins, also when the message waited in the queue (a retry
     * hours later, a resend a person decided days later). Confirmation emails and alerts are not nurture and go.
     */
    private Set<Long> withhold(List<Long> ids) {
        Set<Long> withheld = new HashSet<>();
        for (var chunk : Chunks.of(ids, 1000)) {
            withheld.addAll(jdbc.sql("""
                    SELECT m.id FROM outbox_messages m
                     WHERE m.id IN (:ids) AND m.kind = 'NURTURE'
                       AND (SELECT e.state FROM consent_events e WHERE e.contact_id = m.contact_id AND e.channel = 'EMAIL'
                             ORDER BY e.id DESC FETCH FIRST 1 ROW ONLY) = 'WITHDRAWN'""")
                    .param("ids", chunk).query(Long.class).list());
        }
        if (!withheld.isEmpty()) {
            jdbc.sql("""
                    UPDATE outbox_messages SET status = 'WITHHELD', lease_until = NULL,
                           last_error = 'not sent: the contact withdrew email consent after it was queued'
                     WHERE id IN (:ids)""").param("ids", withheld).update();
        }
        return withheld;
    }

    /** Locks and leases one message if it is still queued (withheld as {@link #claim} does); call inside a transaction. */
    Claimed claimOne(long id, Instant now, Duration lease) {
        List<Queued> one = jdbc.sql("SELECT " + COLUMNS + " FROM outbox_messages WHERE id = ? AND status = 'QUEUED' FOR UPDATE SKIP LOCKED")
                .param(id).query(MailQueue::queued).list();
        return take(one, now.plus(lease));
    }

    private void lease(List<Long> ids, Instant until) {
        for (var chunk : Chunks.of(ids, 1000)) {
            jdbc.sql("UPDATE outbox_messages SET status = 'SENDING', lease_until = :until, attempts = attempts + 1 WHERE id IN (:ids)")
                    .param("until", Timestamps.of(until)).param("ids", chunk).update();
        }
    }

    /** One statement per thousand messages, not one per message. */
    void sent(List<Long> ids, Instant at) {
        for (var chunk : Chunks.of(ids, 1000)) {
            jdbc.sql("""
                    UPDATE outbox_messages SET status = 'SENT', sent_at = :at, lease_until = NULL, last_error = NULL
                     WHERE id IN (:ids) AND status = 'SENDING'""").param("at", Timestamps.of(at)).param("ids", chunk)
                    .update();
        }
    }

    void retry(long id, Instant at, String error) {
        jdbc.sql("""
                UPDATE outbox_messages SET status = 'QUEUED', next_attempt_at = ?, lease_until = NULL, last_error = ?
                 WHERE id = ? AND status = 'SENDING'""").params(Timestamps.of(at), clip(error), id).update();
    }

    /**
     * Back to the queue until {@code at} without counting the try: the server refused us, not these messages, so
     * however long that lasts they keep every attempt for what their recipients' servers may answer.
     */
    void postpone(List<Long> ids, Instant at, String error) {
        for (var chunk : Chunks.of(ids, 1000)) {
            jdbc.sql("""
                    UPDATE outbox_messages SET status = 'QUEUED', next_attempt_at = :at, lease_until = NULL,
                           attempts = attempts - 1, last_error = :error
                     WHERE id IN (:ids) AND status = 'SENDING'""")
                    .param("at", Timestamps.of(at)).param("error", clip(error)).param("ids", chunk).update();
        }
    }

    /** The sender a message went with, when it was not the one it was queued with. */
    void sentFrom(long id, String address, String name) {
        jdbc.sql("UPDATE outbox_messages SET from_address = ?, from_name = ? WHERE id = ?").params(address, name, id)
                .update();
    }

    /** The server may have taken the message as its connection broke: a person decides, as after a stopped sender. */
    void inDoubt(long id, String error) {
        jdbc.sql("UPDATE outbox_messages SET status = 'IN_DOUBT', lease_until = NULL, last_error = ? WHERE id = ? AND status = 'SENDING'")
                .params(clip(error), id).update();
    }

    void failed(long id, String error) {
        jdbc.sql("UPDATE outbox_messages SET status = 'FAILED', lease_until = NULL, last_error = ? WHERE id = ? AND status = 'SENDING'")
                .params(clip(error), id).update();
    }

    /** A person's decision about a message in doubt; false when the message is not in doubt. */
    boolean resolve(long id, boolean resend, Instant now) {
        return (resend
                ? jdbc.sql("""
                        UPDATE outbox_messages SET status = 'QUEUED', next_attempt_at = ?, last_error = 'sent again by a person'
                         WHERE id = ? AND status = 'IN_DOUBT'""").params(Timestamps.of(now), id)
                : jdbc.sql("""
                        UPDATE outbox_messages SET status = 'SENT', sent_at = ?, last_error = 'counted as sent by a person'
                         WHERE id = ? AND status = 'IN_DOUBT'""").params(Timestamps.of(now), id)).update() == 1;
    }

    private static String clip(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private static Queued queued(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Queued(rs.getLong(1), rs.getObject(2, Long.class), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getInt(12));
    }
}
