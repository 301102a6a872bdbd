package io.keepwarm.handoff.internal;

import io.keepwarm.handoff.Alert;
import io.keepwarm.platform.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The SQL of alerts, and the claim of their email copies (PENDING → SENDING → SENT, back to PENDING, or FAILED). */
@Component
public class AlertStore {

    private static final String COLUMNS = "id, user_id, contact_id, subject, body, created_at, read_at, email_status";

    private final JdbcClient jdbc;

    AlertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long userId, Long contactId, Long handoffId, String subject, String body, boolean email,
            Instant now) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO alerts (user_id, contact_id, handoff_id, subject, body, created_at, email_status)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(userId, contactId, handoffId, subject, body, Timestamps.of(now), email ? "PENDING" : "NONE")
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** Marks read the alerts asking to decide this hand-off: all of them, or (userId) one user's. */
    public void settled(long handoffId, Long userId, Instant now) {
        jdbc.sql("""
                UPDATE alerts SET read_at = :now
                 WHERE handoff_id = :handoff AND read_at IS NULL AND (CAST(:user AS BIGINT) IS NULL OR user_id = :user)""")
                .param("now", Timestamps.of(now)).param("handoff", handoffId).param("user", userId).update();
    }

    public Optional<Alert> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alerts WHERE id = ?").param(id).query(AlertStore::alert).optional();
    }

    /** A user's alerts, newest first, before a cursor id (0: from the newest). */
    public List<Alert> page(long userId, boolean unreadOnly, long before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM alerts
                        WHERE user_id = :user AND (:before = 0 OR id < :before) AND (NOT :unread OR read_at IS NULL)
                        ORDER BY id DESC FETCH FIRST :limit ROWS ONLY""")
                .param("user", userId).param("before", before).param("unread", unreadOnly).param("limit", limit)
                .query(AlertStore::alert).list();
    }

    /** How many of the user's alerts are unread, counting no further than {@code max}. */
    public int unread(long userId, int max) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM (SELECT 1 FROM alerts WHERE user_id = ? AND read_at IS NULL FETCH FIRST ? ROWS ONLY) u""")
                .params(userId, max).query(Integer.class).single();
    }

    public void read(long id, Instant now) {
        jdbc.sql("UPDATE alerts SET read_at = ? WHERE id = ? AND read_at IS NULL").params(Timestamps.of(now), id).update();
    }

    /** Claims the email copy of an alert; empty when another sender has it or it is not pending. */
    public boolean claimEmail(long id) {
        return jdbc.sql("UPDATE alerts SET email_status = 'SENDING' WHERE id = ? AND email_status = 'PENDING'")
                .param(id).update() > 0;
    }

    public void emailSent(long id, Instant now) {
        jdbc.sql("UPDATE alerts SET email_status = 'SENT', emailed_at = ?, email_attempts = email_attempts + 1,"
                + " email_error = NULL WHERE id = ?").params(Timestamps.of(now), id).update();
    }

    /** Puts a failed copy back to PENDING for the next run, or FAILED after the last attempt. */
    public void emailFailed(long id, String error, int maxAttempts) {
        jdbc.sql("""
                UPDATE alerts SET email_attempts = email_attempts + 1, email_error = ?,
                    email_status = CASE WHEN email_attempts + 1 >= ? THEN 'FAILED' ELSE 'PENDING' END
                 WHERE id = ?""")
                .params(error == null ? null : error.substring(0, Math.min(error.length(), 500)), maxAttempts, id).update();
    }

    /** Alerts whose email copy waits to be sent (a failed try, or a crash before the first). */
    public List<Long> pendingEmails(int limit) {
        return jdbc.sql("SELECT id FROM alerts WHERE email_status = 'PENDING' ORDER BY id FETCH FIRST ? ROWS ONLY")
                .param(limit).query(Long.class).list();
    }

    /** Alerts about the contact, for its personal-data export. */
    public List<Alert> ofContact(long contactId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alerts WHERE contact_id = ? ORDER BY id").param(contactId)
                .query(AlertStore::alert).list();
    }

    private static Alert alert(ResultSet rs, int n) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getLong("user_id"), rs.getObject("contact_id", Long.class),
                rs.getString("subject"), rs.getString("body"), Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "read_at"), rs.getString("email_status"));
    }
}
