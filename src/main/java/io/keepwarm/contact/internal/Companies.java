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
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/** Companies, found by name (case and spacing ignored) and created on first mention. */
@Component
public class Companies {

    /** A stored company. */
    public record CompanyRow(long id, String name, String domain, String industry, String size) {}

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Database database;
    private final Clock clock;

    Companies(JdbcClient jdbc, JdbcTemplate template, Database database, Clock clock) {
        this.jdbc = jdbc;
        this.database = database;
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
        Map<String, Long> ids = new HashMap<>();
        stored.forEach((key, row) -> ids.put(key, row.id()));
        if (!missing.isEmpty()) {
            ids.putAll(insert(missing));
            // A company another writer created meanwhile was skipped by ON CONFLICT: find it.
            List<String> lost = missing.stream().map(c -> key(c.name())).filter(key -> !ids.containsKey(key)).toList();
            if (!lost.isEmpty()) {
                find(lost).forEach((key, row) -> ids.put(key, row.id()));
            }
        }
        template.batchUpdate("UPDATE companies SET domain = ?, industry = ?, size = ? WHERE id = ?", filled, 1000,
                (ps, c) -> {
                    ps.setString(1, c.domain());
                    ps.setString(2, c.industry());
                    ps.setString(3, c.size());
                    ps.setLong(4, c.id());
                });
        return ids;
    }

    /** Inserts the companies; returns the ids of those this call created by key (all of them on H2, read back). */
    private Map<String, Long> insert(List<CompanyInput> missing) {
        var now = Timestamps.now(clock);
        Map<String, Long> created = new HashMap<>();
        if (database.insertsReturning()) {
            jdbc.sql("""
                    INSERT INTO companies (created_at, name, name_key, domain, industry, size)
                    SELECT ?, u.* FROM unnest(?, ?, ?, ?, ?) AS u
                    ON CONFLICT DO NOTHING
                    RETURNING id, name_key""")
                    .params(now, column(missing, CompanyInput::name), column(missing, c -> key(c.name())),
                            column(missing, CompanyInput::domain), column(missing, CompanyInput::industry),
                            column(missing, CompanyInput::size))
                    .query(rs -> {
                        created.put(rs.getString(2), rs.getLong(1));
                    });
            return created;
        }
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
        find(missing.stream().map(c -> key(c.name())).toList()).forEach((key, row) -> created.put(key, row.id()));
        return created;
    }

    private static SqlArrayValue column(List<CompanyInput> companies, Function<CompanyInput, String> field) {
        return new SqlArrayValue("varchar", companies.stream().map(field).toArray());
    }

    public Map<Long, CompanyRow> byIds(java.util.Collection<Long> ids) {
        Map<Long, CompanyRow> rows = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT id, name, domain, industry, size FROM companies WHERE id IN (:ids)")
                    .param("ids", ids)
                    .query(CompanyRow.class)
                    .list().stream()
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
