package io.keepwarm.contact;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The order of a list of contacts (by name, address, company, score, last change or creation, either way) and the
 * keyset paging in it: the contact's id breaks ties, a contact without a company or a score comes after every other
 * in both directions, and a page's cursor carries the sort key of its last contact, so a page deep in 100,000 contacts
 * is read from an index, not counted off.
 *
 * @param descending whether the list runs from the greatest value down (newest, highest score, Z to A)
 */
public record ContactSort(Key key, boolean descending) {

    /** The list's order when none is asked: by id, the order contacts were made in (its cursor is an id cursor). */
    public static final ContactSort DEFAULT = new ContactSort(Key.ID, false);

    /** What a list may be sorted by, with the name the API and the page's links call it. */
    public enum Key {
        ID("id", null, null, null, List.of(), List.of()),
        /** Last name, then first name, as a person reads them: case and accents ignored; no last name comes last. */
        LAST_NAME("lastName", null, "c.last_name_folded", new Column("c.last_name_folded", Type.TEXT),
                List.of(new Column("COALESCE(c.first_name_folded, '')", Type.TEXT)),
                List.of(new Column("COALESCE(c.first_name_folded, '')", Type.TEXT))),
        EMAIL("email", null, null, null, List.of(new Column("c.email", Type.TEXT)), List.of()),
        // The company's id after its name keeps the contacts of one company together, and lets PostgreSQL walk the
        // companies by name and each one's contacts by its index instead of sorting every contact (1 ms, not 80, for
        // a page deep in 100,000).
        COMPANY("company", "LEFT JOIN companies sort_co ON sort_co.id = c.company_id", "c.company_id",
                new Column("sort_co.name_folded", Type.TEXT), List.of(new Column("sort_co.id", Type.NUMBER)),
                List.of()),
        /**
         * The score as stored, which segment rules compare: it is decayed in batches, so between two passes it may be a
         * point above the score the page shows as of this minute. The one read of the scoring module's table here, read
         * only as the segment compiler's: a page by score must join it to be read from its index.
         */
        SCORE("score", "LEFT JOIN contact_scores sort_sc ON sort_sc.contact_id = c.id", "sort_sc.contact_id",
                new Column("sort_sc.score", Type.NUMBER), List.of(), List.of()) {
            // The score's own copy of the contact's id, so that the cursor's row comparison is one range of the
            // scores' index: across the two tables PostgreSQL scanned every score above the page (440 ms, not 1).
            @Override
            String tieBreak() {
                return "sort_sc.contact_id";
            }
        },
        UPDATED_AT("updatedAt", null, null, null, List.of(new Column("c.updated_at", Type.TIME)), List.of()),
        CREATED_AT("createdAt", null, null, null, List.of(new Column("c.created_at", Type.TIME)), List.of());

        private final String apiName;
        private final String join;
        private final String presence;
        private final Column nullable;
        private final List<Column> known;
        private final List<Column> unknown;

        /**
         * @param presence a column that is null exactly where the key is missing (no company: the contact's company id)
         * @param nullable the key's first column where it may be missing (no company, never scored), else null
         * @param known the columns after it that order the contacts that have it
         * @param unknown the columns that order the contacts that miss it, after all the others
         */
        Key(String apiName, String join, String presence, Column nullable, List<Column> known, List<Column> unknown) {
            this.apiName = apiName;
            this.join = join;
            this.presence = presence;
            this.nullable = nullable;
            this.known = known;
            this.unknown = unknown;
        }

        /** The name the API and the page's links call it ({@code lastName}). */
        public String apiName() {
            return apiName;
        }

        /** The contact's id as the contacts that have the key break their ties by it. */
        String tieBreak() {
            return "c.id";
        }
    }

    private enum Type { TEXT, NUMBER, TIME }

    private record Column(String sql, Type type) {}

    /** Where a page starts: after this contact, in the part of the list with the key or the part without it. */
    private record Position(boolean missing, List<Object> values, long id) {}

    /** The values {@code sort} takes, each name ascending and with "-" before it descending. */
    public static List<String> accepted() {
        return Arrays.stream(Key.values()).filter(k -> k != Key.ID)
                .flatMap(k -> Stream.of(k.apiName, "-" + k.apiName)).toList();
    }

    /** The sort a request names ({@code lastName}, {@code -updatedAt}); none is {@link #DEFAULT}, a name it does not know a 400. */
    public static ContactSort parse(String sort) {
        if (sort == null || sort.isBlank()) {
            return DEFAULT;
        }
        String name = sort.strip();
        boolean descending = name.startsWith("-");
        String key = descending ? name.substring(1) : name;
        return Arrays.stream(Key.values()).filter(k -> k != Key.ID && k.apiName.equals(key)).findFirst()
                .map(k -> new ContactSort(k, descending))
                .orElseThrow(() -> InvalidInputException.field("sort", "must be one of " + String.join(", ", accepted())
                        + " (a \"-\" before the name sorts descending), not '" + name + "'"));
    }

    /** The name of this sort as {@link #parse} reads it; blank for the default order. */
    public String apiName() {
        return key == Key.ID ? "" : (descending ? "-" : "") + key.apiName;
    }

    /** The same key the other way. */
    public ContactSort reversed() {
        return new ContactSort(key, !descending);
    }

    /**
     * A page of the ids of the contacts {@code c} that {@code where} keeps, in this order, after the cursor. The from
     * and where (with their parameters) are the caller's: the contact list's filters, a segment rule compiled.
     */
    public Page<Long> page(JdbcClient jdbc, String from, String where, Map<String, Object> params, String cursor,
            int limit) {
        Position after = position(cursor);
        List<Position> rows = new ArrayList<>();
        if (after == null || !after.missing()) {
            rows.addAll(section(jdbc, from, where, params, false, after, limit + 1));
        }
        if (key.nullable != null && rows.size() <= limit) {
            rows.addAll(section(jdbc, from, where, params, true, after != null && after.missing() ? after : null,
                    limit + 1 - rows.size()));
        }
        boolean more = rows.size() > limit;
        List<Position> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(page.stream().map(Position::id).toList(), more ? cursor(page.getLast()) : null);
    }

    /**
     * One part of the list: the contacts that have the key, or those that miss it. Each is one index range on
     * PostgreSQL, its cursor a row comparison, so the contacts without a company come last in both directions without
     * an OR that would have it scan from the list's start.
     */
    private List<Position> section(JdbcClient jdbc, String from, String where, Map<String, Object> params,
            boolean missing, Position after, int limit) {
        List<Column> columns = columns(missing);
        List<String> keys = new ArrayList<>(columns.stream().map(Column::sql).toList());
        keys.add(missing ? "c.id" : key.tieBreak());
        Map<String, Object> all = new HashMap<>(params);
        StringBuilder sql = new StringBuilder("SELECT c.id");
        columns.forEach(c -> sql.append(", ").append(c.sql()));
        sql.append(' ').append(from).append(key.join == null ? "" : " " + key.join).append(" WHERE (").append(where)
                .append(')');
        if (key.nullable != null) {
            // The key itself not null makes its join an inner one, which PostgreSQL walks from the key's index; the
            // contact's own column null finds those without it from the contacts alone.
            sql.append(" AND ").append(missing ? key.presence + " IS NULL" : key.nullable.sql() + " IS NOT NULL");
        }
        if (after != null) {
            List<String> marks = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                marks.add(":sort_k" + i);
                all.put("sort_k" + i, parameter(columns.get(i), after.values().get(i)));
            }
            marks.add(":sort_id");
            all.put("sort_id", after.id());
            sql.append(" AND (").append(String.join(", ", keys)).append(descending ? ") < (" : ") > (")
                    .append(String.join(", ", marks)).append(')');
            // Implied by the row comparison, but only a bound of its first column alone lets PostgreSQL start a scan
            // of that column's index where it sits when it lies in another table than the rest (the company's name).
            sql.append(" AND ").append(keys.getFirst()).append(descending ? " <= " : " >= ").append(marks.getFirst());
        }
        sql.append(" ORDER BY ").append(keys.stream().map(k -> descending ? k + " DESC" : k)
                .collect(Collectors.joining(", "))).append(" FETCH FIRST :sort_limit ROWS ONLY");
        all.put("sort_limit", limit);
        return jdbc.sql(sql.toString()).params(all).query((rs, n) -> {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(read(rs, i + 2, columns.get(i).type()));
            }
            return new Position(missing, values, rs.getLong(1));
        }).list();
    }

    private List<Column> columns(boolean missing) {
        if (missing) {
            return key.unknown;
        }
        List<Column> columns = new ArrayList<>();
        if (key.nullable != null) {
            columns.add(key.nullable);
        }
        columns.addAll(key.known);
        return columns;
    }

    private static Object read(ResultSet rs, int column, Type type) throws SQLException {
        return switch (type) {
            case TEXT -> rs.getString(column);
            case NUMBER -> rs.getLong(column);
            case TIME -> Timestamps.read(rs, column);
        };
    }

    private static Object parameter(Column column, Object value) {
        return column.type() == Type.TIME ? Timestamps.of((Instant) value) : value;
    }

    // A cursor names its sort, so that one used with another is refused rather than paging from a wrong place.
    private String cursor(Position last) {
        if (key == Key.ID) {
            return Cursor.after(last.id());
        }
        StringBuilder text = new StringBuilder("sort.").append(apiName()).append('.').append(last.missing() ? 'n' : 'k')
                .append('.').append(last.id());
        for (Object value : last.values()) {
            text.append('.').append(encode(value.toString()));
        }
        return encode(text.toString());
    }

    private Position position(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String text = decode(cursor.strip());
        if (text.startsWith("id:")) {
            if (key != Key.ID) {
                throw sortedOtherwise("the list in its usual order (no sort)");
            }
            return new Position(false, List.of(), Cursor.decode(cursor));
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length < 4 || !parts[0].equals("sort")) {
            throw notOurs();
        }
        if (!parts[1].equals(apiName())) {
            throw sortedOtherwise(parts[1].isEmpty() ? "another list" : "the list sorted by " + parts[1]);
        }
        boolean missing = parts[2].equals("n");
        List<Column> columns = columns(missing);
        if (!(missing || parts[2].equals("k")) || parts.length != 4 + columns.size()) {
            throw notOurs();
        }
        try {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String value = decode(parts[4 + i]);
                values.add(switch (columns.get(i).type()) {
                    case TEXT -> value;
                    case NUMBER -> Long.parseLong(value);
                    case TIME -> Instant.parse(value);
                });
            }
            return new Position(missing, values, Long.parseLong(parts[3]));
        } catch (NumberFormatException | DateTimeException e) {
            throw notOurs();
        }
    }

    private InvalidInputException sortedOtherwise(String list) {
        String asked = key == Key.ID ? "the usual order (no sort)" : "sort=" + apiName();
        return InvalidInputException.field("cursor", "comes from " + list + ", not from " + asked + "; page on with the"
                + " sort it came from, or start " + asked + " again without a cursor");
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        try {
            return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notOurs();
        }
    }

    private static InvalidInputException notOurs() {
        return InvalidInputException.field("cursor", "is not a cursor this API handed out; use nextCursor from the"
                + " previous page");
    }
}
