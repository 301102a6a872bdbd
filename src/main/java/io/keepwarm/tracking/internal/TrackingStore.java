package io.keepwarm.tracking.internal;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.tracking.TrackedRequest;
import io.keepwarm.tracking.Tracking.OfferTaken;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the tracking tables: tracked requests and double opt-in requests. */
@Repository
public class TrackingStore {

    /** A tracked request ready to store, its contact known. */
    public record Row(long contactId, Tracked tracked, String flag) {}

    /**
     * A double opt-in request: {@code text} is the question its email quoted; {@code defaultQuestion} says it was the
     * default one, which its page words in the language the page speaks.
     */
    public record OptIn(long id, long contactId, String text, boolean defaultQuestion, Instant requestedAt,
            Instant confirmedAt) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    TrackingStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** When the contact first did it (on that address) at or after the instant; empty if they have not. */
    Optional<Instant> firstSince(long contactId, Tracked.Kind kind, String url, Instant since) {
        return jdbc.sql("""
                SELECT occurred_at FROM tracking_events WHERE contact_id = ? AND occurred_at >= ? AND kind = ? AND url = ?
                 ORDER BY occurred_at FETCH FIRST 1 ROW ONLY""")
                .params(contactId, Timestamps.of(since), kind.name(), url)
                .query((rs, n) -> Timestamps.read(rs, 1)).optional();
    }

    /** What {@link Answers} recorded of each offer the contact took ("content:5 offer:demo-30"), newest first. */
    public List<OfferTaken> offersTaken(long contactId, Instant before, int limit) {
        return jdbc.sql("""
                SELECT url, occurred_at FROM tracking_events
                 WHERE contact_id = ? AND kind = 'OFFER_ACCEPTED' AND occurred_at < ?
                 ORDER BY occurred_at DESC FETCH FIRST ? ROWS ONLY""")
                .params(contactId, Timestamps.of(before), limit)
                .query((rs, n) -> taken(rs.getString(1), Timestamps.read(rs, 2))).list().stream()
                .filter(Objects::nonNull).toList();
    }

    private static final Pattern TAKEN = Pattern.compile("content:(\\d{1,18}) offer:(\\S+)");

    private static OfferTaken taken(String url, Instant at) {
        Matcher m = url == null ? null : TAKEN.matcher(url);
        return m == null || !m.matches() ? null
                : new OfferTaken(Long.parseLong(m.group(1)), m.group(2), at);
    }

    void insert(List<Row> rows) {
        template.batchUpdate("""
                INSERT INTO tracking_events (contact_id, touch_id, kind, link_index, url, user_agent, referrer, ip, flag,
                    occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows, 1000, (ps, r) -> {
            Tracked t = r.tracked();
            ps.setLong(1, r.contactId());
            ps.setObject(2, t.touchId());
            ps.setString(3, t.kind().name());
            ps.setObject(4, t.linkIndex());
            ps.setString(5, cut(t.url(), 2000));
            ps.setString(6, cut(t.userAgent(), 1000));
            ps.setString(7, cut(t.referrer(), 2000));
            ps.setString(8, cut(t.ip(), 45));
            ps.setString(9, r.flag());
            ps.setObject(10, Timestamps.of(t.at()));
        });
    }

    /** The latest tracked requests, of one contact or of all, newest first. */
    public List<TrackedRequest> latest(Long contactId, int limit) {
        return before(contactId, Long.MAX_VALUE, limit);
    }

    /** The tracked requests, of one contact or of all, newest first, a page at a time. */
    public Page<TrackedRequest> page(Long contactId, String cursor, int limit) {
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : Cursor.decode(cursor);
        return Page.of(before(contactId, before, limit + 1), limit, TrackedRequest::id);
    }

    private List<TrackedRequest> before(Long contactId, long before, int limit) {
        return jdbc.sql("""
                        SELECT id, contact_id, touch_id, kind, link_index, url, user_agent, referrer, ip, flag, occurred_at
                          FROM tracking_events WHERE (CAST(:contact AS BIGINT) IS NULL OR contact_id = :contact)
                           AND id < :before
                         ORDER BY id DESC FETCH FIRST :limit ROWS ONLY""")
                .param("contact", contactId).param("before", before).param("limit", limit)
                .query((rs, n) -> new TrackedRequest(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class), rs.getString(4),
                        rs.getObject(5, Integer.class), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), Timestamps.read(rs, 11)))
                .list();
    }

    long createOptIn(long contactId, String text, boolean defaultQuestion, Instant at, String by) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO opt_in_requests (contact_id, text, default_question, requested_at, requested_by)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(contactId, text, defaultQuestion, Timestamps.of(at), by).update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    java.util.Optional<OptIn> optIn(long id) {
        return jdbc.sql("SELECT " + OPT_IN_COLUMNS + " FROM opt_in_requests WHERE id = ?")
                .param(id)
                .query(TrackingStore::optIn)
                .optional();
    }

    /** The contact's latest request made after an instant and not yet confirmed. */
    java.util.Optional<OptIn> pendingOptIn(long contactId, Instant requestedAfter) {
        return jdbc.sql("SELECT " + OPT_IN_COLUMNS + """
                         FROM opt_in_requests
                        WHERE contact_id = ? AND confirmed_at IS NULL AND requested_at > ?
                        ORDER BY requested_at DESC, id DESC FETCH FIRST 1 ROW ONLY""")
                .params(contactId, Timestamps.of(requestedAfter))
                .query(TrackingStore::optIn)
                .optional();
    }

    private static final String OPT_IN_COLUMNS = "id, contact_id, text, default_question, requested_at, confirmed_at";

    private static OptIn optIn(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new OptIn(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4), Timestamps.read(rs, 5),
                Timestamps.read(rs, 6));
    }

    /** Marks the request confirmed; false if it already was (a second click changes nothing). */
    boolean confirmOptIn(long id, Instant at, String ip) {
        return jdbc.sql("UPDATE opt_in_requests SET confirmed_at = ?, confirmed_ip = ? WHERE id = ? AND confirmed_at IS NULL")
                .params(Timestamps.of(at), cut(ip, 45), id).update() == 1;
    }

    static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
