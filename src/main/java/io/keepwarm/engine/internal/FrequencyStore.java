package io.keepwarm.engine.internal;

import io.keepwarm.platform.Chunks;
import io.keepwarm.contact.Channel;
import io.keepwarm.engine.Frequency;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind contacts' own frequency preferences. */
@Repository
public class FrequencyStore {

    /** A stored preference and who set it when. */
    public record Stored(long contactId, Frequency frequency, Instant updatedAt, String updatedBy) {}

    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;

    FrequencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stored> find(long contactId) {
        return jdbc.sql("""
                SELECT contact_id, channel, max_touches, window_days, updated_at, updated_by, paused_until
                  FROM contact_frequency WHERE contact_id = ?""")
                .param(contactId)
                .query((rs, n) -> new Stored(rs.getLong(1), new Frequency(channel(rs.getString(2)), rs.getInt(3),
                        rs.getInt(4), Timestamps.read(rs, 7)), Timestamps.read(rs, 5), rs.getString(6)))
                .optional();
    }

    /** The preferences of those of these contacts that have one, one query per 1,000 contacts. */
    public Map<Long, Frequency> of(Collection<Long> contactIds) {
        Map<Long, Frequency> found = new HashMap<>();
        List<Long> ids = List.copyOf(contactIds);
        for (var chunk : Chunks.of(ids, CHUNK)) {
            jdbc.sql("""
                    SELECT contact_id, channel, max_touches, window_days, paused_until FROM contact_frequency
                     WHERE contact_id IN (:ids)""")
                    .param("ids", chunk)
                    .query(rs -> {
                        found.put(rs.getLong(1), new Frequency(channel(rs.getString(2)), rs.getInt(3), rs.getInt(4),
                                Timestamps.read(rs, 5)));
                    });
        }
        return found;
    }

    public void save(long contactId, Frequency frequency, Instant at, String by) {
        String channel = frequency.channel() == null ? null : frequency.channel().name();
        int updated = jdbc.sql("""
                UPDATE contact_frequency SET channel = ?, max_touches = ?, window_days = ?, paused_until = ?, updated_at = ?,
                       updated_by = ?
                 WHERE contact_id = ?""")
                .params(channel, frequency.maxTouches(), frequency.windowDays(), paused(frequency), Timestamps.of(at),
                        by, contactId)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO contact_frequency (contact_id, channel, max_touches, window_days, paused_until, updated_at,
                                                   updated_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(contactId, channel, frequency.maxTouches(), frequency.windowDays(), paused(frequency),
                            Timestamps.of(at), by)
                    .update();
        }
    }

    public boolean delete(long contactId) {
        return jdbc.sql("DELETE FROM contact_frequency WHERE contact_id = ?").param(contactId).update() > 0;
    }

    /** Gives the merged duplicate's preference to the survivor, unless the survivor stated one of its own. */
    public void moveIfNone(long mergedId, long survivorId) {
        jdbc.sql("""
                UPDATE contact_frequency SET contact_id = ? WHERE contact_id = ?
                   AND NOT EXISTS (SELECT 1 FROM contact_frequency s WHERE s.contact_id = ?)""")
                .params(survivorId, mergedId, survivorId)
                .update();
    }

    private static OffsetDateTime paused(Frequency frequency) {
        return frequency.pausedUntil() == null ? null : Timestamps.of(frequency.pausedUntil());
    }

    private static Channel channel(String text) {
        return text == null ? null : Channel.valueOf(text);
    }
}
