package io.keepwarm.segment.internal;

import io.keepwarm.platform.Folding;
import io.keepwarm.platform.Regions;
import io.keepwarm.platform.Zones;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The meaning of a rule, written a second time in plain Java over a snapshot of a contact: the oracle the
 * compiled SQL must agree with. It shares nothing with the compiler but the field catalogue (which says what
 * kind of value a name holds), the definition of "next anniversary", and the clock a contact's "today" is read on
 * ({@link Zones#ofContact}, the one way every other part of Keepwarm reads it).
 */
final class RuleEvaluator {

    private final Instant now;
    private final FieldCatalog fields;
    private final Function<Long, Rule> segments;
    private final Zones zones;

    RuleEvaluator(Instant now, FieldCatalog fields, Function<Long, Rule> segments, Zones zones) {
        this.now = now;
        this.fields = fields;
        this.segments = segments;
        this.zones = zones;
    }

    boolean matches(Rule rule, ContactSnapshot c) {
        return switch (rule) {
            case Rule.All all -> all.rules().stream().allMatch(r -> matches(r, c));
            case Rule.Any any -> any.rules().stream().anyMatch(r -> matches(r, c));
            case Rule.Not not -> !matches(not.rule(), c);
            case Rule.InList in -> c.lists().contains(in.listId());
            case Rule.InSegment in -> matches(segments.apply(in.segmentId()), c);
            case Rule.Behaviour b -> behaviour(b, c);
            case Rule.Compare cmp -> switch (cmp.op()) {
                case NE -> !compare(cmp.field(), Operator.EQ, cmp.values(), c);
                case IS_EMPTY -> !compare(cmp.field(), Operator.IS_NOT_EMPTY, cmp.values(), c);
                default -> compare(cmp.field(), cmp.op(), cmp.values(), c);
            };
        };
    }

    private boolean compare(String name, Operator op, List<Literal> values, ContactSnapshot c) {
        if (name.startsWith("anniversary(")) {
            String key = name.substring(12, name.length() - 1).strip();
            LocalDate date = (LocalDate) c.attributes().get(key);
            return date != null && days(op, Anniversaries.daysUntil(date, localToday(c)), values);
        }
        Field field = fields.find(name).orElseThrow();
        Object value = field.isAttribute() ? c.attributes().get(field.attributeKey()) : c.fields().get(name);
        return switch (field.kind()) {
            case TEXT -> text(op, (String) value, values);
            // equal as territories compare a contact's region, in the contact's country
            case REGION -> op == Operator.EQ || op == Operator.IN
                    ? texts(values).stream().anyMatch(v -> Regions.same(v, (String) value, (String) c.fields().get("country")))
                    : text(op, (String) value, values);
            case TAG -> op == Operator.IS_NOT_EMPTY ? !c.tags().isEmpty()
                    : c.tags().stream().anyMatch(tag -> text(op, tag, values));
            // A contact of no language of their own has none here, whatever the account's default.
            case LANGUAGE -> op == Operator.IS_NOT_EMPTY ? value != null
                    : value != null && texts(values).stream().anyMatch(v -> v.equalsIgnoreCase(value.toString()));
            case CHOICE, STAGE -> op == Operator.IS_NOT_EMPTY ? value != null && !value.toString().isEmpty()
                    : value != null && texts(values).stream().anyMatch(v -> v.equalsIgnoreCase(value.toString()));
            case CONSENT -> texts(values).stream().anyMatch(v -> v.equalsIgnoreCase(
                    c.consent().getOrDefault(field.column(), "UNKNOWN")));
            case NUMBER -> value != null && (op == Operator.IS_NOT_EMPTY || ordered(op, number(value),
                    values.stream().map(v -> ((Literal.Number) v).value()).toList()));
            case BOOLEAN -> value != null && (op == Operator.IS_NOT_EMPTY || value.equals(((Literal.Bool) values.getFirst()).value()));
            case GRADE -> value != null && (op == Operator.IS_NOT_EMPTY || grade(op, (String) value, values));
            case DURATION -> duration(op, Duration.between(c.stageEnteredAt(), now), values);
            case TIMESTAMP -> timestamp(op, (Instant) value, values);
            case DATE -> value != null && (op == Operator.IS_NOT_EMPTY || ordered(op, (LocalDate) value,
                    values.stream().map(v -> date(v, localToday(c))).toList()));
            case ANNIVERSARY -> throw new IllegalStateException();
        };
    }

    private static boolean text(Operator op, String value, List<Literal> values) {
        if (op == Operator.IS_NOT_EMPTY) {
            return value != null && !value.isEmpty();
        }
        if (value == null) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        List<String> given = texts(values).stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        return switch (op) {
            case EQ, IN -> given.contains(v);
            case CONTAINS -> Folding.fold(v).contains(Folding.fold(given.getFirst()));
            case STARTS_WITH -> Folding.fold(v).startsWith(Folding.fold(given.getFirst()));
            default -> throw new IllegalStateException(op.toString());
        };
    }

    private static <T extends Comparable<? super T>> boolean ordered(Operator op, T value, List<T> given) {
        int cmp = value.compareTo(given.getFirst());
        return switch (op) {
            case EQ -> cmp == 0;
            case IN -> given.stream().anyMatch(g -> value.compareTo(g) == 0);
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case BETWEEN -> cmp >= 0 && value.compareTo(given.get(1)) <= 0;
            default -> throw new IllegalStateException(op.toString());
        };
    }

    private static boolean grade(Operator op, String grade, List<Literal> values) {
        // Letters order the other way round: A is the best, so "better or equal to B" is a letter <= 'B'.
        List<String> given = texts(values).stream().map(t -> t.strip().toUpperCase(Locale.ROOT)).toList();
        char g = grade.charAt(0);
        char v = given.getFirst().charAt(0);
        return switch (op) {
            case EQ -> g == v;
            case IN -> given.contains(grade);
            case GE -> g <= v;
            case GT -> g < v;
            case LE -> g >= v;
            case LT -> g > v;
            case BETWEEN -> g >= Math.min(v, given.get(1).charAt(0)) && g <= Math.max(v, given.get(1).charAt(0));
            default -> throw new IllegalStateException(op.toString());
        };
    }

    private static boolean duration(Operator op, Duration inStage, List<Literal> values) {
        List<Duration> given = values.stream().map(v -> Duration.ofDays(((Literal.Days) v).days())).toList();
        if (op == Operator.BETWEEN) {
            Duration low = given.get(0).compareTo(given.get(1)) <= 0 ? given.get(0) : given.get(1);
            Duration high = given.get(0).compareTo(given.get(1)) <= 0 ? given.get(1) : given.get(0);
            return inStage.compareTo(low) >= 0 && inStage.compareTo(high) <= 0;
        }
        return ordered(op, inStage, given);
    }

    private boolean timestamp(Operator op, Instant value, List<Literal> values) {
        List<LocalDate> days = values.stream().map(v -> date(v, LocalDate.ofInstant(now, ZoneOffset.UTC))).toList();
        LocalDate day = LocalDate.ofInstant(value, ZoneOffset.UTC);
        return ordered(op, day, days);
    }

    private static boolean days(Operator op, long until, List<Literal> values) {
        List<Long> given = values.stream().map(v -> (long) ((Literal.Today) v).offsetDays()).toList();
        if (op == Operator.BETWEEN) {
            return until >= Math.min(given.get(0), given.get(1)) && until <= Math.max(given.get(0), given.get(1));
        }
        return ordered(op, until, given);
    }

    private boolean behaviour(Rule.Behaviour b, ContactSnapshot c) {
        Instant from = switch (b.window()) {
            case Rule.Window.Within w -> now.minus(Duration.ofDays(w.days()));
            case Rule.Window.Since s -> s.date().atStartOfDay(ZoneOffset.UTC).toInstant();
            case null -> Instant.MIN;
        };
        Pattern glob = b.match() == null || b.verb().matchesChannel() ? null : Pattern.compile(
                java.util.Arrays.stream(b.match().toLowerCase(Locale.ROOT).split("\\*", -1)).map(Pattern::quote)
                        .collect(Collectors.joining(".*")), Pattern.DOTALL);
        List<ContactSnapshot.Act> acts = c.activities().stream()
                .filter(a -> a.flag() == null && !a.at().isBefore(from))
                .filter(a -> b.verb().types().stream().anyMatch(t -> t.name().equals(a.type())))
                .filter(a -> b.match() == null || (glob == null ? b.match().equalsIgnoreCase(a.channel())
                        : a.target() != null && glob.matcher(a.target().toLowerCase(Locale.ROOT)).matches()))
                .toList();
        // Opened counts messages: one opened and clicked in, or opened twice, is one; an activity naming none is one.
        long count = !b.verb().countsMessages() ? acts.size()
                : acts.stream().filter(a -> a.touchId() == null).count()
                        + acts.stream().map(ContactSnapshot.Act::touchId).filter(t -> t != null).distinct().count();
        return b.op() == Operator.NE ? count != b.count() : ordered(b.op(), count, List.of((long) b.count()));
    }

    private LocalDate localToday(ContactSnapshot c) {
        return LocalDate.ofInstant(now, zones.ofContact(c.timeZone(), (String) c.fields().get("country")));
    }

    private static LocalDate date(Literal literal, LocalDate today) {
        return literal instanceof Literal.Today t ? today.plusDays(t.offsetDays())
                : LocalDate.parse(((Literal.Text) literal).value().strip());
    }

    private static BigDecimal number(Object value) {
        return value instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) value).longValue());
    }

    private static List<String> texts(List<Literal> values) {
        return values.stream().map(v -> ((Literal.Text) v).value()).toList();
    }
}
