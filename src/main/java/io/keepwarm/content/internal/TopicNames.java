package io.keepwarm.content.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Topics as people read them. A topic's key is its lower case (what pieces, tags and segments compare); its name is
 * how an author last typed it, kept only when that was not all lower case, so that a read-change-write through the
 * API, which sends the keys back, never turns "HPC" into "hpc".
 */
@Repository
public class TopicNames {

    private final JdbcClient jdbc;

    TopicNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Remembers the names of the topics as typed (each of 1 to 100 characters once stripped, as the checks ask). */
    public void learn(List<String> typed) {
        if (typed == null) {
            return;
        }
        for (String text : typed) {
            String name = text == null ? "" : text.strip();
            String key = name.toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals(key)) {
                continue;
            }
            if (jdbc.sql("UPDATE topic_names SET name = ? WHERE topic = ?").params(name, key).update() == 0) {
                jdbc.sql("INSERT INTO topic_names (topic, name) VALUES (?, ?) ON CONFLICT DO NOTHING").params(key, name)
                        .update();
            }
        }
    }

    /** Each key with its name, in the order given; a key without one is its own name. */
    public Map<String, String> of(Collection<String> keys) {
        Map<String, String> names = new LinkedHashMap<>();
        keys.forEach(key -> names.put(key, key));
        if (!keys.isEmpty()) {
            jdbc.sql("SELECT topic, name FROM topic_names WHERE topic IN (:keys)").param("keys", List.copyOf(keys))
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                    .forEach(e -> names.put(e.getKey(), e.getValue()));
        }
        return names;
    }
}
