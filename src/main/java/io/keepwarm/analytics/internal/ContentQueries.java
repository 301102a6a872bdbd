package io.keepwarm.analytics.internal;

import io.keepwarm.analytics.Period;
import io.keepwarm.platform.Timestamps;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Per piece of content: touches sent ({@link Went}) and what followed them, from the engine's, delivery's, tracking's and hand-off tables. */
@Component
public class ContentQueries {

    /**
     * One row per piece sent in the period, an email when the mail server took it. A contact counts once per piece whatever the number of touches; opens and
     * clicks are those of these touches that no machine filter flagged. A click counts as an open too: whoever clicked
     * read the email, though their mail client loaded no images or a privacy proxy's open was flagged (otherwise more
     * clicked than opened). The hand-off window is in seconds, compared
     * through EXTRACT(EPOCH ...) so both databases read it alike.
     */
    static final String SENT = """
            SELECT t.content_id, COUNT(*) AS sent, COUNT(DISTINCT t.contact_id) AS contacts,
                   COUNT(DISTINCT CASE WHEN EXISTS (
                       SELECT 1 FROM tracking_events e WHERE e.contact_id = t.contact_id AND e.touch_id = t.id
                          AND e.kind IN ('OPEN', 'CLICK') AND e.flag IS NULL) THEN t.contact_id END) AS opened,
                   COUNT(DISTINCT CASE WHEN EXISTS (
                       SELECT 1 FROM tracking_events e WHERE e.contact_id = t.contact_id AND e.touch_id = t.id
                          AND e.kind = 'CLICK' AND e.flag IS NULL) THEN t.contact_id END) AS clicked,
                   COUNT(DISTINCT CASE WHEN EXISTS (
                       SELECT 1 FROM handoffs h WHERE h.contact_id = t.contact_id AND h.created_at >= t.went_at
                          AND EXTRACT(EPOCH FROM h.created_at) - EXTRACT(EPOCH FROM t.went_at) <= :window)
                       THEN t.contact_id END) AS handed_off
              FROM (%s) t
             WHERE t.content_id IS NOT NULL
             GROUP BY t.content_id""".formatted(Went.TOUCHES);

    /** Offers accepted in the period: the tracking module writes them as "content:{id} offer:{key}". */
    private static final String OFFERS = """
            SELECT DISTINCT contact_id, url FROM tracking_events
             WHERE kind = 'OFFER_ACCEPTED' AND occurred_at >= :from AND occurred_at < :to AND url LIKE 'content:%'""";

    private static final String PIECES = "SELECT id, name, content_type, status FROM content_items WHERE id IN (:ids)";

    /** A piece's touches in the period and what followed them. */
    public record Sent(long contentId, long sent, long contacts, long opened, long clicked, long handedOff) {}

    /** A contact's acceptance on a piece's landing page. */
    public record Offer(long contactId, long contentId) {}

    /** What a report names a piece by. */
    public record Piece(long id, String name, String type, String status) {}

    private final JdbcClient jdbc;

    ContentQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Sent> sent(Period period, long handoffWindowSeconds) {
        return jdbc.sql(SENT).param("from", Timestamps.of(period.from())).param("to", Timestamps.of(period.to()))
                .param("window", handoffWindowSeconds)
                .query((rs, n) -> new Sent(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)))
                .list();
    }

    public List<Offer> offers(Period period) {
        return jdbc.sql(OFFERS).param("from", Timestamps.of(period.from())).param("to", Timestamps.of(period.to()))
                .query((rs, n) -> offer(rs.getLong(1), rs.getString(2))).list().stream()
                .filter(o -> o != null).toList();
    }

    public List<Piece> pieces(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(PIECES).param("ids", ids)
                .query((rs, n) -> new Piece(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    /** The piece an acceptance names; null for text not in that form. */
    private static Offer offer(long contactId, String url) {
        int space = url.indexOf(' ');
        String id = url.substring("content:".length(), space < 0 ? url.length() : space);
        try {
            return new Offer(contactId, Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
