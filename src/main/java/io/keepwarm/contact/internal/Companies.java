package io.keepwarm.contact.internal;

import io.keepwarm.platform.Database;
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
        String lower = name.toLowerCase(Locale.ROOT);
        // Most names have single spaces between words and none around them, and an import asks for a key per row
        // several times: those skip the pattern.
        return plain(lower) ? lower : SPACES.matcher(lower.strip()).replaceAll(" ");
    }

    /** Whether a name has no white space but single spaces between words. */
    private static boolean plain(String name) {
        int last = name.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = name.charAt(i);
            if ((Character.isWhitespace(c) || Character.isSpaceChar(c))
                    && (c != ' ' || i == 0 || i == last || name.charAt(i - 1) == ' ')) {
                return false;
            }
        }
        return true;
    }

    /** The ids of these companies by key, creating the missing ones and filling in details they lacked. */
    public Map<String, Long> resolve(List<CompanyInput> mentioned) {
        return resolve(mentioned, new HashMap<>(), false);
    }

    /**
     * For an import: as {@link #resolve(List)}, but a detail the file gives replaces the stored one, as the file's
     * values replace a contact's (the caller gives every row of a company the same details, those the file gave first,
     * so the batches' order does not matter). With the companies a caller has seen before ({@code known}, by key, kept
     * up to date here up to {@link #KNOWN} entries): a known company the input would not change is not looked up
     * again. (Companies are never deleted, and only imports change their details, so a known company stays true
     * but for another import running at the same time.)
     */
    public Map<String, Long> resolveImported(List<CompanyInput> mentioned, Map<String, CompanyRow> known) {
        return resolve(mentioned, known, true);
    }

    private Map<String, Long> resolve(List<CompanyInput> mentioned, Map<String, CompanyRow> known, boolean replace) {
        // In key order, so concurrent writers (two imports, an import and the API) lock company rows in the same
        // order and never deadlock.
        Map<String, CompanyInput> byKey = new TreeMap<>();
        mentioned.stream().filter(Objects::nonNull).forEach(c -> byKey.merge(key(c.name()), c, (a, b) -> b));
        Map<String, Long> ids = new HashMap<>();
        byKey.entrySet().removeIf(entry -> {
            CompanyRow row = known.get(entry.getKey());
            if (row != null && updated(row, entry.getValue(), replace).equals(row)) {
                ids.put(entry.getKey(), row.id());
                return true;
            }
            return false;
        });
        if (byKey.isEmpty()) {
            return ids;
        }
        Map<String, CompanyRow> stored = find(byKey.keySet());
        List<CompanyInput> missing = new ArrayList<>();
        List<CompanyRow> filled = new ArrayList<>();
        byKey.forEach((key, in) -> {
            CompanyRow row = stored.get(key);
            if (row == null) {
                missing.add(in);
            } else {
                CompanyRow next = updated(row, in, replace);
                if (!next.equals(row)) {
                    filled.add(next);
                }
                remember(known, key, next);
            }
        });
        stored.forEach((key, row) -> ids.put(key, row.id()));
        if (!missing.isEmpty()) {
            Map<String, Long> created = insert(missing);
            ids.putAll(created);
            // On H2 the insert cannot tell the companies it created from those another writer did.
            missing.stream().filter(in -> database.postgres()).forEach(in -> {
                Long id = created.get(key(in.name()));
                if (id != null) {
                    remember(known, key(in.name()), new CompanyRow(id, in.name(), in.domain(), in.industry(), in.size()));
                }
            });
            // A company another writer created meanwhile was skipped by ON CONFLICT: find it.
            List<String> lost = missing.stream().map(c -> key(c.name())).filter(key -> !ids.containsKey(key)).toList();
            if (!lost.isEmpty()) {
                find(lost).forEach((key, row) -> ids.put(key, row.id()));
            }
        }
        // Filling in, only what is still missing: another writer may have filled a detail in since it was read.
        template.batchUpdate(replace ? """
                UPDATE companies SET domain = COALESCE(?, domain), industry = COALESCE(?, industry),
                    size = COALESCE(?, size) WHERE id = ?""" : """
                UPDATE companies SET domain = COALESCE(domain, ?), industry = COALESCE(industry, ?),
                    size = COALESCE(size, ?) WHERE id = ?""", filled, 1000,
                (ps, c) -> {
                    ps.setString(1, c.domain());
                    ps.setString(2, c.industry());
                    ps.setString(3, c.size());
                    ps.setLong(4, c.id());
                });
        return ids;
    }

    /**
     * How many companies a caller's memory of known companies holds at most: a few hundred bytes each for usual
     * names (about 40 MB when full), 1.6 KB for the longest.
     */
    static final int KNOWN = 100_000;

    private static void remember(Map<String, CompanyRow> known, String key, CompanyRow row) {
        if (known.size() < KNOWN || known.containsKey(key)) {
            known.put(key, row);
        }
    }

    /** The stored company with the input's details: those it lacked, or (replacing) every one the input gives. */
    private static CompanyRow updated(CompanyRow row, CompanyInput in, boolean replace) {
        if (replace) {
            return new CompanyRow(row.id(), row.name(), or(in.domain(), row.domain()), or(in.industry(), row.industry()),
                    or(in.size(), row.size()));
        }
        return new CompanyRow(row.id(), row.name(), or(row.domain(), in.domain()), or(row.industry(), in.industry()),
                or(row.size(), in.size()));
    }

    /** Inserts the companies; returns the ids of those this call created by key (all of them on H2, read back). */
    private Map<String, Long> insert(List<CompanyInput> missing) {
        var now = Timestamps.now(clock);
        Map<String, Long> created = new HashMap<>();
        if (database.postgres()) {
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
