package io.keepwarm.lifecycle.internal;

import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind readiness: expected-ready dates, armed until surfaced. */
@Repository
public class ReadinessStore {

    /** A stored readiness; surfacedAt is null while it waits for its date. */
    public record Row(long contactId, LocalDate readyOn, String reason, Instant surfacedAt) {}

    private static final String COLUMNS = "contact_id, ready_on, reason, surfaced_at";

    private final JdbcClient jdbc;

    ReadinessStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> find(long contactId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact_readiness WHERE contact_id = ?").param(contactId)
                .query(ReadinessStore::row).optional();
    }

    /** The dates of those of these contacts that have one, by contact, a thousand contacts a statement. */
    public Map<Long, LocalDate> readyOn(Collection<Long> contactIds) {
        Map<Long, LocalDate> found = new HashMap<>();
        for (List<Long> chunk : Chunks.of(List.copyOf(contactIds), 1000)) {
            jdbc.sql("SELECT contact_id, ready_on FROM contact_readiness WHERE contact_id IN (:ids)").param("ids", chunk)
                    .query(rs -> {
                        found.put(rs.getLong(1), rs.getObject(2, LocalDate.class));
                    });
        }
        return found;
    }

    /** Sets the date and reason and arms it again, whether or not an earlier date had surfaced. */
    public void set(long contactId, LocalDate readyOn, String reason) {
        int updated = jdbc.sql("UPDATE contact_readiness SET ready_on = ?, reason = ?, surfaced_at = NULL WHERE contact_id = ?")
                .params(readyOn, reason, contactId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO contact_readiness (contact_id, ready_on, reason) VALUES (?, ?, ?)")
                    .params(contactId, readyOn, reason).update();
        }
    }

    public boolean clear(long contactId) {
        return jdbc.sql("DELETE FROM contact_readiness WHERE contact_id = ?").param(contactId).update() > 0;
    }

    /** Armed readiness dated on or before the day, ids above {@code after}, locked until the transaction ends. */
    public List<Row> armedBy(LocalDate day, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " " + """
                 FROM contact_readiness
                 WHERE surfaced_at IS NULL AND ready_on <= :day AND contact_id > :after
                 ORDER BY contact_id
                 FETCH FIRST :limit ROWS ONLY
                 FOR UPDATE SKIP LOCKED""")
                .param("day", day).param("after", after).param("limit", limit)
                .query(ReadinessStore::row).list();
    }

    public void markSurfaced(List<Long> contactIds, Instant at) {
        if (!contactIds.isEmpty()) {
            jdbc.sql("UPDATE contact_readiness SET surfaced_at = :at WHERE contact_id IN (:ids) AND surfaced_at IS NULL")
                    .param("at", Timestamps.of(at)).param("ids", contactIds).update();
        }
    }

    /** Surfaced readiness with ids above {@code after}, in id order. */
    public List<Row> surfaced(long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " " + """
                 FROM contact_readiness
                 WHERE surfaced_at IS NOT NULL AND contact_id > :after
                 ORDER BY contact_id
                 FETCH FIRST :limit ROWS ONLY""")
                .param("after", after).param("limit", limit)
                .query(ReadinessStore::row).list();
    }

    /** The survivor of a merge keeps its own readiness; it takes the duplicate's only when it had none. */
    public void moveIfNone(long fromContactId, long toContactId) {
        jdbc.sql("""
                UPDATE contact_readiness SET contact_id = :to
                 WHERE contact_id = :from AND NOT EXISTS (SELECT 1 FROM contact_readiness k WHERE k.contact_id = :to)""")
                .param("to", toContactId).param("from", fromContactId).update();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getString(3), Timestamps.read(rs, 4));
    }
}
