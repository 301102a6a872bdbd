package io.keepwarm.segment.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import io.keepwarm.segment.Verb;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a rule in the text form, one canonical text per tree. It expects a rule the JSON form accepts; the
 * only such rules without a text form are those on a field name the syntax cannot spell, and a since-date
 * outside the years 0000 to 9999.
 */
final class RulePrinter {

    // How tightly each kind of rule binds; a rule printed where a tighter one is needed gets brackets.
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int UNARY = 3;

    private static final String IDENT = "[A-Za-z_][A-Za-z0-9_]*";
    private static final Pattern PATH = Pattern.compile(IDENT + "(\\." + IDENT + ")*");
    private static final Pattern ANNIVERSARY = Pattern.compile("anniversary\\(" + IDENT + "\\)");
    private static final Pattern BARE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private RulePrinter() {}

    static String print(Rule rule) {
        return print(rule, OR);
    }

    private static String print(Rule rule, int context) {
        Rule shown = withoutSingleLists(rule);
        String text = switch (shown) {
            case Rule.Any any -> join(any.rules(), " or ", AND);
            case Rule.All all -> join(all.rules(), " and ", UNARY);
            case Rule.Not not -> "not " + print(not.rule(), UNARY);
            case Rule.InList in -> "in_list(" + in.listId() + ")";
            case Rule.InSegment in -> "in_segment(" + in.segmentId() + ")";
            case Rule.Compare compare -> compare(compare);
            case Rule.Behaviour behaviour -> behaviour(behaviour);
        };
        return binding(shown) < context ? "(" + text + ")" : text;
    }

    /** An and/or of one rule means that rule, and the text has no other way to write it. */
    private static Rule withoutSingleLists(Rule rule) {
        return switch (rule) {
            case Rule.All all when all.rules().size() == 1 -> withoutSingleLists(all.rules().getFirst());
            case Rule.Any any when any.rules().size() == 1 -> withoutSingleLists(any.rules().getFirst());
            default -> rule;
        };
    }

    private static int binding(Rule rule) {
        return switch (rule) {
            case Rule.Any any -> OR;
            case Rule.All all -> AND;
            default -> UNARY;
        };
    }

    private static String join(List<Rule> rules, String word, int context) {
        return rules.stream().map(r -> print(r, context)).collect(Collectors.joining(word));
    }

    private static String compare(Rule.Compare compare) {
        String head = field(compare.field()) + " " + compare.op().symbol();
        List<Literal> values = compare.values();
        return switch (compare.op()) {
            case IS_EMPTY, IS_NOT_EMPTY -> head;
            case BETWEEN -> head + " " + literal(values.get(0)) + " and " + literal(values.get(1));
            case IN -> head + " (" + list(values) + ")";
            default -> head + " " + literal(values.getFirst());
        };
    }

    /** A list's words all bare (stage in (MQL, SQL)) or, if one needs quotes, all quoted ("HPC", "Manufacturing"). */
    private static String list(List<Literal> values) {
        boolean allBare = values.stream().allMatch(v -> !(v instanceof Literal.Text text) || bare(text.value()));
        return values.stream().map(v -> allBare || !(v instanceof Literal.Text text) ? literal(v) : quoted(text.value()))
                .collect(Collectors.joining(", "));
    }

    private static String field(String field) {
        if (!printable(field)) {
            throw new IllegalArgumentException("The field '" + field + "' has no text form");
        }
        return field;
    }

    /** Whether the text form can spell this field name. */
    static boolean printable(String field) {
        String first = field.split("\\.", 2)[0].toLowerCase(Locale.ROOT);
        boolean path = PATH.matcher(field).matches() && !RuleText.KEYWORDS.contains(first)
                && Verb.byWord(first).isEmpty();
        return path || ANNIVERSARY.matcher(field).matches();
    }

    static String literal(Literal literal) {
        return switch (literal) {
            case Literal.Text text -> bare(text.value()) ? text.value() : quoted(text.value());
            case Literal.Number number -> number.value().toPlainString();
            case Literal.Bool bool -> String.valueOf(bool.value());
            case Literal.Today today -> "today" + (today.offsetDays() == 0 ? ""
                    : (today.offsetDays() > 0 ? "+" : "-") + Math.abs(today.offsetDays()) + "d");
            case Literal.Days days -> days.days() + "d";
        };
    }

    /** Upper-case words such as NURTURE read better bare; keywords stay quoted so that they read as text. */
    private static boolean bare(String text) {
        return BARE.matcher(text).matches() && !RuleText.KEYWORDS.contains(text.toLowerCase(Locale.ROOT));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String behaviour(Rule.Behaviour behaviour) {
        StringBuilder text = new StringBuilder(behaviour.verb().word());
        if (behaviour.match() != null) {
            text.append('(').append(match(behaviour)).append(')');
        }
        if (behaviour.op() != Operator.GE || behaviour.count() != 1) {
            text.append(' ').append(behaviour.op().symbol()).append(' ').append(behaviour.count());
        }
        switch (behaviour.window()) {
            case Rule.Window.Within within -> text.append(" within ").append(within.days()).append('d');
            case Rule.Window.Since since -> text.append(" since ").append(date(since.date()));
            case null -> { }
        }
        return text.toString();
    }

    /**
     * A channel reads best bare and lower-case (opened(email)); a pattern, or an odd channel, is quoted as typed (the
     * rule keeps it so, for its refusal to echo).
     */
    private static String match(Rule.Behaviour behaviour) {
        String match = behaviour.match();
        return channel(behaviour) ? match.toLowerCase(Locale.ROOT) : quoted(match);
    }

    /** Whether the behaviour's match is a channel, which the rule keeps as the channel's name. */
    static boolean channel(Rule.Behaviour behaviour) {
        return behaviour.verb().matchesChannel() && Arrays.stream(Channel.values()).map(Enum::name)
                .anyMatch(behaviour.match()::equals);
    }

    private static String date(LocalDate date) {
        if (date.getYear() < 0 || date.getYear() > 9999) {
            throw new IllegalArgumentException("The date " + date + " has no text form; years run from 0000 to 9999");
        }
        return date.toString();
    }
}
