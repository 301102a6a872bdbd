package io.keepwarm.handoff.internal;

import io.keepwarm.handoff.Territory;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The SQL of territory rules. */
@Component
public class TerritoryStore {

    private static final String COLUMNS = "id, region, industry, rep_id, created_at";

    private final JdbcClient jdbc;

    TerritoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Territory> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM territories ORDER BY id").query(Territory.class).list();
    }

    public List<Territory> after(long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM territories WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(after, limit).query(Territory.class).list();
    }

    public Optional<Territory> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM territories WHERE id = ?").param(id).query(Territory.class).optional();
    }

    public long insert(String region, String industry, long repId, Instant now) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO territories (region, industry, rep_id, created_at) VALUES (?, ?, ?, ?)")
                .params(region, industry, repId, Timestamps.of(now)).update(key, "id");
        return key.getKey().longValue();
    }

    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM territories WHERE id = ?").param(id).update() > 0;
    }
}
