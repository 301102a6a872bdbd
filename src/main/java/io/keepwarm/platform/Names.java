package io.keepwarm.platform;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Names by id, read at once for a page that names many things of one kind (the audit log's entity column). */
public final class Names {

    private Names() {
    }

    /**
     * The names of those of these ids that exist, by id, from a query of ids and names with an {@code :ids} list
     * ("SELECT id, name FROM segments WHERE id IN (:ids)").
     */
    public static Map<Long, String> byId(JdbcClient jdbc, String sql, Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        for (List<Long> chunk : Chunks.of(List.copyOf(ids), 1000)) {
            jdbc.sql(sql).param("ids", chunk).query(rs -> {
                names.put(rs.getLong(1), rs.getString(2));
            });
        }
        return names;
    }
}
