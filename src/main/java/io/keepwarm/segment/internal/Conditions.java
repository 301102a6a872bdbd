package io.keepwarm.segment.internal;

import static io.keepwarm.segment.internal.RuleCompiler.bad;
import static io.keepwarm.segment.internal.RuleCompiler.lower;

import io.keepwarm.platform.Countries;
import io.keepwarm.platform.Folding;
import io.keepwarm.platform.Languages;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import io.keepwarm.segment.internal.Field.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The SQL for one field compared with values, by the kind of the field. */
final class Conditions {

    private static final String ESCAPE = " ESCAPE '\\'";
    static final List<String> GRADES = List.of("A", "B", "C", "D");

    private static final Set<Operator> EQUALITY = EnumSet.of(Operator.EQ, Operator.NE, Operator.IN, Operator.IS_EMPTY,
            Operator.IS_NOT_EMPTY);
    private static final Set<Operator> ORDER = EnumSet.of(Operator.EQ, Operator.NE, Operator.LT, Operator.LE, Operator.GT,
            Operator.GE, Operator.BETWEEN, Operator.IS_EMPTY, Operator.IS_NOT_EMPTY);

    private Conditions() {}

    static Set<Operator> operators(Kind kind) {
        return switch (kind) {
            case TEXT, REGION, TAG -> EnumSet.of(Operator.EQ, Operator.NE, Operator.IN, Operator.CONTAINS, Operator.STARTS_WITH,
                    Operator.IS_EMPTY, Operator.IS_NOT_EMPTY);
            case NUMBER, GRADE -> union(ORDER, Operator.IN);
            case DATE -> ORDER;
            case TIMESTAMP -> EnumSet.of(Operator.EQ, Operator.NE, Operator.LT, Operator.LE, Operator.GT, Operator.GE,
                    Operator.BETWEEN);
            case BOOLEAN -> EnumSet.of(Operator.EQ, Operator.NE, Operator.IS_EMPTY, Operator.IS_NOT_EMPTY);
            case CHOICE, LANGUAGE -> EQUALITY;
            case CONSENT, STAGE -> EnumSet.of(Operator.EQ, Operator.NE, Operator.IN);
            case DURATION -> EnumSet.of(Operator.LT, Operator.LE, Operator.GT, Operator.GE, Operator.BETWEEN);
            case ANNIVERSARY -> EnumSet.of(Operator.EQ, Operator.LT, Operator.LE, Operator.GT, Operator.GE, Operator.BETWEEN);
        };
    }

    static void check(Field field, Rule.Compare c, String path) {
        if (!operators(field.kind()).contains(c.op())) {
            throw bad(path + ".op", "'" + c.op().symbol() + "' does not work on " + field.name() + " ("
                    + describe(field.kind()) + "); use one of "
                    + String.join(", ", operators(field.kind()).stream().map(Operator::symbol).toList()));
        }
        String arity = Arity.check(c.op(), c.values().size());
        if (arity != null) {
            throw bad(path + ".values", arity);
        }
    }

    /**
     * A country compared for (in)equality must be one we know, as on a contact: the rule holds it as its code by now
     * (Rule.Compare), so any other text is none.
     */
    static void checkCountries(Rule.Compare c, String path) {
        if (!Rule.Compare.comparesCountry(c.field(), c.op())) {
            return;
        }
        for (int i = 0; i < c.values().size(); i++) {
            if (c.values().get(i) instanceof Literal.Text t && !Countries.isCode(t.value())) {
                List<String> several = Countries.all(t.value());
                throw bad(path + ".values[" + i + "]", several.size() > 1
                        ? Countries.several(t.value()) + " (both: country in (" + String.join(", ", several) + "))"
                        : "'" + t.value() + "' is not a country we know; give its ISO code (DE) or its English name"
                                + " (Germany)");
            }
        }
    }

    /**
     * A range written high end first matches nobody in SQL ("score between 50 and 10"), so a rule given now is refused
     * with the order to write. Grades, days in stage and anniversaries read either order as the same range already.
     */
    static void checkRange(Field field, Rule.Compare c, String path) {
        if (c.op() != Operator.BETWEEN || c.values().size() != 2) {
            return;
        }
        Literal low = c.values().get(0);
        Literal high = c.values().get(1);
        Integer order = switch (field.kind()) {
            case NUMBER -> low instanceof Literal.Number a && high instanceof Literal.Number b
                    ? a.value().compareTo(b.value()) : null;
            case DATE, TIMESTAMP -> low instanceof Literal.Today a && high instanceof Literal.Today b
                    ? Integer.compare(a.offsetDays(), b.offsetDays())
                    : low instanceof Literal.Text a && high instanceof Literal.Text b && isDate(a) && isDate(b)
                    ? LocalDate.parse(a.value().strip()).compareTo(LocalDate.parse(b.value().strip())) : null;
            default -> null;
        };
        if (order != null && order > 0) {
            String from = shown(low);
            String to = shown(high);
            throw bad(path + ".values[0]", from + " is " + (field.kind() == Kind.NUMBER ? "above " : "after ") + to
                    + ", so no contact is between them: write between " + to + " and " + from);
        }
    }

    /** A value as a person writes it in a range; a date bare, as the text form reads it. */
    private static String shown(Literal value) {
        return value instanceof Literal.Text date ? date.value().strip() : RulePrinter.literal(value);
    }

    private static boolean isDate(Literal.Text text) {
        try {
            LocalDate.parse(text.value().strip());
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    /**
     * An owner compared by equality must be a user: "owner = 999" with no user 999 matches nobody, ever (or everybody,
     * with !=), and nobody means that. A disabled user still owns their contacts, so they count.
     */
    static void checkOwners(Field field, Rule.Compare c, java.util.function.LongPredicate isUser, String path) {
        if (!field.name().equals("owner") || !EnumSet.of(Operator.EQ, Operator.NE, Operator.IN).contains(c.op())) {
            return;
        }
        for (int i = 0; i < c.values().size(); i++) {
            if (c.values().get(i) instanceof Literal.Number n && !isUser(n.value(), isUser)) {
                throw bad(path + ".values[" + i + "]", "there is no user " + n.value().toPlainString()
                        + ", so no contact is theirs: owner takes the id of a user (Settings, Users lists them; the"
                        + " condition builder offers them by name), or write owner is empty for contacts nobody owns");
            }
        }
    }

    private static boolean isUser(java.math.BigDecimal id, java.util.function.LongPredicate isUser) {
        try {
            return isUser.test(id.longValueExact());
        } catch (ArithmeticException notWhole) {
            return false;
        }
    }

    static String sql(Field field, Rule.Compare c, RuleCompiler q, String path) {
        return switch (c.op()) {
            case NE -> q.not(() -> positive(field, Operator.EQ, c.values(), q, path));
            case IS_EMPTY -> q.not(() -> positive(field, Operator.IS_NOT_EMPTY, List.of(), q, path));
            default -> positive(field, c.op(), c.values(), q, path);
        };
    }

    /** A condition for an operator without negation in it, true or false for every contact. */
    private static String positive(Field field, Operator op, List<Literal> values, RuleCompiler q, String path) {
        return switch (field.kind()) {
            // Tags are stored lower-cased in Java's way, so the rule's tags are lower-cased the same way.
            case TAG -> "EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id"
                    + (op == Operator.IS_NOT_EMPTY ? "" : " AND " + text("t.tag", Folding.sql("t.tag"), op, texts(values, path, true), q,
                            placeholder -> placeholder)) + ")";
            case STAGE -> stage(field, values, q, path);
            case CONSENT -> "COALESCE((SELECT ce.state FROM consent_events ce WHERE ce.contact_id = c.id AND ce.channel = "
                    + q.param(field.column()) + " ORDER BY ce.id DESC FETCH FIRST 1 ROWS ONLY), 'UNKNOWN') IN ("
                    + q.param(choices(field, values, path)) + ")";
            default -> {
                String condition = op == Operator.IS_NOT_EMPTY ? present(field) : value(field, op, values, q, path);
                yield field.isAttribute() ? attributeHolds(field.attributeKey(), condition, q) : q.twoValued(condition);
            }
        };
    }

    /**
     * What a comparison on an attribute asks of the attribute's row, for {@link #attributeHolds}; null for a
     * comparison on anything else, or one that asks for no row (not equal, is empty).
     */
    static String onAttributeRow(Field field, Rule.Compare c, RuleCompiler q, String path) {
        if (!field.isAttribute() || c.op() == Operator.NE || c.op() == Operator.IS_EMPTY) {
            return null;
        }
        return c.op() == Operator.IS_NOT_EMPTY ? present(field) : value(field, c.op(), c.values(), q, path);
    }

    /** Whether the contact has a row of this attribute for which the condition holds. */
    static String attributeHolds(String attributeKey, String condition, RuleCompiler q) {
        return "EXISTS (SELECT 1 FROM contact_attributes a WHERE a.contact_id = c.id AND a.attr_key = "
                + q.param(attributeKey) + " AND " + condition + ")";
    }

    /**
     * A contact without a stage row is NEW, so a set of stages without NEW asks for a row in one of them, and
     * a set with NEW asks that there be no row outside it. Both are semi-joins the planner can estimate.
     */
    private static String stage(Field field, List<Literal> values, RuleCompiler q, String path) {
        List<String> stages = choices(field, values, path);
        return stages.contains("NEW")
                ? "NOT EXISTS (SELECT 1 FROM contact_stages s WHERE s.contact_id = c.id AND s.stage NOT IN (" + q.param(stages) + "))"
                : "EXISTS (SELECT 1 FROM contact_stages s WHERE s.contact_id = c.id AND s.stage IN (" + q.param(stages) + "))";
    }

    private static String present(Field field) {
        return field.kind() == Kind.TEXT || field.kind() == Kind.REGION || field.kind() == Kind.CHOICE
                || field.kind() == Kind.LANGUAGE
                ? "(" + field.column() + " IS NOT NULL AND " + field.column() + " <> '')"
                : field.column() + " IS NOT NULL";
    }

    private static String value(Field field, Operator op, List<Literal> values, RuleCompiler q, String path) {
        String col = field.column();
        return switch (field.kind()) {
            // The database lower-cases both sides: Java and each database lower-case some letters differently
            // (PostgreSQL makes 'İ' 'i', Java and H2 'i̇'), and a value must always match itself.
            case TEXT -> text("LOWER(" + col + ")", field.folded(), op, texts(values, path, false), q,
                    placeholder -> "LOWER(" + placeholder + ")");
            // Equal to a region is the territories' comparison, over the key each contact keeps (V96); a part of the
            // text is looked for in the text as written.
            case REGION -> op == Operator.EQ || op == Operator.IN
                    ? RegionValue.anyOf(texts(values, path, false), q)
                    : text("LOWER(" + col + ")", field.folded(), op, texts(values, path, false), q,
                            placeholder -> "LOWER(" + placeholder + ")");
            // Stored choices are spelled as defined (the contact checks saw to it), so an exact match finds them.
            case CHOICE -> col + " IN (" + q.param(choices(field, values, path)) + ")";
            // Stored as its code in lower case (Languages.code), as the rule's values are read here.
            case LANGUAGE -> col + " IN (" + q.param(languages(values, path)) + ")";
            case NUMBER -> ordered(col, op, numbers(values, field, path), q);
            case BOOLEAN -> col + " = " + q.param(bool(values.getFirst(), field, path + ".values[0]"));
            case GRADE -> grades(col, op, values, q, path);
            case DURATION -> duration(col, op, values, q, path);
            case TIMESTAMP -> timestamp(col, op, values, q, path);
            case DATE -> date(col, op, values, q, path);
            case ANNIVERSARY -> anniversary(col, op, values, q, path);
            case TAG, CONSENT, STAGE -> throw new IllegalStateException(field.kind() + " is handled above");
        };
    }

    private static List<String> texts(List<Literal> values, String path, boolean lowerInJava) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof Literal.Text t)) {
                throw bad(path + ".values[" + i + "]", "must be text in quotes");
            }
            texts.add(lowerInJava ? lower(t.value()) : t.value());
        }
        return texts;
    }

    /**
     * @param folded the column's side as "contains" and "starts with" compare it (Folding)
     * @param lowered how the column's side is lower-cased, applied to each value's placeholder
     */
    private static String text(String col, String folded, Operator op, List<String> texts, RuleCompiler q,
            UnaryOperator<String> lowered) {
        return switch (op) {
            case EQ -> col + " = " + lowered.apply(q.param(texts.getFirst()));
            case IN -> col + " IN (" + String.join(", ", texts.stream().map(t -> lowered.apply(q.param(t))).toList()) + ")";
            // A part of a name is looked for as a search looks for it, accents aside: "muller" is in "Müller".
            case CONTAINS -> folded + " LIKE " + Folding.sql(q.param("%" + likeEscape(texts.getFirst()) + "%"))
                    + ESCAPE;
            case STARTS_WITH -> folded + " LIKE " + Folding.sql(q.param(likeEscape(texts.getFirst()) + "%"))
                    + ESCAPE;
            default -> throw new IllegalStateException(op + " on text");
        };
    }

    private static String ordered(String col, Operator op, List<Object> values, RuleCompiler q) {
        return switch (op) {
            case EQ -> col + " = " + q.param(values.getFirst());
            case IN -> col + " IN (" + q.param(values) + ")";
            case LT -> col + " < " + q.param(values.getFirst());
            case LE -> col + " <= " + q.param(values.getFirst());
            case GT -> col + " > " + q.param(values.getFirst());
            case GE -> col + " >= " + q.param(values.getFirst());
            case BETWEEN -> col + " BETWEEN " + q.param(values.get(0)) + " AND " + q.param(values.get(1));
            default -> throw new IllegalStateException(op + " on an ordered value");
        };
    }

    private static String grades(String col, Operator op, List<Literal> values, RuleCompiler q, String path) {
        List<String> given = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String g = values.get(i) instanceof Literal.Text t ? t.value().strip().toUpperCase(java.util.Locale.ROOT) : "";
            if (!GRADES.contains(g)) {
                throw bad(path + ".values[" + i + "]", "must be a grade: A, B, C or D (A fits best)");
            }
            given.add(g);
        }
        // A is the best grade, so "grade >= B" means A or B.
        int at = GRADES.indexOf(given.getFirst());
        List<String> matching = switch (op) {
            case EQ -> List.of(given.getFirst());
            case IN -> given;
            case GE -> GRADES.subList(0, at + 1);
            case GT -> GRADES.subList(0, at);
            case LE -> GRADES.subList(at, GRADES.size());
            case LT -> GRADES.subList(at + 1, GRADES.size());
            case BETWEEN -> GRADES.subList(Math.min(at, GRADES.indexOf(given.get(1))),
                    Math.max(at, GRADES.indexOf(given.get(1))) + 1);
            default -> throw new IllegalStateException(op + " on a grade");
        };
        return matching.isEmpty() ? "1 = 0" : col + " IN (" + q.param(matching) + ")";
    }

    private static String duration(String enteredAt, Operator op, List<Literal> values, RuleCompiler q, String path) {
        List<Integer> days = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof Literal.Days d) || d.days() < 0) {
                throw bad(path + ".values[" + i + "]", "must be a number of days such as 30d");
            }
            days.add(d.days());
        }
        // In stage for at least N days means it entered at or before N days ago.
        return switch (op) {
            case GE -> enteredAt + " <= " + q.param(q.daysAgo(days.getFirst()));
            case GT -> enteredAt + " < " + q.param(q.daysAgo(days.getFirst()));
            case LE -> enteredAt + " >= " + q.param(q.daysAgo(days.getFirst()));
            case LT -> enteredAt + " > " + q.param(q.daysAgo(days.getFirst()));
            case BETWEEN -> enteredAt + " <= " + q.param(q.daysAgo(Math.min(days.get(0), days.get(1)))) + " AND "
                    + enteredAt + " >= " + q.param(q.daysAgo(Math.max(days.get(0), days.get(1))));
            default -> throw new IllegalStateException(op + " on a duration");
        };
    }

    /** A timestamp compared by whole days in UTC: "created_at = 2026-03-01" is any time that day. */
    private static String timestamp(String col, Operator op, List<Literal> values, RuleCompiler q, String path) {
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            days.add(switch (values.get(i)) {
                case Literal.Today t -> q.utcToday().plusDays(t.offsetDays());
                case Literal.Text t -> RuleJson.date(t.value().strip(), path + ".values[" + i + "]");
                default -> throw bad(path + ".values[" + i + "]", "must be a date such as \"2026-03-01\" or today-30d");
            });
        }
        LocalDate first = days.getFirst();
        return switch (op) {
            case EQ -> col + " >= " + q.param(start(first)) + " AND " + col + " < " + q.param(start(first.plusDays(1)));
            case LT -> col + " < " + q.param(start(first));
            case LE -> col + " < " + q.param(start(first.plusDays(1)));
            case GT -> col + " >= " + q.param(start(first.plusDays(1)));
            case GE -> col + " >= " + q.param(start(first));
            case BETWEEN -> col + " >= " + q.param(start(first)) + " AND " + col + " < " + q.param(start(days.get(1).plusDays(1)));
            default -> throw new IllegalStateException(op + " on a timestamp");
        };
    }

    private static String date(String col, Operator op, List<Literal> values, RuleCompiler q, String path) {
        boolean relative = values.stream().anyMatch(v -> v instanceof Literal.Today);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof Literal.Text t) {
                RuleJson.date(t.value().strip(), path + ".values[" + i + "]");
            } else if (!(values.get(i) instanceof Literal.Today)) {
                throw bad(path + ".values[" + i + "]", "must be a date such as \"2026-03-01\" or today+60d");
            }
        }
        Function<LocalDate, String> condition = today -> ordered(col, op,
                values.stream().map(v -> (Object) switch (v) {
                    case Literal.Today t -> today.plusDays(t.offsetDays());
                    case Literal.Text t -> LocalDate.parse(t.value().strip());
                    default -> throw new IllegalStateException();
                }).toList(), q);
        return relative ? q.perLocalDate(condition) : condition.apply(null);
    }

    private static String anniversary(String col, Operator op, List<Literal> values, RuleCompiler q, String path) {
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof Literal.Today t)) {
                throw bad(path + ".values[" + i + "]", "an anniversary compares with today or today+Nd");
            }
            offsets.add(t.offsetDays());
        }
        long n = offsets.getFirst();
        long[] window = switch (op) {
            case EQ -> new long[] {n, n};
            case LT -> new long[] {0, n - 1};
            case LE -> new long[] {0, n};
            case GT -> new long[] {n + 1, 366};
            case GE -> new long[] {n, 366};
            case BETWEEN -> new long[] {Math.min(n, offsets.get(1)), Math.max(n, offsets.get(1))};
            default -> throw new IllegalStateException(op + " on an anniversary");
        };
        String monthDay = "(EXTRACT(MONTH FROM " + col + ") * 100 + EXTRACT(DAY FROM " + col + "))";
        return q.perLocalDate(today -> {
            List<String> ranges = new ArrayList<>();
            for (int[] run : Anniversaries.runs(today, window[0], window[1])) {
                ranges.add(monthDay + " BETWEEN " + q.param(run[0]) + " AND " + q.param(run[1]));
            }
            return ranges.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", ranges) + ")";
        });
    }

    private static List<String> choices(Field field, List<Literal> values, String path) {
        List<String> matched = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String given = values.get(i) instanceof Literal.Text t ? t.value().strip() : String.valueOf(values.get(i));
            String at = path + ".values[" + i + "]";
            matched.add(field.choices().stream().filter(choice -> choice.equalsIgnoreCase(given)).findFirst()
                    .orElseThrow(() -> bad(at, "'" + given + "' is not one of " + field.name() + "'s values: "
                            + String.join(", ", field.choices()))));
        }
        return matched;
    }

    private static List<String> languages(List<Literal> values, String path) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String given = values.get(i) instanceof Literal.Text t ? t.value() : RulePrinter.literal(values.get(i));
            String at = path + ".values[" + i + "]";
            codes.add(Languages.code(given).orElseThrow(() -> bad(at,
                    Languages.problem(given) + "; a contact of no language of their own reads the account's default:"
                            + " find them with language is empty")));
        }
        return codes;
    }

    private static List<Object> numbers(List<Literal> values, Field field, String path) {
        List<Object> numbers = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof Literal.Number n)) {
                throw bad(path + ".values[" + i + "]", field.name() + " is a number; compare it with a number, without quotes");
            }
            numbers.add(n.value());
        }
        return numbers;
    }

    /** @param path the value's own path */
    private static boolean bool(Literal literal, Field field, String path) {
        if (!(literal instanceof Literal.Bool b)) {
            throw bad(path, field.name() + " is true or false; compare it with true or false");
        }
        return b.value();
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case TEXT, REGION -> "text";
            case NUMBER -> "a number";
            case DATE -> "a date";
            case TIMESTAMP -> "a point in time";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of a set of values";
            case LANGUAGE -> "a two-letter language code such as de";
            case STAGE -> "a lifecycle stage";
            case GRADE -> "a grade from A to D";
            case DURATION -> "a number of days";
            case TAG -> "the contact's tags";
            case CONSENT -> "a consent state";
            case ANNIVERSARY -> "the next anniversary of a date";
        };
    }

    private static Set<Operator> union(Set<Operator> set, Operator extra) {
        EnumSet<Operator> all = EnumSet.copyOf(set);
        all.add(extra);
        return all;
    }
}
