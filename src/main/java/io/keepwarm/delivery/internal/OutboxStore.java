package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outbox as stored: every email, with where its delivery stands. */
@Component
public class OutboxStore {

    /**
     * A message to store; {@code status} is KEPT without SMTP, QUEUED with it. {@code language} is the tag of the
     * language it is written in ("de"; null: not known), which the sender declares on the document and the message.
     */
    public record NewMessage(Long touchId, long contactId, String kind, String to, String fromAddress, String fromName,
            String subject, String html, String text, String unsubscribeUrl, List<String> links, String messageId,
            String status, Instant staleAt, String language) {

        /** A message of no known language. */
        public NewMessage(Long touchId, long contactId, String kind, String to, String fromAddress, String fromName,
                String subject, String html, String text, String unsubscribeUrl, List<String> links, String messageId,
                String status, Instant staleAt) {
            this(touchId, contactId, kind, to, fromAddress, fromName, subject, html, text, unsubscribeUrl, links,
                    messageId, status, staleAt, null);
        }
    }

    private static final String COLUMNS = """
            id, touch_id, contact_id, to_address, subject, html, text, created_at, status, attempts, last_error, sent_at,
            message_id, links, from_address, from_name""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    OutboxStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Stores a batch in one statement per thousand; a touch's second message is ignored. */
    public void insertAll(List<NewMessage> messages, Instant now) {
        template.batchUpdate("""
                INSERT INTO outbox_messages (touch_id, contact_id, kind, to_address, from_address, from_name, subject, html,
                    text, unsubscribe_url, links, message_id, status, attempts, next_attempt_at, created_at, stale_at,
                    language)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", messages, 1000,
                (ps, m) -> {
            ps.setObject(1, m.touchId());
            ps.setLong(2, m.contactId());
            ps.setString(3, m.kind());
            ps.setString(4, m.to());
            ps.setString(5, m.fromAddress());
            ps.setString(6, m.fromName());
            ps.setString(7, m.subject());
            ps.setString(8, m.html());
            ps.setString(9, m.text());
            ps.setString(10, m.unsubscribeUrl());
            ps.setString(11, m.links().isEmpty() ? null : String.join("\n", m.links()));
            ps.setString(12, m.messageId());
            ps.setString(13, m.status());
            ps.setObject(14, Timestamps.of(now));
            ps.setObject(15, Timestamps.of(now));
            ps.setObject(16, m.staleAt() == null ? null : Timestamps.of(m.staleAt()));
            ps.setString(17, m.language());
        });
    }

    public long countWithStatus(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = ?").param(status).query(Long.class).single();
    }

    /** The ids of the messages with this status, oldest first, up to {@code limit}. */
    public List<Long> idsWithStatus(String status, int limit) {
        return jdbc.sql("SELECT id FROM outbox_messages WHERE status = ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(status, limit).query(Long.class).list();
    }

    /** The contact of each of these messages, by message id. */
    public java.util.Map<Long, Long> contactsOf(List<Long> ids) {
        java.util.Map<Long, Long> contacts = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            jdbc.sql("SELECT id, contact_id FROM outbox_messages WHERE id IN (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> contacts.put(rs.getLong(1), rs.getLong(2)));
        }
        return contacts;
    }

    /** The subjects of those of these messages still kept, by id. */
    public java.util.Map<Long, String> subjects(java.util.Collection<Long> ids) {
        return io.keepwarm.platform.Names.byId(jdbc, "SELECT id, subject FROM outbox_messages WHERE id IN (:ids)", ids);
    }

    public long insertOne(NewMessage m, Instant now) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO outbox_messages (touch_id, contact_id, kind, to_address, from_address, from_name, subject, html,
                    text, unsubscribe_url, links, message_id, status, attempts, next_attempt_at, created_at, language)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)""")
                .params(m.touchId(), m.contactId(), m.kind(), m.to(), m.fromAddress(), m.fromName(), m.subject(), m.html(),
                        m.text(), m.unsubscribeUrl(), null, m.messageId(), m.status(), Timestamps.of(now), Timestamps.of(now),
                        m.language())
                .update(key, "id");
        return key.getKey().longValue();
    }

    public Page<OutboxMessage> page(Long contactId, String status, String cursor, int limit) {
        return Page.of(jdbc.sql("SELECT " + COLUMNS + """
                         FROM outbox_messages
                        WHERE id > :after AND (CAST(:contact AS BIGINT) IS NULL OR contact_id = :contact)
                          AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                        ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("after", Cursor.decode(cursor)).param("contact", contactId).param("status", status)
                .param("limit", limit + 1).query(OutboxStore::message).list(), limit, OutboxMessage::id);
    }

    /** The same list newest first, for people reading what went out lately; the cursor names the page's last id. */
    public Page<OutboxMessage> latest(Long contactId, String cursor, int limit) {
        long before = Cursor.decode(cursor);
        return Page.of(jdbc.sql("SELECT " + COLUMNS + """
                         FROM outbox_messages
                        WHERE (:before = 0 OR id < :before)
                          AND (CAST(:contact AS BIGINT) IS NULL OR contact_id = :contact)
                        ORDER BY id DESC FETCH FIRST :limit ROWS ONLY""")
                .param("before", before).param("contact", contactId)
                .param("limit", limit + 1).query(OutboxStore::message).list(), limit, OutboxMessage::id);
    }

    public Optional<OutboxMessage> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox_messages WHERE id = ?").param(id).query(OutboxStore::message)
                .optional();
    }

    /** The message's unsubscribe link as kept (null for one without, as a confirmation), and its Message-ID. */
    public Optional<String[]> unsubscribeUrlAndMessageId(long id) {
        return jdbc.sql("SELECT unsubscribe_url, message_id FROM outbox_messages WHERE id = ?").param(id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
    }

    /** Where each of a contact's touches' emails stands, by touch id: its status and when it left. */
    public java.util.Map<Long, io.keepwarm.delivery.Delivery.EmailState> emailStatesOf(long contactId) {
        java.util.Map<Long, io.keepwarm.delivery.Delivery.EmailState> states = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT touch_id, status, sent_at, created_at FROM outbox_messages
                 WHERE contact_id = ? AND touch_id IS NOT NULL""").param(contactId)
                .query(rs -> {
                    states.put(rs.getLong(1), new io.keepwarm.delivery.Delivery.EmailState(rs.getString(2),
                            Timestamps.read(rs, 3), Timestamps.read(rs, 4)));
                });
        return states;
    }

    public Optional<OutboxMessage> forTouch(long touchId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox_messages WHERE touch_id = ?").param(touchId)
                .query(OutboxStore::message).optional();
    }

    private static OutboxMessage message(ResultSet rs, int n) throws SQLException {
        String links = rs.getString(14);
        return new OutboxMessage(rs.getLong(1), rs.getObject(2, Long.class), rs.getLong(3), rs.getString(4),
                rs.getString(15), rs.getString(16), rs.getString(5), rs.getString(6), rs.getString(7), Timestamps.read(rs, 8),
                rs.getString(9), rs.getInt(10),
                rs.getString(11), Timestamps.read(rs, 12), rs.getString(13),
                links == null ? List.of() : Arrays.asList(links.split("\n")));
    }
}
