package io.keepwarm.segment.internal;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import io.keepwarm.segment.Verb;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a rule. {@code {"and": [...]}}, {@code {"or": [...]}}, {@code {"not": {...}}}, {@code {"field":
 * "industry", "op": "in", "values": ["HPC"]}}, {@code {"inList": 5}}, {@code {"inSegment": 7}} and {@code
 * {"activity": "opened", "match": "email", "op": ">=", "count": 2, "withinDays": 30}}. A mistake is reported with
 * the path to the part at fault, e.g. {@code rule.and[1].op}.
 */
public final class RuleJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 32;
    private static final String IDENT = "[A-Za-z_][A-Za-z0-9_]*";
    /** A field path or an anniversary, as the text form (RulePrinter) writes them. */
    private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile(
            IDENT + "(\\." + IDENT + ")*|anniversary\\(" + IDENT + "\\)");

    private RuleJson() {}

    public static Rule read(JsonNode node) {
        return read(node, "rule", 0);
    }

    private static Rule read(JsonNode node, String path, int depth) {
        if (node == null || !node.isObject()) {
            throw bad(path, "must be an object such as {\"and\": [...]}, {\"field\": ..., \"op\": ...} or {\"activity\": ...}");
        }
        if (depth > MAX_DEPTH) {
            throw bad(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (node.has("and") || node.has("or")) {
            String key = node.has("and") ? "and" : "or";
            only(node, path, Set.of(key));
            JsonNode list = node.get(key);
            if (!list.isArray() || list.isEmpty()) {
                throw bad(path + "." + key, "must be a non-empty list of rules");
            }
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                rules.add(read(list.get(i), path + "." + key + "[" + i + "]", depth + 1));
            }
            return key.equals("and") ? new Rule.All(rules) : new Rule.Any(rules);
        }
        if (node.has("not")) {
            only(node, path, Set.of("not"));
            return new Rule.Not(read(node.get("not"), path + ".not", depth + 1));
        }
        if (node.has("inList") || node.has("inSegment")) {
            String key = node.has("inList") ? "inList" : "inSegment";
            only(node, path, Set.of(key));
            JsonNode id = node.get(key);
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
                throw bad(path + "." + key, "must be the id of a " + (key.equals("inList") ? "list" : "segment"));
            }
            return key.equals("inList") ? new Rule.InList(id.asLong()) : new Rule.InSegment(id.asLong());
        }
        if (node.has("activity")) {
            return behaviour(node, path);
        }
        if (node.has("field")) {
            return compare(node, path);
        }
        throw bad(path, "must hold one of and, or, not, field, activity, inList, inSegment");
    }

    private static Rule compare(JsonNode node, String path) {
        only(node, path, Set.of("field", "op", "value", "values"));
        // As the text form writes it, or the rule could not be shown again (the segment list would fail on it).
        String field = text(node, "field", path).replaceAll("\\s+", "");
        if (!FIELD.matcher(field).matches()) {
            throw bad(path + ".field", "must be a field name such as industry or company.size, or anniversary(key)");
        }
        Operator op = operator(node, path);
        List<Literal> values = new ArrayList<>();
        if (node.has("value") && node.has("values")) {
            throw bad(path, "give either value or values, not both");
        }
        if (node.has("value")) {
            values.add(literal(node.get("value"), path + ".value"));
        } else if (node.has("values")) {
            JsonNode list = node.get("values");
            if (!list.isArray()) {
                throw bad(path + ".values", "must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                values.add(literal(list.get(i), path + ".values[" + i + "]"));
            }
        }
        String arity = Arity.check(op, values.size());
        if (arity != null) {
            throw bad(path + (node.has("values") ? ".values" : ".value"), arity);
        }
        return new Rule.Compare(field, op, values);
    }

    private static Rule behaviour(JsonNode node, String path) {
        only(node, path, Set.of("activity", "match", "op", "count", "withinDays", "since"));
        String word = text(node, "activity", path);
        Verb verb = Verb.byWord(word).orElseThrow(() -> bad(path + ".activity",
                "'" + word + "' is not an activity; use one of " + Verb.words()));
        String match = null;
        if (node.has("match") && !node.get("match").isNull()) {
            match = text(node, "match", path);
        }
        Operator op = node.has("op") ? operator(node, path) : Operator.GE;
        if (!op.countsCompare()) {
            throw bad(path + ".op", "an activity count compares with =, !=, <, <=, > or >=");
        }
        int count = 1;
        if (node.has("count")) {
            JsonNode c = node.get("count");
            if (!c.isIntegralNumber() || !c.canConvertToLong() || c.asLong() < 0 || c.asLong() > 1_000_000) {
                throw bad(path + ".count", "must be a whole number from 0 to 1000000");
            }
            count = c.asInt();
        }
        if (node.has("withinDays") && node.has("since")) {
            throw bad(path, "give either withinDays or since, not both");
        }
        Rule.Window window = null;
        if (node.has("withinDays")) {
            JsonNode d = node.get("withinDays");
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 1 || d.asLong() > 36_500) {
                throw bad(path + ".withinDays", "must be a whole number of days from 1 to 36500");
            }
            window = new Rule.Window.Within(d.asInt());
        } else if (node.has("since")) {
            window = new Rule.Window.Since(date(text(node, "since", path), path + ".since"));
        }
        return new Rule.Behaviour(verb, match, op, count, window);
    }

    private static Literal literal(JsonNode node, String path) {
        if (node.isString()) {
            return new Literal.Text(node.asString());
        }
        if (node.isNumber()) {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw bad(path, "must be a number within range");
            }
            return new Literal.Number(node.decimalValue());
        }
        if (node.isBoolean()) {
            return new Literal.Bool(node.asBoolean());
        }
        if (node.isObject() && node.size() == 1 && (node.has("today") || node.has("days"))) {
            String key = node.has("today") ? "today" : "days";
            JsonNode n = node.get(key);
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < -36_500 || n.asLong() > 36_500) {
                throw bad(path + "." + key, "must be a whole number of days, at most 36500");
            }
            return key.equals("today") ? new Literal.Today(n.asInt()) : new Literal.Days(n.asInt());
        }
        throw bad(path, "must be a string, a number, true or false, {\"today\": days} or {\"days\": n}");
    }

    private static Operator operator(JsonNode node, String path) {
        String symbol = text(node, "op", path);
        return Operator.bySymbol(symbol).orElseThrow(() -> bad(path + ".op",
                "'" + symbol + "' is not an operator; use one of " + Operator.symbols()));
    }

    private static String text(JsonNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw bad(path + "." + key, "must be a non-empty string");
        }
        return value.asString();
    }

    static LocalDate date(String text, String path) {
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw bad(path, "'" + text + "' is not a date like 2026-03-01");
        }
        // A year beyond four digits parses, but could not be written back as the rule's text.
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw bad(path, "'" + text + "' is not a date between 0001-01-01 and 9999-12-31");
        }
        return date;
    }

    private static void only(JsonNode node, String path, Set<String> allowed) {
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw bad(path + "." + name, "is not part of this kind of rule (expected " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static InvalidInputException bad(String path, String message) {
        return new InvalidInputException("The segment rule is not valid: " + path + " " + message,
                List.of(new FieldError(path, message)));
    }

    public static JsonNode write(Rule rule) {
        return switch (rule) {
            case Rule.All all -> list("and", all.rules());
            case Rule.Any any -> list("or", any.rules());
            case Rule.Not not -> NODES.objectNode().set("not", write(not.rule()));
            case Rule.InList in -> NODES.objectNode().put("inList", in.listId());
            case Rule.InSegment in -> NODES.objectNode().put("inSegment", in.segmentId());
            case Rule.Compare c -> compare(c);
            case Rule.Behaviour b -> behaviour(b);
        };
    }

    private static ObjectNode list(String key, List<Rule> rules) {
        ObjectNode node = NODES.objectNode();
        ArrayNode array = node.putArray(key);
        rules.forEach(r -> array.add(write(r)));
        return node;
    }

    private static ObjectNode compare(Rule.Compare c) {
        ObjectNode node = NODES.objectNode().put("field", c.field()).put("op", c.op().symbol());
        if (c.op() == Operator.IN || c.op() == Operator.BETWEEN) {
            ArrayNode values = node.putArray("values");
            c.values().forEach(v -> values.add(literal(v)));
        } else if (!c.values().isEmpty()) {
            node.set("value", literal(c.values().getFirst()));
        }
        return node;
    }

    private static JsonNode literal(Literal literal) {
        return switch (literal) {
            case Literal.Text t -> NODES.stringNode(t.value());
            case Literal.Number n -> NODES.numberNode(n.value());
            case Literal.Bool b -> NODES.booleanNode(b.value());
            case Literal.Today t -> NODES.objectNode().put("today", t.offsetDays());
            case Literal.Days d -> NODES.objectNode().put("days", d.days());
        };
    }

    private static ObjectNode behaviour(Rule.Behaviour b) {
        ObjectNode node = NODES.objectNode().put("activity", b.verb().word());
        if (b.match() != null) {
            node.put("match", RulePrinter.channel(b) ? b.match().toLowerCase(java.util.Locale.ROOT) : b.match());
        }
        node.put("op", b.op().symbol()).put("count", b.count());
        switch (b.window()) {
            case Rule.Window.Within w -> node.put("withinDays", w.days());
            case Rule.Window.Since s -> node.put("since", s.date().toString());
            case null -> { }
        }
        return node;
    }
}
