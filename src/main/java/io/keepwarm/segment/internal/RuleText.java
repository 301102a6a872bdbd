package io.keepwarm.segment.internal;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import io.keepwarm.segment.RuleSyntaxException;
import io.keepwarm.segment.Verb;
import io.keepwarm.segment.internal.RuleTokens.Kind;
import io.keepwarm.segment.internal.RuleTokens.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The text form of a rule, for people: {@code stage = NURTURE and industry in ("HPC", "Manufacturing") and
 * opened(email) >= 2 within 30d}. Keywords are case-insensitive; {@code not} binds tighter than {@code and}, and
 * {@code and} tighter than {@code or}; brackets group. Only the syntax is checked here (and how many values an
 * operator takes); whether a field exists and fits its values is the rule checker's job. The checker names the part at
 * fault by its path in the tree ({@code rule.and[1].field}); {@link #locate} finds that part's token in the text, so a
 * mistake of meaning is shown at its line and column as a mistake of syntax is.
 *
 * <pre>
 * rule      := or
 * or        := and ("or" and)*
 * and       := unary ("and" unary)*
 * unary     := "not" unary | "(" rule ")" | condition
 * condition := "in_list" "(" INT ")" | "in_segment" "(" INT ")"
 *            | VERB [ "(" [ "any" | IDENT | STRING ] ")" ] [ countop INT ] [ "within" DAYS | "since" DATE ]
 *            | FIELD op values
 * FIELD     := IDENT ("." IDENT)* | "anniversary" "(" IDENT ")"
 * values    := value | "(" value ("," value)* ")" (in) | value "and" value (between) | nothing (is [not] empty)
 * value     := STRING | ["-"] NUMBER | true | false | IDENT | DATE | "today" [("+"|"-") DAYS] | ["-"] DAYS
 * </pre>
 */
public final class RuleText {

    /** The function a date field is read through, {@code anniversary(birthday)}. */
    static final String ANNIVERSARY = "anniversary";

    /** Words with a meaning of their own: neither a field nor a bare value may be one (a value may be quoted). */
    static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "contains", "starts", "with", "between",
            "is", "empty", "true", "false", "today", "any", "within", "since", "in_list", "in_segment");

    /** The first words of the operators that only a field takes, to tell a verb misused as a field. */
    private static final Set<String> WORD_OPERATORS = Set.of("in", "contains", "starts", "between", "is");
    /** The channels' words, which only the verbs that count by channel take in their bracket. */
    private static final Set<String> CHANNELS = java.util.Arrays.stream(io.keepwarm.contact.Channel.values())
            .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final int MAX_DEPTH = 32;
    static final int MAX_DAYS = 36_500;
    static final int MAX_COUNT = 1_000_000;
    private static final String VALUE = "a value (a \"quoted text\", a number, true, false, today or a date)";
    private static final String CONDITION = "a condition (a field such as stage, an activity such as opened,"
            + " in_list(…), in_segment(…), not or '(')";

    private final List<Token> tokens;
    private int next;
    private int depth;
    private Rule rule;
    /** Where each node of the tree was written: its first token under "", its parts' tokens under their names. */
    private final Map<Rule, Map<String, Token>> places = new IdentityHashMap<>();
    /** The tokens of the values of the comparison being read, in order. */
    private List<Token> valueTokens = new ArrayList<>();

    private RuleText(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The rule a text says; a null text is read as an empty one. */
    public static Rule parse(String text) {
        return read(text).rule;
    }

    private static RuleText read(String text) {
        RuleText parser = new RuleText(RuleTokens.of(text == null ? "" : text));
        parser.rule = parser.or();
        if (parser.peek().kind() != Kind.END) {
            throw expected(parser.peek(), "and, or or the end of the rule");
        }
        return parser;
    }

    /**
     * The refusal of a rule read from this text, at the line and column of the part it names: a checker's error on
     * {@code rule.and[1].values[0]} points at that value, one inside a segment the rule names at its in_segment. A
     * refusal that names no part (the rule as a whole is too large), or a text that does not parse, is answered as is.
     */
    public static InvalidInputException locate(String text, InvalidInputException e) {
        if (e instanceof RuleSyntaxException) {
            return e;
        }
        Map<String, Token> at;
        try {
            at = read(text).paths();
        } catch (RuleSyntaxException unreadable) {
            return e;
        }
        for (FieldError error : e.errors()) {
            Token token = error.field().equals("rule") ? null : place(at, error.field());
            if (token != null) {
                // the draft's other mistakes (a blank name) stay beside the rule's
                return InvalidInputException.together(e.errors().stream().filter(other -> other != error).toList(),
                        new RuleSyntaxException(error.field(), token.line(), token.column(), error.message()));
            }
        }
        return e;
    }

    /** The token of the part a path names, or of the nearest part that holds it. */
    private static Token place(Map<String, Token> at, String path) {
        for (String part = path; !part.isEmpty(); part = part.substring(0, Math.max(0, lastCut(part)))) {
            Token token = at.get(part);
            if (token != null) {
                return token;
            }
        }
        return null;
    }

    private static int lastCut(String path) {
        return Math.max(path.lastIndexOf('.'), Math.max(path.lastIndexOf('['), path.lastIndexOf('{')));
    }

    /** Every part of the tree by the path the rule checker names it with (see RuleCompiler), with its token. */
    private Map<String, Token> paths() {
        Map<String, Token> at = new HashMap<>();
        paths(rule, "rule", at);
        return at;
    }

    private void paths(Rule node, String path, Map<String, Token> at) {
        places.getOrDefault(node, Map.of()).forEach((part, token) -> at.put(part.isEmpty() ? path : path + "." + part, token));
        switch (node) {
            case Rule.All all -> children(all.rules(), path + ".and", at);
            case Rule.Any any -> children(any.rules(), path + ".or", at);
            case Rule.Not not -> paths(not.rule(), path + ".not", at);
            default -> { }
        }
    }

    private void children(List<Rule> rules, String path, Map<String, Token> at) {
        for (int i = 0; i < rules.size(); i++) {
            paths(rules.get(i), path + "[" + i + "]", at);
        }
    }

    /** Notes where a node was written, with the tokens of its parts by name; returns the node. */
    private Rule placed(Rule node, Token start, Object... parts) {
        Map<String, Token> where = new HashMap<>();
        where.put("", start);
        for (int i = 0; i + 1 < parts.length; i += 2) {
            if (parts[i + 1] != null) {
                where.put((String) parts[i], (Token) parts[i + 1]);
            }
        }
        places.put(node, where);
        return node;
    }

    /** The one canonical text of a rule, with as few brackets as keep its shape; it parses back to an equal rule. */
    public static String print(Rule rule) {
        return RulePrinter.print(rule);
    }

    private Rule or() {
        Token start = peek();
        List<Rule> rules = new ArrayList<>(List.of(and()));
        while (acceptWord("or")) {
            rules.add(and());
        }
        return rules.size() == 1 ? rules.getFirst() : placed(new Rule.Any(rules), start);
    }

    private Rule and() {
        Token start = peek();
        List<Rule> rules = new ArrayList<>(List.of(unary()));
        while (acceptWord("and")) {
            rules.add(unary());
        }
        return rules.size() == 1 ? rules.getFirst() : placed(new Rule.All(rules), start);
    }

    private Rule unary() {
        Token start = peek();
        if (!start.isWord("not") && !start.isSymbol("(")) {
            return condition();
        }
        // Bounded like the JSON form, so that a hostile text cannot exhaust the stack.
        if (++depth > MAX_DEPTH) {
            throw at(start, "the rule nests deeper than " + MAX_DEPTH + " levels of not and brackets");
        }
        next++;
        Rule rule = start.isWord("not") ? placed(new Rule.Not(unary()), start) : or();
        if (start.isSymbol("(")) {
            expectSymbol(")", "and, or or ')' to close the '(' at line " + start.line() + ", column " + start.column());
        }
        depth--;
        return rule;
    }

    private Rule condition() {
        Token start = peek();
        if (start.kind() != Kind.WORD) {
            throw expected(start, CONDITION);
        }
        if (start.isWord("in_list") || start.isWord("in_segment")) {
            return membership();
        }
        Optional<Verb> verb = Verb.byWord(start.lower());
        if (verb.isPresent()) {
            return behaviour(verb.get());
        }
        if (KEYWORDS.contains(start.lower())) {
            throw expected(start, CONDITION);
        }
        return compare();
    }

    private Rule membership() {
        Token word = next();
        boolean list = word.isWord("in_list");
        expectSymbol("(", "'(' and the id of a " + (list ? "list" : "segment"));
        Token idToken = peek();
        long id = whole(next(), 1, Long.MAX_VALUE, "the id of a " + (list ? "list" : "segment"));
        expectSymbol(")", "')'");
        return list ? placed(new Rule.InList(id), word, "inList", idToken)
                : placed(new Rule.InSegment(id), word, "inSegment", idToken);
    }

    private Rule behaviour(Verb verb) {
        Token word = next();
        Token matchToken = peek().isSymbol("(") ? tokens.get(next + 1) : null;
        String match = peek().isSymbol("(") ? argument(verb) : null;
        if (peek().isSymbol(".") || (peek().kind() == Kind.WORD && WORD_OPERATORS.contains(peek().lower()))) {
            throw at(word, "'" + word.text() + "' is an activity, not a field; count it as in " + verb.word()
                    + " >= 2 within 30d, comparing with =, !=, <, <=, > or >= and a whole number");
        }
        Operator op = Operator.GE;
        int count = 1;
        Token opToken = null;
        Token countToken = null;
        Optional<Operator> countOp = symbolOperator(peek());
        if (countOp.isPresent()) {
            opToken = next();
            op = countOp.get();
            countToken = peek();
            count = (int) whole(next(), 0, MAX_COUNT, "how many times (a whole number from 0 to " + MAX_COUNT + ")");
        }
        Token windowToken = tokens.get(Math.min(next + 1, tokens.size() - 1));
        Rule.Window window = window();
        return placed(new Rule.Behaviour(verb, match, op, count, window), word, "match", matchToken, "op", opToken,
                "count", countToken, "withinDays", window instanceof Rule.Window.Within ? windowToken : null,
                "since", window instanceof Rule.Window.Since ? windowToken : null);
    }

    /** The bracketed channel or pattern after an activity; null for any. */
    private String argument(Verb verb) {
        next++;
        Token argument = next();
        if (argument.isSymbol(")")) {
            return null;
        }
        if (argument.kind() == Kind.STRING && argument.text().isBlank()) {
            throw at(argument, "a pattern must not be empty; write any (or nothing) to count every one");
        }
        if (argument.kind() != Kind.WORD && argument.kind() != Kind.STRING) {
            throw expected(argument, "any, a channel such as email or a \"quoted pattern\" where * is any text");
        }
        if (!verb.matchesChannel() && argument.kind() == Kind.WORD && CHANNELS.contains(argument.lower())) {
            // clicked(email) would count clicks on links containing "email": nobody means that.
            throw at(argument, verb.word() + "(...) takes a \"quoted pattern\" of what it was on (a link, a page, an"
                    + " offer), not a channel such as " + argument.lower() + ": write " + verb.word()
                    + " alone to count every one, or " + verb.word() + "(\"*pricing*\")");
        }
        expectSymbol(")", "')'");
        return argument.isWord("any") ? null : argument.text();
    }

    private Rule.Window window() {
        if (acceptWord("within")) {
            Token days = next();
            if (days.kind() != Kind.DAYS) {
                throw expected(days, "a number of days such as 30d");
            }
            return new Rule.Window.Within(days(days, 1, MAX_DAYS));
        }
        if (acceptWord("since")) {
            return new Rule.Window.Since(date(next()));
        }
        return null;
    }

    private Rule compare() {
        Token fieldToken = peek();
        String field = field();
        Token opToken = peek();
        Operator op = operator();
        valueTokens = new ArrayList<>();
        List<Literal> values = values(op);
        String arity = Arity.check(op, values.size());
        if (arity != null) {
            throw at(opToken, arity);
        }
        List<Object> parts = new ArrayList<>(List.of("field", fieldToken, "op", opToken,
                "values", valueTokens.isEmpty() ? opToken : valueTokens.getFirst()));
        for (int i = 0; i < valueTokens.size(); i++) {
            parts.addAll(List.of("values[" + i + "]", valueTokens.get(i)));
        }
        return placed(new Rule.Compare(field, op, values), fieldToken, parts.toArray());
    }

    private String field() {
        Token name = next();
        if (name.isWord(ANNIVERSARY) && peek().isSymbol("(")) {
            next++;
            Token attribute = next();
            if (attribute.kind() != Kind.WORD) {
                throw expected(attribute, "a date attribute such as birthday");
            }
            expectSymbol(")", "')'");
            return "anniversary(" + attribute.text() + ")";
        }
        StringBuilder field = new StringBuilder(name.text());
        while (acceptSymbol(".")) {
            Token part = next();
            if (part.kind() != Kind.WORD) {
                throw expected(part, "a name after '.'");
            }
            field.append('.').append(part.text());
        }
        return field.toString();
    }

    private Operator operator() {
        Token op = next();
        Optional<Operator> symbol = symbolOperator(op);
        if (symbol.isPresent()) {
            return symbol.get();
        }
        return switch (op.kind() == Kind.WORD ? op.lower() : "") {
            case "in" -> Operator.IN;
            case "contains" -> Operator.CONTAINS;
            case "between" -> Operator.BETWEEN;
            case "starts" -> {
                expectWord("with", "'with' after 'starts'");
                yield Operator.STARTS_WITH;
            }
            case "is" -> {
                boolean not = acceptWord("not");
                expectWord("empty", not ? "'empty' after 'is not'" : "'empty' or 'not empty' after 'is'");
                yield not ? Operator.IS_NOT_EMPTY : Operator.IS_EMPTY;
            }
            default -> throw expected(op, "an operator (" + Operator.symbols() + ")");
        };
    }

    private List<Literal> values(Operator op) {
        return switch (op) {
            case IS_EMPTY, IS_NOT_EMPTY -> List.of();
            case BETWEEN -> {
                Literal low = value();
                expectWord("and", "'and' and the high end of the range");
                yield List.of(low, value());
            }
            case IN -> peek().isSymbol("(") ? list() : List.of(value());
            default -> List.of(value());
        };
    }

    private List<Literal> list() {
        next++;
        List<Literal> values = new ArrayList<>(List.of(value()));
        while (acceptSymbol(",")) {
            values.add(value());
        }
        expectSymbol(")", "',' or ')'");
        return values;
    }

    private Literal value() {
        Token value = next();
        valueTokens.add(value);
        return switch (value.kind()) {
            case STRING -> new Literal.Text(value.text());
            case NUMBER -> new Literal.Number(new BigDecimal(value.text()));
            case DAYS -> new Literal.Days(days(value, 0, MAX_DAYS));
            case DATE -> new Literal.Text(date(value).toString());
            case WORD -> word(value);
            case SYMBOL -> {
                if (!value.isSymbol("-")) {
                    throw expected(value, VALUE);
                }
                yield negative();
            }
            case END -> throw expected(value, VALUE);
        };
    }

    private Literal negative() {
        Token number = next();
        return switch (number.kind()) {
            case NUMBER -> new Literal.Number(new BigDecimal(number.text()).negate());
            case DAYS -> new Literal.Days(-days(number, 0, MAX_DAYS));
            default -> throw expected(number, "a number or a number of days after '-'");
        };
    }

    private Literal word(Token word) {
        return switch (word.lower()) {
            case "true", "false" -> new Literal.Bool(word.isWord("true"));
            case "today" -> today();
            default -> {
                if (KEYWORDS.contains(word.lower())) {
                    throw at(word, "expected " + VALUE + " but found " + word.describe()
                            + ", a keyword; to mean the text, quote it: \"" + word.text() + "\"");
                }
                yield new Literal.Text(word.text());
            }
        };
    }

    private Literal today() {
        Token sign = peek();
        if (!sign.isSymbol("+") && !sign.isSymbol("-")) {
            return new Literal.Today(0);
        }
        next++;
        Token days = next();
        if (days.kind() != Kind.DAYS) {
            throw expected(days, "a number of days such as 7d after 'today" + sign.text() + "'");
        }
        return new Literal.Today((sign.isSymbol("-") ? -1 : 1) * days(days, 0, MAX_DAYS));
    }

    private static Optional<Operator> symbolOperator(Token token) {
        return token.kind() == Kind.SYMBOL ? Operator.bySymbol(token.text()) : Optional.empty();
    }

    private static long whole(Token number, long min, long max, String what) {
        if (number.kind() != Kind.NUMBER || number.text().contains(".")) {
            throw expected(number, what);
        }
        BigInteger value = new BigInteger(number.text());
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw expected(number, what + " from " + min + " to " + max);
        }
        return value.longValueExact();
    }

    private static int days(Token days, int min, int max) {
        BigInteger value = new BigInteger(days.text().substring(0, days.text().length() - 1));
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw expected(days, "a number of days from " + min + "d to " + max + "d");
        }
        return value.intValueExact();
    }

    private static LocalDate date(Token date) {
        if (date.kind() != Kind.DATE) {
            throw expected(date, "a date such as 2026-01-01");
        }
        try {
            return LocalDate.parse(date.text());
        } catch (DateTimeParseException e) {
            throw at(date, "'" + date.text() + "' is not a date of the calendar; write it like 2026-01-01");
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    /** The next token; the END token repeats at the end. */
    private Token next() {
        Token token = tokens.get(next);
        next = Math.min(next + 1, tokens.size() - 1);
        return token;
    }

    private boolean acceptWord(String word) {
        boolean found = peek().isWord(word);
        next += found ? 1 : 0;
        return found;
    }

    private boolean acceptSymbol(String symbol) {
        boolean found = peek().isSymbol(symbol);
        next += found ? 1 : 0;
        return found;
    }

    private void expectWord(String word, String expected) {
        if (!acceptWord(word)) {
            throw expected(peek(), expected);
        }
    }

    private void expectSymbol(String symbol, String expected) {
        if (!acceptSymbol(symbol)) {
            throw expected(peek(), expected);
        }
    }

    private static RuleSyntaxException expected(Token found, String expected) {
        return at(found, "expected " + expected + " but found " + found.describe());
    }

    private static RuleSyntaxException at(Token token, String problem) {
        return new RuleSyntaxException(token.line(), token.column(), problem);
    }
}
