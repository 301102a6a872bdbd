package io.keepwarm.segment.internal;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.Channel;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Languages;
import io.keepwarm.segment.Condition;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import io.keepwarm.segment.RuleSyntaxException;
import io.keepwarm.segment.Verb;
import io.keepwarm.segment.Vocabulary;
import io.keepwarm.segment.Vocabulary.Activity;
import io.keepwarm.segment.Vocabulary.Choice;
import io.keepwarm.segment.Vocabulary.Count;
import io.keepwarm.segment.Vocabulary.Input;
import io.keepwarm.segment.Vocabulary.Op;
import io.keepwarm.segment.Vocabulary.Term;
import io.keepwarm.segment.internal.Field.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The condition builder's side of the text form: the {@link Vocabulary} it offers, read from the compiler's field
 * catalogue and operators, and the rule each pick makes, which the printer then writes with the quoting the parser
 * reads back.
 */
public final class ConditionBuilder {

    static final String LIST = "in_list";
    static final String SEGMENT = "in_segment";
    static final String LAST_DAYS = "LAST_DAYS";
    static final String NEXT_DAYS = "NEXT_DAYS";
    static final String MEMBER = "MEMBER";
    static final String NOT_MEMBER = "NOT_MEMBER";
    static final String OWNER = "owner";

    private static final List<String> GROUPS = List.of("Contact", "Company", "Funnel and score", "Consent",
            "Custom attributes", "Activities", "Lists and segments");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(\\.\\d{1,6})?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,9}");
    private static final int MAX_VALUES = 1000;

    private final Vocabulary vocabulary;
    private final Map<String, Kind> kinds = new HashMap<>();

    /**
     * @param lists the lists a rule may name, as id and name
     * @param segments the segments a rule may name, as id and name
     * @param owners the users a contact's owner may be, as id and name: a person picks a name, the rule says the id
     */
    public ConditionBuilder(List<AttributeDefinition> definitions, List<Choice> lists, List<Choice> segments,
            List<Choice> owners) {
        FieldCatalog catalog = new FieldCatalog(definitions);
        for (Field field : catalog.all()) {
            kinds.put(field.name(), field.kind());
        }
        this.vocabulary = vocabulary(catalog, definitions, lists, segments, owners);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The rule a builder's pick says; a pick that does not fit its term says why, in words. */
    public Rule rule(Condition condition) {
        Term term = vocabulary.terms().stream().filter(t -> t.key().equals(condition.term())).findFirst()
                .orElseThrow(() -> InvalidInputException.field("term", "choose what the condition tests"));
        Op op = term.operators().stream().filter(o -> o.key().equals(condition.op())).findFirst()
                .orElseThrow(() -> InvalidInputException.field("op", "choose how " + term.label() + " compares"));
        List<String> values = values(term, op, condition.values());
        if (term.activity() != null) {
            return behaviour(term, op, values.getFirst(), condition);
        }
        if (term.key().equals(LIST) || term.key().equals(SEGMENT)) {
            long id = Long.parseLong(choice(term, values.getFirst()));
            Rule in = term.key().equals(LIST) ? new Rule.InList(id) : new Rule.InSegment(id);
            return op.key().equals(NOT_MEMBER) ? new Rule.Not(in) : in;
        }
        return compare(term, op, values);
    }

    /**
     * The rule text with one more condition at its end. Joined with and, a text whose rule is an or is bracketed
     * first, so that the new condition narrows all of it; a text that does not parse yet is left as typed.
     */
    public static String append(String text, boolean or, Rule condition) {
        String added = RuleText.print(condition);
        String existing = text == null ? "" : text.strip();
        if (existing.isEmpty()) {
            return added;
        }
        return (!or && isAny(existing) ? "(" + existing + ")" : existing) + (or ? " or " : " and ") + added;
    }

    private static boolean isAny(String text) {
        try {
            return RuleText.parse(text) instanceof Rule.Any;
        } catch (RuleSyntaxException e) {
            return false;
        }
    }

    private static Vocabulary vocabulary(FieldCatalog catalog, List<AttributeDefinition> definitions,
            List<Choice> lists, List<Choice> segments, List<Choice> owners) {
        Map<String, String> labels = new HashMap<>();
        for (AttributeDefinition d : definitions) {
            labels.put(d.key(), d.label() == null || d.label().isBlank() ? d.key() : d.label());
        }
        List<Term> terms = new ArrayList<>();
        for (Field field : catalog.all()) {
            if (!RulePrinter.printable(field.name())) {
                continue;
            }
            if (field.name().equals(OWNER)) {
                // Picked by name: nobody should have to know a user's id. With no users there is none to pick.
                if (!owners.isEmpty()) {
                    terms.add(new Term(OWNER, "Owner", group(field), ownerOperators(), owners, null));
                }
                continue;
            }
            String label = field.isAttribute() ? labels.get(field.attributeKey()) : label(field.name());
            terms.add(new Term(field.name(), label, group(field), operators(field.kind()), choices(field), null));
            if (field.kind() == Kind.DATE && field.isAttribute()) {
                terms.add(new Term("anniversary(" + field.name() + ")", label + ": next anniversary", "Custom attributes",
                        operators(Kind.ANNIVERSARY), List.of(), null));
            }
        }
        List<Op> counts = Arrays.stream(Operator.values()).filter(Operator::countsCompare)
                .map(o -> new Op(o.name(), countWords(o), Input.COUNT, Count.ONE)).toList();
        List<Choice> channels = Arrays.stream(Channel.values())
                .map(c -> new Choice(c.name().toLowerCase(Locale.ROOT), label(c.name().toLowerCase(Locale.ROOT)))).toList();
        for (Verb verb : Verb.values()) {
            terms.add(new Term(verb.word(), label(verb), "Activities", counts, verb.matchesChannel() ? channels : List.of(),
                    verb.matchesChannel() ? Activity.CHANNEL : Activity.PATTERN));
        }
        List<Op> membership = List.of(new Op(MEMBER, "is a member of", Input.CHOICE, Count.ONE),
                new Op(NOT_MEMBER, "is not a member of", Input.CHOICE, Count.ONE));
        if (!lists.isEmpty()) {
            terms.add(new Term(LIST, "List", "Lists and segments", membership, lists, null));
        }
        if (!segments.isEmpty()) {
            terms.add(new Term(SEGMENT, "Segment", "Lists and segments", membership, segments, null));
        }
        terms.sort(Comparator.comparingInt(t -> GROUPS.indexOf(t.group())));
        return new Vocabulary(terms);
    }

    private static String group(Field field) {
        if (field.isAttribute()) {
            return "Custom attributes";
        }
        if (field.join() == Field.Join.COMPANY) {
            return "Company";
        }
        return switch (field.kind()) {
            case STAGE, DURATION, GRADE -> "Funnel and score";
            case CONSENT -> "Consent";
            default -> field.name().equals("score") ? "Funnel and score"
                    : field.name().startsWith("do_not_contact.") ? "Consent" : "Contact";
        };
    }

    /** A built-in field in words: first_name is "First name", consent.email "Consent: email". */
    static String label(String name) {
        String words = switch (name) {
            case "email" -> "email address";
            case "created_at" -> "created";
            case "updated_at" -> "last changed";
            case "company" -> "company name";
            case "grade" -> "fit grade";
            default -> name.replace("do_not_contact.", "do not contact: ").replace("consent.", "consent: ").replace('_', ' ');
        };
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String label(Verb verb) {
        return switch (verb) {
            case TOUCHED -> "Touches sent";
            case OPENED -> "Emails opened";
            case CLICKED -> "Links clicked";
            case VISITED -> "Pages visited";
            case SUBMITTED -> "Forms submitted";
            case REPLIED -> "Replies";
            case ACCEPTED -> "Offers accepted";
            case REGISTERED -> "Webinar registrations";
            case ATTENDED -> "Webinars attended";
            case PURCHASED -> "Purchases";
            case CALLED -> "Calls logged";
        };
    }

    private static List<Op> operators(Kind kind) {
        List<Op> ops = new ArrayList<>();
        if (kind == Kind.DATE || kind == Kind.TIMESTAMP) {
            ops.add(new Op(LAST_DAYS, "is within the last … days", Input.DAYS, Count.ONE));
        }
        if (kind == Kind.DATE) {
            ops.add(new Op(NEXT_DAYS, "is within the next … days", Input.DAYS, Count.ONE));
        }
        for (Operator op : Conditions.operators(kind)) {
            Count count = switch (op) {
                case IS_EMPTY, IS_NOT_EMPTY -> Count.NONE;
                case BETWEEN -> Count.TWO;
                case IN -> Count.MANY;
                default -> Count.ONE;
            };
            ops.add(new Op(op.name(), words(kind, op), count == Count.NONE ? Input.NONE : input(kind), count));
        }
        return ops;
    }

    /** The owner is one of the users, or nobody: the orderings a number has mean nothing for it. */
    private static List<Op> ownerOperators() {
        return List.of(new Op(Operator.EQ.name(), words(Kind.NUMBER, Operator.EQ), Input.CHOICE, Count.ONE),
                new Op(Operator.NE.name(), words(Kind.NUMBER, Operator.NE), Input.CHOICE, Count.ONE),
                new Op(Operator.IN.name(), words(Kind.NUMBER, Operator.IN), Input.CHOICE, Count.MANY),
                new Op(Operator.IS_EMPTY.name(), "is nobody", Input.NONE, Count.NONE),
                new Op(Operator.IS_NOT_EMPTY.name(), "is someone", Input.NONE, Count.NONE));
    }

    private static Input input(Kind kind) {
        return switch (kind) {
            case TEXT, REGION, TAG -> Input.TEXT;
            case NUMBER -> Input.NUMBER;
            case DATE, TIMESTAMP -> Input.DATE;
            case DURATION, ANNIVERSARY -> Input.DAYS;
            case BOOLEAN, CHOICE, STAGE, GRADE, CONSENT, LANGUAGE -> Input.CHOICE;
        };
    }

    private static String words(Kind kind, Operator op) {
        boolean time = kind == Kind.DATE || kind == Kind.TIMESTAMP;
        if (kind == Kind.ANNIVERSARY) {
            return switch (op) {
                case EQ -> "is in exactly … days";
                case LT -> "is in fewer than … days";
                case LE -> "is within the next … days";
                case GT -> "is in more than … days";
                case GE -> "is in at least … days";
                default -> "is between … days from today";
            };
        }
        return switch (op) {
            case EQ -> time ? "is on" : "is";
            case NE -> time ? "is not on" : "is not";
            case LT -> time ? "is before" : kind == Kind.GRADE ? "is worse than" : "is less than";
            case LE -> time ? "is on or before" : "is at most";
            case GT -> time ? "is after" : kind == Kind.GRADE ? "is better than" : "is more than";
            case GE -> time ? "is on or after" : "is at least";
            case IN -> "is one of";
            case CONTAINS -> "contains";
            case STARTS_WITH -> "starts with";
            case BETWEEN -> "is between";
            case IS_EMPTY -> kind == Kind.LANGUAGE ? "is empty (reads the account's default)" : "is empty";
            case IS_NOT_EMPTY -> kind == Kind.LANGUAGE ? "is set (their own)" : "is not empty";
        };
    }

    private static String countWords(Operator op) {
        return switch (op) {
            case EQ -> "exactly";
            case NE -> "not exactly";
            case LT -> "fewer than";
            case LE -> "at most";
            case GT -> "more than";
            default -> "at least";
        };
    }

    private static List<Choice> choices(Field field) {
        return switch (field.kind()) {
            case BOOLEAN -> List.of(new Choice("true", "yes"), new Choice("false", "no"));
            case GRADE -> Conditions.GRADES.stream().map(g -> new Choice(g, g.equals("A") ? "A (fits best)" : g)).toList();
            case LANGUAGE -> field.choices().stream().map(code -> new Choice(code, Languages.name(code) + " (" + code + ")"))
                    .sorted(Comparator.comparing(Choice::label)).toList();
            default -> field.choices().stream().map(c -> new Choice(c, c)).toList();
        };
    }

    /**
     * The values as typed, trimmed, as many as the operator takes; text and numbers may be given comma-separated, a
     * value with a comma quoted as the rule language quotes it ({@link #split}).
     */
    private static List<String> values(Term term, Op op, List<String> typed) {
        boolean split = op.count() == Count.MANY && (op.input() == Input.TEXT || op.input() == Input.NUMBER);
        List<String> values = typed.stream().flatMap(v -> split ? split(v).stream() : Stream.of(v.strip()))
                .filter(v -> !v.isBlank()).toList();
        int wanted = switch (op.count()) {
            case NONE -> 0;
            case ONE -> 1;
            case TWO -> 2;
            case MANY -> Math.max(1, Math.min(values.size(), MAX_VALUES));
        };
        if (values.size() != wanted) {
            throw InvalidInputException.field("value", switch (op.count()) {
                case NONE -> "'" + op.words() + "' takes no value";
                case ONE -> "give a value after '" + term.label() + " " + op.words() + "'";
                case TWO -> "give both ends: " + term.label() + " " + op.words() + " one value and another";
                case MANY -> "give from 1 to " + MAX_VALUES + " values" + (split ? ", separated by commas" : "");
            });
        }
        return values;
    }

    /**
     * Comma-separated values, as typed into the builder's one box: {@code Acme, "Oil, Gas", Globex}. A value that is
     * wholly a quoted text, as the rule language writes one ({@code \"} a quote, {@code \\} a backslash), is that
     * text, commas and all; any other value is what was typed up to the next comma, trimmed, quotes in it included
     * ({@code 12" pipe}). So a value read from a rule's text can be typed back as it is printed there.
     */
    private static List<String> split(String typed) {
        List<String> values = new ArrayList<>();
        int at = 0;
        while (at <= typed.length()) {
            at = blanksEnd(typed, at);
            int close = at < typed.length() && typed.charAt(at) == '"' ? closingQuote(typed, at) : -1;
            int after = close < 0 ? -1 : blanksEnd(typed, close + 1);
            if (after == typed.length() || (after >= 0 && typed.charAt(after) == ',')) {
                values.add(unquote(typed.substring(at + 1, close)));
                at = after + 1;
            } else {
                int comma = typed.indexOf(',', at);
                int end = comma < 0 ? typed.length() : comma;
                values.add(typed.substring(at, end).strip());
                at = end + 1;
            }
        }
        return values;
    }

    /**
     * The quote that closes the one at {@code open}, read as the rule language reads a quoted text; -1 where an escape
     * it has not ({@code \d}) shows the value is not one. A quote never closed is refused: cut at its first comma, the
     * value would be wrong without a word.
     */
    private static int closingQuote(String typed, int open) {
        int at = open + 1;
        while (at < typed.length() && typed.charAt(at) != '"') {
            if (typed.charAt(at) == '\\') {
                if (at + 1 >= typed.length() || (typed.charAt(at + 1) != '"' && typed.charAt(at + 1) != '\\')) {
                    return -1;
                }
                at++;
            }
            at++;
        }
        if (at >= typed.length()) {
            throw InvalidInputException.field("value", "the quote before '" + excerpt(typed.substring(open + 1))
                    + "' is not closed; put a value with a comma in quotes, such as \"Acme, Inc.\"");
        }
        return at;
    }

    private static int blanksEnd(String typed, int from) {
        int at = from;
        while (at < typed.length() && Character.isWhitespace(typed.charAt(at))) {
            at++;
        }
        return at;
    }

    private static String unquote(String inner) {
        return inner.replaceAll("\\\\([\"\\\\])", "$1");
    }

    private static String excerpt(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "…" : text;
    }

    private Rule compare(Term term, Op op, List<String> values) {
        return switch (op.key()) {
            case LAST_DAYS -> new Rule.Compare(term.key(), Operator.GE, List.of(new Literal.Today(-days(values.getFirst(), 0))));
            case NEXT_DAYS -> new Rule.Compare(term.key(), Operator.BETWEEN,
                    List.of(new Literal.Today(0), new Literal.Today(days(values.getFirst(), 0))));
            default -> new Rule.Compare(term.key(), Operator.valueOf(op.key()),
                    values.stream().map(v -> literal(term, op, v)).toList());
        };
    }

    private Literal literal(Term term, Op op, String value) {
        return switch (op.input()) {
            case TEXT -> new Literal.Text(value);
            case NUMBER -> {
                if (!NUMBER.matcher(value).matches()) {
                    throw InvalidInputException.field("value", "'" + value + "' is not a number such as 42 or 2.5");
                }
                yield new Literal.Number(new BigDecimal(value));
            }
            case DATE -> WHOLE.matcher(value).matches() ? new Literal.Today(signedDays(value)) : date(value);
            // Time in stage is a length of time; an anniversary's days are counted from today.
            case DAYS -> term.key().startsWith("anniversary(") ? new Literal.Today(days(value, 0))
                    : new Literal.Days(days(value, 0));
            case CHOICE -> switch (kinds.get(term.key())) {
                case BOOLEAN -> new Literal.Bool(Boolean.parseBoolean(choice(term, value)));
                case NUMBER -> new Literal.Number(new BigDecimal(choice(term, value)));
                case null, default -> new Literal.Text(choice(term, value));
            };
            case NONE, COUNT -> throw new IllegalStateException(op.input() + " is not a compared value");
        };
    }

    private static Rule behaviour(Term term, Op op, String count, Condition condition) {
        String match = condition.match() == null || condition.match().isBlank() ? null : condition.match().strip();
        if (match != null && term.activity() == Activity.CHANNEL) {
            match = choice(term, match.toLowerCase(Locale.ROOT));
        }
        String within = condition.within() == null || condition.within().isBlank() ? null : condition.within().strip();
        Rule.Window window = within == null ? null : new Rule.Window.Within(whole(within, 1, RuleText.MAX_DAYS,
                "a number of days", "within"));
        return new Rule.Behaviour(Verb.byWord(term.key()).orElseThrow(), match, Operator.valueOf(op.key()),
                whole(count, 0, RuleText.MAX_COUNT, "how many times", "value"), window);
    }

    private static String choice(Term term, String value) {
        return term.choices().stream().map(Choice::value).filter(value::equals).findFirst()
                .orElseThrow(() -> InvalidInputException.field("value", "'" + value + "' is not one of " + term.label()
                        + "'s values; pick one from the list"));
    }

    private static Literal date(String value) {
        try {
            if (DATE.matcher(value).matches()) {
                return new Literal.Text(LocalDate.parse(value).toString());
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw InvalidInputException.field("value", "'" + value + "' is not a date such as 2026-03-01, nor a number of"
                    + " days from today");
    }

    private static int signedDays(String value) {
        return whole(value, -RuleText.MAX_DAYS, RuleText.MAX_DAYS, "days from today", "value");
    }

    private static int days(String value, int min) {
        return whole(value, min, RuleText.MAX_DAYS, "a number of days", "value");
    }

    private static int whole(String value, int min, int max, String what, String field) {
        if (!WHOLE.matcher(value).matches() || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw InvalidInputException.field(field, "'" + value + "' is not " + what + ": give a whole number from "
                    + min + " to " + max);
        }
        return Integer.parseInt(value);
    }
}
