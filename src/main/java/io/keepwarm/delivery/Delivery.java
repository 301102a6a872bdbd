package io.keepwarm.delivery;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The channels touches leave by. This issue ships two that live in the database, so a send commits or rolls
 * back with the touch that made it: the outbox for email (the embedded default) and call tasks. SMTP joins them
 * in the next issue.
 */
@Service
public class Delivery {

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;
    private final Clock clock;

    Delivery(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
    }

    /** Hands the message to its channel; a second hand-over of the same touch is a no-op. */
    public void send(Outgoing outgoing) {
        var now = Timestamps.now(clock);
        switch (outgoing) {
            case Outgoing.Email e -> jdbc.sql("""
                    INSERT INTO outbox_messages (touch_id, contact_id, to_address, subject, html, text, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(e.touchId(), e.contactId(), e.to(), e.subject(), e.html(), e.text(), now).update();
            case Outgoing.CallTask t -> jdbc.sql("""
                    INSERT INTO call_tasks (touch_id, contact_id, owner_id, script, note, status, created_at)
                    VALUES (?, ?, ?, ?, ?, 'OPEN', ?) ON CONFLICT DO NOTHING""")
                    .params(t.touchId(), t.contactId(), t.ownerId(), t.script(), t.note(), now).update();
        }
    }

    public Page<OutboxMessage> outbox(Long contactId, String cursor, int limit) {
        return Page.of(jdbc.sql("""
                        SELECT id, touch_id, contact_id, to_address, subject, html, text, created_at FROM outbox_messages
                         WHERE id > :after AND (CAST(:contact AS BIGINT) IS NULL OR contact_id = :contact)
                         ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("after", Cursor.decode(cursor)).param("contact", contactId).param("limit", limit + 1)
                .query(Delivery::message).list(), limit, OutboxMessage::id);
    }

    /** Hands a batch over at once: one statement per channel and thousand messages. */
    public void sendAll(java.util.List<Outgoing> batch) {
        var now = Timestamps.now(clock);
        java.util.List<Outgoing.Email> emails = batch.stream().filter(Outgoing.Email.class::isInstance)
                .map(Outgoing.Email.class::cast).toList();
        template.batchUpdate("""
                INSERT INTO outbox_messages (touch_id, contact_id, to_address, subject, html, text, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", emails, 1000, (ps, e) -> {
            ps.setLong(1, e.touchId());
            ps.setLong(2, e.contactId());
            ps.setString(3, e.to());
            ps.setString(4, e.subject());
            ps.setString(5, e.html());
            ps.setString(6, e.text());
            ps.setObject(7, now);
        });
        batch.stream().filter(Outgoing.CallTask.class::isInstance).forEach(this::send);
    }

    public OutboxMessage message(long id) {
        return jdbc.sql("""
                        SELECT id, touch_id, contact_id, to_address, subject, html, text, created_at FROM outbox_messages
                         WHERE id = ?""").param(id).query(Delivery::message).optional()
                .orElseThrow(() -> NotFoundException.of("Outbox message", id));
    }

    private static OutboxMessage message(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new OutboxMessage(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), Timestamps.read(rs, 8));
    }

    public Page<CallTask> tasks(Long ownerId, CallTask.Status status, String cursor, int limit) {
        return Page.of(jdbc.sql("""
                        SELECT id, touch_id, contact_id, owner_id, script, note, status, created_at, done_at FROM call_tasks
                         WHERE id > :after AND (CAST(:owner AS BIGINT) IS NULL OR owner_id = :owner)
                           AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                         ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("after", Cursor.decode(cursor)).param("owner", ownerId)
                .param("status", status == null ? null : status.name()).param("limit", limit + 1)
                .query((rs, n) -> new CallTask(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class),
                        rs.getString(5), rs.getString(6), CallTask.Status.valueOf(rs.getString(7)), Timestamps.read(rs, 8),
                        Timestamps.read(rs, 9)))
                .list(), limit, CallTask::id);
    }

    public void done(long taskId) {
        if (jdbc.sql("UPDATE call_tasks SET status = 'DONE', done_at = ? WHERE id = ? AND status = 'OPEN'")
                .params(Timestamps.now(clock), taskId).update() == 0
                && jdbc.sql("SELECT COUNT(*) FROM call_tasks WHERE id = ?").param(taskId).query(Long.class).single() == 0) {
            throw NotFoundException.of("Call task", taskId);
        }
    }
}
