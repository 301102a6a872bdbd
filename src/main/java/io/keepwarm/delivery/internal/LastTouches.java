package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.platform.Timestamps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When each contact last heard from us: the nurture emails handed to the mail server (or kept, without one) and not
 * failed or withheld since, and the calls whose logged outcome reached them. A call task only queued, or a message
 * that bounced, is no touch.
 */
@Component
public class LastTouches {

    private static final List<String> HEARD = Arrays.stream(CallOutcome.values()).filter(CallOutcome::heard)
            .map(Enum::name).toList();

    private static final String MESSAGES_BOUNDARY = """
            SELECT contact_id FROM outbox_messages WHERE contact_id > ?
             GROUP BY contact_id ORDER BY contact_id OFFSET ? ROWS FETCH FIRST 1 ROW ONLY""";
    private static final String TASKS_BOUNDARY = """
            SELECT contact_id FROM tasks WHERE contact_id > ?
             GROUP BY contact_id ORDER BY contact_id OFFSET ? ROWS FETCH FIRST 1 ROW ONLY""";
    private static final String IN_RANGE = """
            SELECT contact_id, MAX(touched_at) FROM (
                SELECT contact_id, COALESCE(sent_at, created_at) AS touched_at FROM outbox_messages
                 WHERE contact_id > :after AND contact_id <= :upTo AND kind = 'NURTURE' AND status IN ('SENT', 'KEPT')
                UNION ALL
                SELECT contact_id, done_at FROM tasks
                 WHERE contact_id > :after AND contact_id <= :upTo AND status = 'DONE' AND outcome IN (:heard)
            ) touches
             GROUP BY contact_id ORDER BY contact_id FETCH FIRST :limit ROWS ONLY""";

    private final JdbcClient jdbc;

    LastTouches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The last touch of the contacts above {@code afterContactId} who have one, in id order, up to {@code limit}: fewer
     * only when no more are left. Read range by range: a range ends at the limit-th contact with a message, or with a
     * task, whichever comes first, both found in the contact_id indexes, so each read touches its own rows. One GROUP BY
     * over both tables made PostgreSQL aggregate the whole outbox for every page (3 s a page at a million messages).
     */
    public List<Delivery.LastTouch> after(long afterContactId, int limit) {
        List<Delivery.LastTouch> found = new ArrayList<>();
        long from = afterContactId;
        while (true) {
            long upTo = Math.min(boundary(MESSAGES_BOUNDARY, from, limit), boundary(TASKS_BOUNDARY, from, limit));
            int wanted = limit - found.size();
            List<Delivery.LastTouch> range = jdbc.sql(IN_RANGE).param("after", from).param("upTo", upTo)
                    .param("heard", HEARD).param("limit", wanted)
                    .query((rs, n) -> new Delivery.LastTouch(rs.getLong(1), Timestamps.read(rs, 2))).list();
            found.addAll(range);
            if (range.size() == wanted || upTo == Long.MAX_VALUE) {
                return found;
            }
            from = upTo;
        }
    }

    /** The limit-th contact above the cursor in the table; with fewer, no bound. */
    private long boundary(String sql, long afterContactId, int limit) {
        return jdbc.sql(sql).params(afterContactId, limit - 1).query(Long.class).optional().orElse(Long.MAX_VALUE);
    }
}
