package io.keepwarm.contact.internal;

import io.keepwarm.platform.Timestamps;

import io.keepwarm.contact.ContactInput.CompanyInput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Companies, found by name (case and spacing ignored) and created on first mention. */
@Component
public class Companies {

    /** A stored company. */
    public record CompanyRow(long id, String name, String domain, String industry, String size) {}

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;

    Companies(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
    }

    public static String key(String name) {
        return SPACES.matcher(name.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** The ids of these companies by key, creating the missing ones and filling in details they lacked. */
    public Map<String, Long> resolve(List<CompanyInput> mentioned) {
        // In key order, so concurrent writers (two imports, an import and the API) lock company rows in the same
        // order and never deadlock.
        Map<String, CompanyInput> byKey = new TreeMap<>();
        mentioned.stream().filter(Objects::nonNull).forEach(c -> byKey.merge(key(c.name()), c, (a, b) -> b));
        if (byKey.isEmpty()) {
            return Map.of();
        }
        Map<String, CompanyRow> stored = find(byKey.keySet());
        List<CompanyInput> missing = new ArrayList<>();
        List<CompanyRow> filled = new ArrayList<>();
        byKey.forEach((key, in) -> {
            CompanyRow row = stored.get(key);
            if (row == null) {
                missing.add(in);
            } else {
                CompanyRow next = new CompanyRow(row.id(), row.name(), or(row.domain(), in.domain()),
                        or(row.industry(), in.industry()), or(row.size(), in.size()));
                if (!next.equals(row)) {
                    filled.add(next);
                }
            }
        });
        var now = Timestamps.now(clock);
        template.batchUpdate("""
                INSERT INTO companies (name, name_key, domain, industry, size, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", missing, 1000, (ps, c) -> {
                    ps.setString(1, c.name());
                    ps.setString(2, key(c.name()));
                    ps.setString(3, c.domain());
                    ps.setString(4, c.industry());
                    ps.setString(5, c.size());
                    ps.setObject(6, now);
                });
        template.batchUpdate("UPDATE companies SET domain = ?, industry = ?, size = ? WHERE id = ?", filled, 1000,
                (ps, c) -> {
                    ps.setString(1, c.domain());
                    ps.setString(2, c.industry());
                    ps.setString(3, c.size());
                    ps.setLong(4, c.id());
                });
        Map<String, Long> ids = new HashMap<>();
        (missing.isEmpty() ? stored : find(byKey.keySet())).forEach((key, row) -> ids.put(key, row.id()));
        return ids;
    }

    public Map<Long, CompanyRow> byIds(java.util.Collection<Long> ids) {
        Map<Long, CompanyRow> rows = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT id, name, domain, industry, size FROM companies WHERE id IN (:ids)")
                    .param("ids", ids)
                    .query(CompanyRow.class)
                    .stream()
                    .forEach(row -> rows.put(row.id(), row));
        }
        return rows;
    }

    private Map<String, CompanyRow> find(java.util.Collection<String> keys) {
        Map<String, CompanyRow> rows = new HashMap<>();
        jdbc.sql("SELECT id, name, domain, industry, size, name_key FROM companies WHERE name_key IN (:keys)")
                .param("keys", keys)
                .query((rs, n) -> {
                    rows.put(rs.getString("name_key"), new CompanyRow(rs.getLong("id"), rs.getString("name"),
                            rs.getString("domain"), rs.getString("industry"), rs.getString("size")));
                    return null;
                })
                .list();
        return rows;
    }

    private static String or(String current, String given) {
        return current != null ? current : given;
    }
}
