package io.keepwarm.segment.internal;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import io.keepwarm.segment.internal.Field.Join;
import io.keepwarm.segment.internal.Field.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Turns a rule into one SQL condition over {@code contacts c}. Values only ever travel as parameters, and
 * field, table and operator text only ever comes from this class and the {@link FieldCatalog}. Every condition
 * it writes is true or false, never unknown, so NOT means what a person means by it: {@code not title = "CTO"}
 * includes the contacts who have no title.
 */
final class RuleCompiler {

    /**
     * What a rule needs from outside: the time, the fields, the other segments and lists it names, and which ids are
     * users' (asked only of a rule given now, for its owners).
     */
    record Context(Instant now, FieldCatalog fields, Function<Long, Optional<Rule>> segmentRules, Set<Long> listIds,
            LongPredicate isUser, ZoneId accountZone) {}

    /** A compiled condition; {@code timeDependent} when its answer can change with no change to the data. */
    record Compiled(String where, String joins, Map<String, Object> params, boolean timeDependent) {

        String from() {
            return "FROM contacts c" + joins;
        }
    }

    /**
     * The most values one compiled rule may send. PostgreSQL takes 65,535 per statement, and the statements around a
     * rule add their own (a re-check sends up to 5,000 contact ids), so a rule is refused well before that.
     */
    static final int MAX_VALUES = 30_000;

    /** A referenced segment's rule compiled once, with the values each copy of it sends. */
    private record Fragment(String sql, int values) {}

    private final Context context;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Fragment> segments = new HashMap<>();
    private int values;
    /** The placeholder of each array of zones or countries sent, by what it holds: each is sent once, then named again. */
    private final Map<String, String> arrays = new HashMap<>();
    private final EnumSet<Join> joins = EnumSet.noneOf(Join.class);
    private final Deque<Long> segmentPath = new ArrayDeque<>();
    private boolean timeDependent;
    private int negations;
    private LocalDates localDates;
    private final boolean checking;

    private RuleCompiler(Context context, boolean checking) {
        this.context = context;
        this.checking = checking;
    }

    /**
     * @param selfId the id of the segment this rule belongs to, so that a rule reaching back to it is refused;
     *     null for a rule being previewed
     */
    static Compiled compile(Rule rule, Context context, Long selfId) {
        return compile(rule, context, selfId, false);
    }

    /**
     * As {@link #compile}, for a rule a person gives now (saved, previewed, added to): it also refuses a country that
     * names none. A rule stored before countries were read as codes may hold one ("Deutschland", kept on contacts
     * V73 could not read); it keeps matching that text as it did, so that no program goal or segment stops working.
     * The same goes for a range written high end first and an owner who is no user: they match nobody, and are
     * refused only when given.
     */
    static Compiled check(Rule rule, Context context, Long selfId) {
        return compile(rule, context, selfId, true);
    }

    private static Compiled compile(Rule rule, Context context, Long selfId, boolean checking) {
        RuleCompiler compiler = new RuleCompiler(context, checking);
        if (selfId != null) {
            compiler.segmentPath.push(selfId);
        }
        String where = compiler.rule(rule, "rule");
        compiler.checkSize();
        String joinSql = compiler.joins.stream().map(j -> " " + j.sql).collect(Collectors.joining());
        return new Compiled(where, joinSql, Map.copyOf(compiler.params), compiler.timeDependent);
    }

    private String rule(Rule rule, String path) {
        return switch (rule) {
            case Rule.All all -> group(all.rules(), " AND ", path + ".and");
            case Rule.Any any -> group(any.rules(), " OR ", path + ".or");
            case Rule.Not not -> not(() -> rule(not.rule(), path + ".not"));
            case Rule.InList in -> inList(in, path);
            case Rule.InSegment in -> inSegment(in, path);
            case Rule.Behaviour b -> behaviour(b, path);
            case Rule.Compare c -> compare(c, path);
        };
    }

    /** NOT of a condition; the conditions written inside it must be true or false, never unknown. */
    String not(Supplier<String> condition) {
        negations++;
        try {
            return "NOT (" + condition.get() + ")";
        } finally {
            negations--;
        }
    }

    /**
     * A condition on a column that may be NULL, made true or false. Outside any NOT a WHERE clause already
     * treats unknown as false, so the condition stays bare there, where the planner can estimate it.
     */
    String twoValued(String condition) {
        return negations == 0 ? condition : "COALESCE(" + condition + ", FALSE)";
    }

    private String behaviour(Rule.Behaviour b, String path) {
        try {
            return Behaviours.sql(b, this, path);
        } catch (InvalidInputException e) {
            throw within(e, b);
        }
    }

    private String group(List<Rule> rules, String operator, String path) {
        List<String> parts = new ArrayList<>();
        // Comparisons OR'd on one attribute ask one EXISTS for a row meeting any of them: each EXISTS is a probe per
        // contact, and "renewal = today+1d or ... or renewal = today+300d" made three hundred.
        Map<String, List<String>> onRow = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = path + "[" + i + "]";
            if (operator.equals(" OR ") && rules.get(i) instanceof Rule.Compare c) {
                Field field = field(c, at);
                String row = attributeRow(field, c, at);
                if (row != null) {
                    onRow.computeIfAbsent(field.attributeKey(), key -> new ArrayList<>()).add(row);
                } else {
                    parts.add("(" + compare(field, c, at) + ")");
                }
                continue;
            }
            parts.add("(" + rule(rules.get(i), at) + ")");
        }
        onRow.forEach((key, conditions) -> parts.add("(" + Conditions.attributeHolds(key,
                "(" + String.join(" OR ", conditions) + ")", this) + ")"));
        return String.join(operator, parts);
    }

    private String attributeRow(Field field, Rule.Compare c, String path) {
        try {
            return Conditions.onAttributeRow(field, c, this, path);
        } catch (InvalidInputException e) {
            throw within(e, c);
        }
    }

    private String inList(Rule.InList in, String path) {
        if (!context.listIds().contains(in.listId())) {
            throw bad(path + ".inList", "there is no list " + in.listId());
        }
        return "EXISTS (SELECT 1 FROM list_members lm WHERE lm.contact_id = c.id AND lm.list_id = " + param(in.listId()) + ")";
    }

    private String inSegment(Rule.InSegment in, String path) {
        if (segmentPath.contains(in.segmentId())) {
            List<Long> loop = new ArrayList<>(segmentPath.reversed());
            loop.add(in.segmentId());
            throw bad(path + ".inSegment", "segment " + in.segmentId() + " refers to itself through "
                    + loop.stream().map(String::valueOf).collect(Collectors.joining(" -> ")));
        }
        // Inside a NOT the same rule is written two-valued, so each side of a NOT is compiled once.
        String key = in.segmentId() + (negations == 0 ? "" : " negated");
        Fragment compiled = segments.get(key);
        if (compiled == null) {
            Rule other = context.segmentRules().apply(in.segmentId())
                    .orElseThrow(() -> bad(path + ".inSegment", "there is no segment " + in.segmentId()));
            int before = values;
            segmentPath.push(in.segmentId());
            String sql = rule(other, path + "{segment " + in.segmentId() + "}");
            segmentPath.pop();
            segments.put(key, new Fragment(sql, values - before));
            return sql;
        }
        // Each copy of its SQL sends its values again.
        values += compiled.values();
        checkSize();
        return compiled.sql();
    }

    private void checkSize() {
        if (values > MAX_VALUES) {
            throw bad("rule", "is too large: it needs " + values + " values sent to the database in one query, and at most "
                    + MAX_VALUES + " fit; use fewer conditions or values, or name a large segment in in_segment fewer times");
        }
    }

    private String compare(Rule.Compare c, String path) {
        return compare(field(c, path), c, path);
    }

    private String compare(Field field, Rule.Compare c, String path) {
        try {
            return Conditions.sql(field, c, this, path);
        } catch (InvalidInputException e) {
            throw within(e, c);
        }
    }

    /** The same problem, with the condition quoted as a person wrote it, so text-form rules show where. */
    private static InvalidInputException within(InvalidInputException e, Rule condition) {
        String text;
        try {
            text = RuleText.print(condition);
        } catch (IllegalArgumentException unprintable) {
            return e;
        }
        List<FieldError> errors = e.errors().stream()
                .map(f -> new FieldError(f.field(), f.message() + " (in: " + text + ")")).toList();
        return new InvalidInputException(e.getMessage() + " (in: " + text + ")", errors);
    }

    /** The field a comparison names, checked against it, with its join taken. */
    private Field field(Rule.Compare c, String path) {
        try {
            String name = c.field().strip();
            Field field = anniversary(name, path).orElseGet(() -> context.fields().find(name)
                    .orElseThrow(() -> bad(path + ".field", "'" + name + "' is not a field; use one of " + context.fields().names())));
            Conditions.check(field, c, path);
            if (checking) {
                Conditions.checkCountries(c, path);
                Conditions.checkRange(field, c, path);
                Conditions.checkOwners(field, c, context.isUser(), path);
            }
            if (field.join() != null) {
                joins.add(field.join());
            }
            return field;
        } catch (InvalidInputException e) {
            throw within(e, c);
        }
    }

    private Optional<Field> anniversary(String name, String path) {
        if (!name.startsWith("anniversary(") || !name.endsWith(")")) {
            return Optional.empty();
        }
        String inner = name.substring("anniversary(".length(), name.length() - 1).strip();
        Field date = context.fields().find(inner).filter(f -> f.kind() == Kind.DATE)
                .orElseThrow(() -> bad(path + ".field", "anniversary(...) takes a date attribute such as birthday; '"
                        + inner + "' is not one"));
        return Optional.of(new Field(name, Kind.ANNIVERSARY, date.column(), null, null, date.attributeKey()));
    }

    /** Adds a parameter and returns its placeholder; a collection sends each of its values. */
    String param(Object value) {
        String name = "p" + (params.size() + 1);
        params.put(name, value);
        values += value instanceof Collection<?> many ? many.size() : 1;
        return ":" + name;
    }

    String param(Instant instant) {
        return param((Object) Timestamps.of(instant));
    }

    Instant now() {
        return context.now();
    }

    Instant daysAgo(int days) {
        timeDependent = true;
        return context.now().minus(Duration.ofDays(days));
    }

    LocalDate utcToday() {
        timeDependent = true;
        return LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
    }

    /**
     * A condition that needs today's date on each contact's clock, built for each date a clock can be on. The clock is
     * read as {@link io.keepwarm.platform.Zones#ofContact} reads it everywhere else (a date trigger, the engine's ready
     * day): the contact's own zone; for an unknown one (none, or a name this JVM does not know), their country's middle
     * clock; for a contact of no country Keepwarm reads, the account's. The account's date is the ELSE, so a date no
     * clock but UTC's is on needs no branch of its own, and a contact of unknown zone never counts on UTC's.
     */
    String perLocalDate(Function<LocalDate, String> condition) {
        timeDependent = true;
        if (localDates == null) {
            localDates = LocalDates.at(context.now(), context.accountZone());
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (LocalDate day : localDates.days()) {
            if (day.equals(localDates.accountDate())) {
                continue;
            }
            List<String> zones = localDates.zones().getOrDefault(day, List.of());
            List<String> countries = localDates.countries().getOrDefault(day, List.of());
            if (zones.isEmpty() && countries.isEmpty()) {
                continue;
            }
            List<String> on = new ArrayList<>();
            if (!zones.isEmpty()) {
                on.add("c.time_zone = ANY(" + array("zones " + day, zones) + ")");
            }
            if (!countries.isEmpty()) {
                on.add("((c.time_zone IS NULL OR NOT (c.time_zone = ANY(" + array("known", localDates.known())
                        + "))) AND c.country = ANY(" + array("countries " + day, countries) + "))");
            }
            sql.append(" WHEN ").append(String.join(" OR ", on)).append(" THEN (").append(condition.apply(day))
                    .append(")");
        }
        return sql.append(" ELSE (").append(condition.apply(localDates.accountDate())).append(") END").toString();
    }

    /** An array of names as one value, sent the first time and named again after (which sends it once more). */
    private String array(String key, List<String> names) {
        String placeholder = arrays.get(key);
        if (placeholder != null) {
            return reuse(placeholder);
        }
        placeholder = zones(names);
        arrays.put(key, placeholder);
        return placeholder;
    }

    /**
     * Zones (or country codes) as one array value: a list of several hundred zone names, sent again for each condition
     * on today, took a rule of a hundred such conditions past PostgreSQL's limit on values.
     */
    private String zones(List<String> names) {
        return param(new SqlArrayValue("varchar", names.toArray()));
    }

    /** A placeholder written once more, which sends its value once more. */
    private String reuse(String placeholder) {
        values++;
        return placeholder;
    }

    static InvalidInputException bad(String path, String message) {
        return new InvalidInputException("The segment rule is not valid: " + path + " " + message,
                List.of(new FieldError(path, message)));
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    static BigDecimal number(Literal literal) {
        return ((Literal.Number) literal).value();
    }
}
