package io.keepwarm.segment;

import io.keepwarm.segment.Rule.Literal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random rule trees for property tests: and, or and not up to four levels deep over every kind of condition,
 * every operator with as many values as it takes, and every kind of value. By default the fields and texts are
 * awkward on purpose (keyword-like names, quotes, backslashes, unicode, SQL); the overloads take real field names
 * and values, e.g. for comparing compiled SQL with an in-memory evaluator.
 */
public final class RuleArbitraries {

    /** Field names that start with or look like keywords, paths, and an anniversary. */
    public static final List<String> AWKWARD_FIELDS = List.of("stage", "industry", "consent.email",
            "anniversary(birthday)", "score", "grade", "tag", "time_in_stage", "order", "android", "notes", "index",
            "today_count", "in_list_size", "opened_at", "within_reach", "is_active", "Between_x", "a.b.c", "_private",
            "anniversary", "company.size", "country");

    private static final int MAX_DEPTH = 4;

    private RuleArbitraries() {}

    /** Rules over {@link #AWKWARD_FIELDS} with every kind of value. */
    public static Arbitrary<Rule> rules() {
        return rules(AWKWARD_FIELDS, literals());
    }

    /** Rules that compare the given fields with the given values, plus activities and memberships. */
    public static Arbitrary<Rule> rules(List<String> fields, Arbitrary<Literal> values) {
        return rules(Arbitraries.frequencyOf(
                Tuple.of(3, comparisons(Arbitraries.of(fields), values)),
                Tuple.of(2, behaviours()),
                Tuple.of(1, memberships())));
    }

    /** Rules that compare each field only with its own values (e.g. dates with a date field), plus activities. */
    public static Arbitrary<Rule> rules(Map<String, Arbitrary<Literal>> valuesByField) {
        List<Arbitrary<Rule>> comparisons = valuesByField.entrySet().stream()
                .map(e -> comparisons(Arbitraries.just(e.getKey()), e.getValue()))
                .toList();
        return rules(Arbitraries.oneOf(Arbitraries.oneOf(comparisons), behaviours()));
    }

    /** Trees of and, or and not over the given conditions. */
    public static Arbitrary<Rule> rules(Arbitrary<Rule> conditions) {
        return tree(conditions, MAX_DEPTH);
    }

    private static Arbitrary<Rule> tree(Arbitrary<Rule> conditions, int depth) {
        if (depth == 0) {
            return conditions;
        }
        Arbitrary<Rule> below = tree(conditions, depth - 1);
        Arbitrary<List<Rule>> several = below.list().ofMinSize(2).ofMaxSize(3);
        return Arbitraries.frequencyOf(
                Tuple.of(4, conditions),
                Tuple.of(1, several.map(Rule.All::new)),
                Tuple.of(1, several.map(Rule.Any::new)),
                Tuple.of(1, below.map(Rule.Not::new)));
    }

    /** A field compared by any operator, with as many values as the operator takes. */
    public static Arbitrary<Rule> comparisons(Arbitrary<String> fields, Arbitrary<Literal> values) {
        return Arbitraries.of(Operator.class).flatMap(op -> Combinators
                .combine(fields, values.list().ofMinSize(min(op)).ofMaxSize(max(op)))
                .as((field, list) -> new Rule.Compare(field, op, list)));
    }

    private static int min(Operator op) {
        return switch (op) {
            case IS_EMPTY, IS_NOT_EMPTY -> 0;
            case BETWEEN -> 2;
            default -> 1;
        };
    }

    private static int max(Operator op) {
        return op == Operator.IN ? 5 : min(op);
    }

    public static Arbitrary<Rule> behaviours() {
        Arbitrary<Operator> op = Arbitraries.of(Operator.class).filter(Operator::countsCompare);
        Arbitrary<Integer> count = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(1)), Tuple.of(3, Arbitraries.integers().between(0, 1_000_000)));
        return Arbitraries.of(Verb.class).flatMap(verb -> Combinators
                .combine(match(verb).injectNull(0.3), op, count, window().injectNull(0.3))
                .as((match, o, c, window) -> new Rule.Behaviour(verb, match, o, c, window)));
    }

    private static Arbitrary<String> match(Verb verb) {
        if (verb.matchesChannel()) {
            return Arbitraries.of("email", "sms", "call", "linkedin", "any", "e-mail", "Direct Mail", "in");
        }
        return Arbitraries.oneOf(
                Arbitraries.of("*", "/pricing*", "offer-y", "any", "'; DROP TABLE contacts; --", "a\"b\\c"),
                awkwardTexts().filter(s -> !s.isBlank()));
    }

    private static Arbitrary<Rule.Window> window() {
        Arbitrary<LocalDate> dates = Arbitraries.integers().between(0, 200 * 365)
                .map(d -> LocalDate.of(1900, 1, 1).plusDays(d));
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 36_500).map(Rule.Window.Within::new),
                dates.map(Rule.Window.Since::new));
    }

    public static Arbitrary<Rule> memberships() {
        Arbitrary<Long> ids = Arbitraries.longs().between(1, Long.MAX_VALUE);
        return Arbitraries.oneOf(ids.map(Rule.InList::new), ids.map(Rule.InSegment::new));
    }

    /** Every kind of value, texts included that need quoting or look like other values. */
    public static Arbitrary<Literal> literals() {
        Arbitrary<Integer> days = Arbitraries.integers().between(-36_500, 36_500);
        return Arbitraries.oneOf(
                Arbitraries.oneOf(awkwardTexts(), lookAlikes()).map(Literal.Text::new),
                numbers().map(Literal.Number::new),
                Arbitraries.of(true, false).map(Literal.Bool::new),
                days.map(Literal.Today::new),
                days.map(Literal.Days::new));
    }

    private static Arbitrary<BigDecimal> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(new BigDecimal("-1e12"), new BigDecimal("1e12")).ofScale(4),
                Arbitraries.longs().map(BigDecimal::valueOf),
                Arbitraries.of(BigDecimal.ZERO, new BigDecimal("100"), new BigDecimal("-0.50")));
    }

    /** Texts with quotes, backslashes, brackets, commas, control characters and unicode. */
    public static Arbitrary<String> awkwardTexts() {
        return Arbitraries.strings()
                .withChars("\"\\'`; -*%_()=,.\n\t")
                .withChars("aZ09éßØ漢字\u00a0≠")
                .withCharRange('\u0000', '\ud7ff')
                .ofMaxLength(12);
    }

    /** Texts that, unquoted, would read as keywords, dates, numbers or days; and ones that print bare. */
    private static Arbitrary<String> lookAlikes() {
        return Arbitraries.oneOf(
                Arbitraries.of("AND", "OR", "NOT", "TRUE", "false", "TODAY", "IN", "ANY", "IN_LIST", "IS", "EMPTY",
                        "WITHIN", "SINCE", "BETWEEN", "ORDER", "ANDY", "NOTE", "OPENED", "NURTURE", "A", "2026-03-01",
                        "30d", "today+7d", "-12", "3.50", "", " ", "'; DROP TABLE contacts; --",
                        "\"; DELETE FROM contacts; --", "Robert'); DROP TABLE segments;--",
                        "😀 party"),
                Arbitraries.strings().withCharRange('A', 'Z').withChars("_0123456789").ofMinLength(1).ofMaxLength(8)
                        .filter(s -> Character.isLetter(s.charAt(0))));
    }
}
