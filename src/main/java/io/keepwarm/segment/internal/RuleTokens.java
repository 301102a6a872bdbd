package io.keepwarm.segment.internal;

import io.keepwarm.segment.RuleSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Splits a rule's text into words, quoted texts, numbers, days, dates and symbols, each with where it starts. */
final class RuleTokens {

    enum Kind { WORD, STRING, NUMBER, DAYS, DATE, SYMBOL, END }

    /**
     * One token; {@code text} is the source text, except for a quoted text where it is the value without quotes
     * and escapes. Line and column are 1-based and count characters (code points), as an editor shows them.
     */
    record Token(Kind kind, String text, int line, int column) {

        /** Keywords are case-insensitive. */
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }

        String describe() {
            return switch (kind) {
                case END -> "the end of the rule";
                case STRING -> "the quoted text \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
                default -> "'" + text + "'";
            };
        }
    }

    // Longest first, so that <= is not read as < followed by =.
    private static final List<String> SYMBOLS =
            List.of("!=", "<>", "<=", ">=", "≠", "≤", "≥", "(", ")", ",", ".", "=", "<", ">", "+", "-");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;

    private RuleTokens(String text) {
        this.text = text;
    }

    /** All tokens of the text, ending with one END token. */
    static List<Token> of(String text) {
        RuleTokens tokens = new RuleTokens(text);
        List<Token> all = new ArrayList<>();
        do {
            all.add(tokens.next());
        } while (all.getLast().kind() != Kind.END);
        return all;
    }

    private Token next() {
        while (pos < text.length() && isSpace(text.codePointAt(pos))) {
            advance(Character.charCount(text.codePointAt(pos)));
        }
        if (pos == text.length()) {
            return new Token(Kind.END, "", line, column);
        }
        int c = text.codePointAt(pos);
        if (c == '"') {
            return string();
        }
        if (isDigit(c)) {
            return number();
        }
        if (isWordStart(c)) {
            return token(Kind.WORD, wordLength(pos));
        }
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, pos)) {
                return token(Kind.SYMBOL, symbol.length());
            }
        }
        throw new RuleSyntaxException(line, column,
                "found '" + Character.toString(c) + "', a character the rule syntax does not use outside quotes");
    }

    private Token token(Kind kind, int length) {
        Token token = new Token(kind, text.substring(pos, pos + length), line, column);
        advance(length);
        return token;
    }

    /** A quoted text where \" is a quote and \\ a backslash; it may span lines. */
    private Token string() {
        int startLine = line;
        int startColumn = column;
        advance(1);
        StringBuilder value = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != '"') {
            if (text.charAt(pos) == '\\') {
                if (pos + 1 >= text.length() || (text.charAt(pos + 1) != '"' && text.charAt(pos + 1) != '\\')) {
                    throw new RuleSyntaxException(line, column, "found an unknown escape; inside quotes write \\\""
                            + " for a quote and \\\\ for a backslash");
                }
                advance(1);
            }
            int c = text.codePointAt(pos);
            value.appendCodePoint(c);
            advance(Character.charCount(c));
        }
        if (pos == text.length()) {
            throw new RuleSyntaxException(startLine, startColumn,
                    "the quoted text that starts here has no closing \" before the end of the rule");
        }
        advance(1);
        return new Token(Kind.STRING, value.toString(), startLine, startColumn);
    }

    /** 12, 3.5, 30d (also "30 days") or 2026-03-01; a minus sign is a token of its own. */
    private Token number() {
        var date = DATE.matcher(text).region(pos, text.length());
        if (date.lookingAt() && !continuesWord(date.end())) {
            return token(Kind.DATE, date.end() - pos);
        }
        int end = digitsEnd(pos);
        boolean whole = true;
        if (end + 1 < text.length() && text.charAt(end) == '.' && isDigit(text.charAt(end + 1))) {
            end = digitsEnd(end + 1);
            whole = false;
        }
        if (!continuesWord(end)) {
            int unit = end;
            while (unit < text.length() && (text.charAt(unit) == ' ' || text.charAt(unit) == '\t')) {
                unit++;
            }
            if (whole && unit > end && unit < text.length() && isDayWord(unit, unit + wordLength(unit))) {
                return days(end, unit + wordLength(unit));
            }
            return token(Kind.NUMBER, end - pos);
        }
        int wordEnd = end + wordLength(end);
        if (whole && isDayWord(end, wordEnd)) {
            return days(end, wordEnd);
        }
        throw new RuleSyntaxException(line, column, "expected a number such as 12 or 3.5 or a number of days such as"
                + " 30d but found '" + text.substring(pos, wordEnd) + "'");
    }

    /** "d", "day" or "days", any case: "30d", "30days" and "30 days" are one number of days, written 30d. */
    private boolean isDayWord(int from, int to) {
        String word = text.substring(from, to).toLowerCase(Locale.ROOT);
        return word.equals("d") || word.equals("day") || word.equals("days");
    }

    private Token days(int digitsEnd, int to) {
        Token token = new Token(Kind.DAYS, text.substring(pos, digitsEnd) + "d", line, column);
        advance(to - pos);
        return token;
    }

    private int digitsEnd(int from) {
        int end = from;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private boolean continuesWord(int at) {
        return at < text.length() && isWordPart(text.charAt(at));
    }

    private int wordLength(int from) {
        int end = from;
        while (end < text.length() && isWordPart(text.charAt(end))) {
            end++;
        }
        return end - from;
    }

    /** Moves on by {@code chars} UTF-16 units, counting lines and columns in code points. */
    private void advance(int chars) {
        for (int end = pos + chars; pos < end; ) {
            int c = text.codePointAt(pos);
            pos += Character.charCount(c);
            boolean lineBreak = c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'));
            line += lineBreak ? 1 : 0;
            column = lineBreak ? 1 : column + 1;
        }
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordPart(int c) {
        return isWordStart(c) || isDigit(c);
    }
}
