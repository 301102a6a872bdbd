package io.keepwarm.content.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a template does not parse, said as its author would put it: which tag or output, where, and what is wrong with
 * it ("a '{% if %}' is never closed with '{% endif %}'"). liqp's own message is its parser's ("mismatched input
 * '&lt;EOF&gt;' expecting TagStart"), at a place that is often past the end of the text, which nobody can act on.
 * The template is read here as Liquid's delimiters and tags pair up; what passes that and still fails is found by
 * parsing its tags and outputs one at a time.
 */
final class LiquidSyntax {

    /** Tags with a body, closed by {@code end} and their name. */
    private static final Set<String> BLOCKS = Set.of("if", "unless", "case", "for", "tablerow", "capture", "comment",
            "ifchanged");
    /** Tags that stand alone. */
    private static final Set<String> TAGS = Set.of("assign", "cycle", "include", "include_relative", "increment",
            "decrement", "break", "continue");
    /** Tags that divide a block, and the blocks each may divide (liqp has no else in a for). */
    private static final Map<String, Set<String>> BRANCHES = Map.of("else", Set.of("if", "unless", "case"),
            "elsif", Set.of("if"), "when", Set.of("case"));
    /** Tags that take nothing after their name. */
    private static final Set<String> BARE = Set.of("else", "break", "continue", "comment", "ifchanged");

    /** How each tag is written, shown where one is not. */
    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("if", "{% if contact.country == \"DE\" %}"),
            Map.entry("elsif", "{% elsif contact.country == \"AT\" %}"),
            Map.entry("unless", "{% unless contact.country == \"DE\" %}"),
            Map.entry("case", "{% case contact.country %}"),
            Map.entry("when", "{% when \"DE\", \"AT\" %}"),
            Map.entry("for", "{% for i in (1..3) %}"),
            Map.entry("tablerow", "{% tablerow i in (1..3) %}"),
            Map.entry("capture", "{% capture greeting %}"),
            Map.entry("assign", "{% assign greeting = \"Hello\" %}"),
            Map.entry("cycle", "{% cycle \"odd\", \"even\" %}"),
            Map.entry("increment", "{% increment counter %}"),
            Map.entry("decrement", "{% decrement counter %}"),
            Map.entry("include", "{% include 'name' %}"),
            Map.entry("include_relative", "{% include_relative 'name' %}"));

    /** What each thing a tag needs is called, where it is left out. */
    private static final Map<String, String> NEEDS = Map.ofEntries(Map.entry("if", "a condition"),
            Map.entry("elsif", "a condition"), Map.entry("unless", "a condition"), Map.entry("case", "a value to compare"),
            Map.entry("when", "a value to compare with"), Map.entry("for", "a loop"), Map.entry("tablerow", "a loop"),
            Map.entry("capture", "a name to capture into"), Map.entry("assign", "a name and a value"),
            Map.entry("cycle", "values to cycle through"), Map.entry("increment", "a counter's name"),
            Map.entry("decrement", "a counter's name"));

    /** A block opened in a whole template, so that one of its tags parses alone. */
    private static final Map<String, String> OPENED = Map.of("if", "{% if true %}", "unless", "{% unless true %}",
            "case", "{% case 1 %}{% when 1 %}", "for", "{% for i in (1..2) %}", "tablerow", "{% tablerow i in (1..2) %}",
            "capture", "{% capture x %}", "comment", "{% comment %}", "ifchanged", "{% ifchanged %}");

    private static final Pattern NAME = Pattern.compile("\\s*([A-Za-z_]\\w*)(.*)", Pattern.DOTALL);
    private static final Pattern END_RAW = Pattern.compile("\\{%\\s*endraw\\s*-?%}");
    private static final int SHOWN = 60;

    /** A tag or an output: where it starts and ends in the text, what stands inside, and a tag's name. */
    private record Piece(boolean tag, int start, int end, String inner, String name, String rest) {}

    /** An open block: its name, where it starts, and whether its else was met. */
    private static final class Open {
        final String name;
        final int at;
        boolean elseMet;
        boolean whenMet;

        Open(String name, int at) {
            this.name = name;
            this.at = at;
        }
    }

    /** A mistake: what is wrong and the index in the text it is about. */
    private record Mistake(String message, int at) {}

    private final Predicate<String> parses;

    /** {@code parses} says whether liqp reads a text as a template. */
    LiquidSyntax(Predicate<String> parses) {
        this.parses = parses;
    }

    /**
     * The mistake that keeps {@code source} from parsing, ending with its line and column; {@code line} and
     * {@code column} (from 1) are where liqp stopped, used only when nothing more telling is found.
     */
    String mistake(String source, int line, int column) {
        List<Piece> pieces = new ArrayList<>();
        Mistake found = paired(source, pieces);
        if (found == null) {
            found = unreadable(source, pieces);
        }
        if (found == null) {
            return "Liquid cannot read the template from here on; look for a tag or an output written differently"
                    + " from the others" + at(source, index(source, line, column));
        }
        return found.message() + at(source, found.at());
    }

    /** The first mistake in how delimiters, quotes and tags pair up, or null; the pieces read go to {@code pieces}. */
    private static Mistake paired(String source, List<Piece> pieces) {
        Deque<Open> open = new ArrayDeque<>();
        int from = 0;
        while (true) {
            int output = source.indexOf("{{", from);
            int tag = source.indexOf("{%", from);
            int start = output < 0 ? tag : tag < 0 ? output : Math.min(output, tag);
            if (start < 0) {
                break;
            }
            boolean isTag = start == tag;
            String close = isTag ? "%}" : "}}";
            int end = closing(source, start, close);
            if (end < 0) {
                return new Mistake(unclosed(source, start, -end - 1, close), -end - 1);
            }
            String inner = source.substring(start + 2, end).replaceFirst("^-", "").replaceFirst("-$", "");
            from = end + 2;
            if (!isTag) {
                if (inComment(open)) {
                    continue;
                }
                if (inner.isBlank()) {
                    return new Mistake("'{{ }}' has nothing in it: put a value between them, as in"
                            + " {{ contact.first_name }}", start);
                }
                pieces.add(new Piece(false, start, from, inner, null, null));
                continue;
            }
            Matcher named = NAME.matcher(inner);
            if (!named.matches()) {
                if (inComment(open)) {
                    continue;
                }
                return new Mistake(inner.isBlank() ? "'{% %}' has no tag in it: a tag starts with its name, as in"
                        + " {% if … %}" : "'" + shown(source, start, from) + "' does not start with a tag's name, as"
                        + " in {% if … %}", start);
            }
            String name = named.group(1);
            String rest = named.group(2);
            // liqp reads a raw's text as it is, even inside a comment, whose other tags it skips.
            if (name.equals("raw")) {
                Matcher endRaw = END_RAW.matcher(source);
                if (!endRaw.find(from)) {
                    return new Mistake(neverClosed("raw"), start);
                }
                from = endRaw.end();
                continue;
            }
            if (inComment(open) && !name.equals("endcomment")) {
                continue;
            }
            Piece piece = new Piece(true, start, from, inner, name, rest);
            pieces.add(piece);
            Mistake mistake = nested(source, piece, open);
            if (mistake != null) {
                return mistake;
            }
        }
        return open.isEmpty() ? null : new Mistake(neverClosed(open.peek().name), open.peek().at);
    }

    /** A tag's place among the blocks open around it, and whether it has what it needs. */
    private static Mistake nested(String source, Piece piece, Deque<Open> open) {
        String name = piece.name();
        String tag = "'{% " + name + " %}'";
        boolean ending = name.startsWith("end") && (BLOCKS.contains(name.substring(3)) || name.equals("endraw"));
        if (!ending && !BLOCKS.contains(name) && !TAGS.contains(name) && !BRANCHES.containsKey(name)) {
            return new Mistake(unknown(name), piece.start());
        }
        if ((ending || BARE.contains(name)) && !piece.rest().isBlank()) {
            return new Mistake("'" + shown(source, piece.start(), piece.end()) + "' takes nothing after '" + name
                    + "': write " + tag.replace("'", ""), piece.start());
        }
        if (NEEDS.containsKey(name) && piece.rest().isBlank()) {
            return new Mistake(tag + " needs " + NEEDS.get(name) + ", as in " + EXAMPLES.get(name), piece.start());
        }
        if (BLOCKS.contains(name)) {
            open.push(new Open(name, piece.start()));
            return null;
        }
        if (BRANCHES.containsKey(name)) {
            return branch(source, piece, open);
        }
        if (!ending) {
            return null;
        }
        String block = name.substring(3);
        Open top = open.peek();
        if (top != null && top.name.equals(block)) {
            open.pop();
            return top.name.equals("case") && !top.whenMet
                    ? new Mistake("'{% case %}' has no '{% when %}': add one, as in " + EXAMPLES.get("when"), top.at)
                    : null;
        }
        if (top != null && open.stream().anyMatch(o -> o.name.equals(block))) {
            return new Mistake("the '{% " + top.name + " %}' on " + place(source, top.at) + " is never closed with"
                    + " '{% end" + top.name + " %}' before this " + tag, piece.start());
        }
        return new Mistake(tag + " closes nothing: no '{% " + block + " %}' is open before it"
                + (top == null ? "" : " (the block open here is the '{% " + top.name + " %}' on " + place(source, top.at)
                        + ", closed with '{% end" + top.name + " %}')"), piece.start());
    }

    /** An else, elsif or when: inside a block that has them, and in their order. */
    private static Mistake branch(String source, Piece piece, Deque<Open> open) {
        String name = piece.name();
        String tag = "'{% " + name + " %}'";
        Set<String> belongs = BRANCHES.get(name);
        Open top = open.peek();
        String where = belongs.stream().sorted().map(b -> "'{% " + b + " %}'").reduce((a, b) -> a + " or " + b)
                .orElse("");
        if (top == null) {
            return new Mistake(tag + " stands outside any block: it belongs inside " + where, piece.start());
        }
        if (!belongs.contains(top.name)) {
            return new Mistake(tag + " belongs inside " + where + ", but the block open here is the '{% " + top.name
                    + " %}' on " + place(source, top.at) + (open.stream().anyMatch(o -> belongs.contains(o.name))
                    ? ", not yet closed with '{% end" + top.name + " %}'" : ""), piece.start());
        }
        if (top.elseMet) {
            return new Mistake(tag + " comes after the '{% else %}' of the '{% " + top.name + " %}' on "
                    + place(source, top.at) + (name.equals("else") ? ", which has one already" : ": put it before the else"),
                    piece.start());
        }
        if (top.name.equals("case") && !top.whenMet && name.equals("else")) {
            return new Mistake("'{% else %}' comes before any '{% when %}' of the '{% case %}' on " + place(source, top.at),
                    piece.start());
        }
        top.elseMet = name.equals("else");
        top.whenMet |= name.equals("when");
        return null;
    }

    /**
     * The first tag or output that does not parse even alone, named with how it is written; null when each does.
     * A block's tags are tried inside a block of their kind.
     */
    private Mistake unreadable(String source, List<Piece> pieces) {
        for (Piece piece : pieces) {
            String text = source.substring(piece.start(), piece.end());
            String name = piece.name();
            String alone = !piece.tag() || TAGS.contains(name) ? text
                    : BLOCKS.contains(name) ? text + (name.equals("case") ? "{% when 1 %}" : "") + "{% end" + name + " %}"
                    : BRANCHES.containsKey(name) ? OPENED.get(name.equals("when") ? "case" : "if").replaceFirst(
                            "\\{% when 1 %}$", "") + text + (name.equals("when") ? "{% endcase %}" : "{% endif %}")
                    : OPENED.getOrDefault(name.substring(3), "") + text;
            if (!parses.test(alone)) {
                return new Mistake(piece.tag() ? badTag(source, piece) : badOutput(source, piece), piece.start());
            }
        }
        return null;
    }

    private static String badTag(String source, Piece piece) {
        String example = EXAMPLES.get(piece.name());
        return "'" + shown(source, piece.start(), piece.end()) + "' cannot be read"
                + (trailing(piece.rest()) ? ": it ends before what its last word needs" : "")
                + (example == null ? "" : "; write it as in " + example);
    }

    private static String badOutput(String source, Piece piece) {
        String inner = piece.inner().strip();
        String why = inner.endsWith("|") ? ": a '|' must be followed by a filter's name"
                : inner.endsWith(":") ? ": a filter's ':' must be followed by what the filter takes"
                : inner.startsWith("|") ? ": it starts with a filter but no value"
                : ": an output holds one value and its filters";
        return "'" + shown(source, piece.start(), piece.end()) + "' cannot be read" + why
                + ", as in {{ contact.first_name | default: \"there\" }}";
    }

    /** Whether a tag's words end with one that must be followed by more ({@code if a ==}, {@code if a and}). */
    private static boolean trailing(String rest) {
        return rest.strip().matches("(?s).*(==|!=|<>|<=|>=|<|>|\\band|\\bor|\\bcontains|\\bin|=|\\||:|,)$");
    }

    /**
     * Where {@code close} is found for the delimiter at {@code start}, quotes inside skipped; when it is not found,
     * minus one less the index of what is never closed: the delimiter itself, or a quote within it.
     */
    private static int closing(String source, int start, String close) {
        char quote = 0;
        int quoted = -1;
        for (int i = start + 2; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                quoted = i;
            } else if (source.startsWith(close, i)) {
                return i;
            } else if (source.startsWith("{{", i) || source.startsWith("{%", i)) {
                return -start - 1;
            }
        }
        return quote != 0 ? -quoted - 1 : -start - 1;
    }

    /** What is never closed: the delimiter at {@code start}, or the quote at {@code at} within it. */
    private static String unclosed(String source, int start, int at, String close) {
        if (at != start) {
            char quote = source.charAt(at);
            return "the text in quotes that starts with " + quote + " is never closed with another " + quote;
        }
        String opening = source.substring(start, start + 2);
        return "'" + opening + "' is never closed with '" + close + "'";
    }

    private static String neverClosed(String block) {
        return "a '{% " + block + " %}' is never closed with '{% end" + block + " %}'";
    }

    private static String unknown(String name) {
        List<String> known = new ArrayList<>(BLOCKS);
        known.addAll(TAGS);
        known.addAll(BRANCHES.keySet());
        known.add("raw");
        List<String> ends = BLOCKS.stream().map(b -> "end" + b).toList();
        return "unknown tag '" + name + "'" + suggested(name, java.util.stream.Stream.concat(known.stream(), ends.stream())
                .toList(), "tags", known);
    }

    /**
     * "; did you mean 'if'?" for a name a letter from a known one or its start, else the names there are.
     */
    static String suggested(String name, java.util.Collection<String> candidates, String kind,
            java.util.Collection<String> listed) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return candidates.stream().filter(k -> distance(k, lower) <= 1 || !lower.isEmpty() && k.startsWith(lower))
                .min(java.util.Comparator.comparingInt(k -> distance(k, lower)))
                .map(near -> "; did you mean '" + near + "'?")
                .orElse("; Liquid's " + kind + " are " + listed.stream().sorted().toList());
    }

    /** How many letters to add, drop or change to make one word the other. */
    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    private static boolean inComment(Deque<Open> open) {
        return !open.isEmpty() && open.peek().name.equals("comment");
    }

    /** A tag or output as written, shortened when long, on one line. */
    private static String shown(String source, int start, int end) {
        String text = source.substring(start, end).replaceAll("\\s+", " ");
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN - 1) + "…";
    }

    /** The index of a line and column (from 1) as liqp counts them, kept inside the text: liqp's run past its end. */
    private static int index(String source, int line, int column) {
        int lineStart = 0;
        for (int l = 1; l < line && source.indexOf('\n', lineStart) >= 0; l++) {
            lineStart = source.indexOf('\n', lineStart) + 1;
        }
        int lineEnd = source.indexOf('\n', lineStart) < 0 ? source.length() : source.indexOf('\n', lineStart);
        int characters = source.codePointCount(lineStart, lineEnd);
        return characters == 0 ? lineStart
                : source.offsetByCodePoints(lineStart, Math.min(Math.max(column - 1, 0), characters - 1));
    }

    /** "line 3, column 7" of an index in the text, counting code points as a reader counts characters. */
    static String place(String source, int index) {
        int lineStart = source.lastIndexOf('\n', index - 1) + 1;
        long line = source.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
        return "line " + line + ", column " + (source.codePointCount(lineStart, index) + 1);
    }

    private static String at(String source, int index) {
        return " (" + place(source, index) + ")";
    }
}
