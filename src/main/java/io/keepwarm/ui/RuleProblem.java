package io.keepwarm.ui;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.segment.RuleSyntaxException;
import io.keepwarm.segment.Segments;

/**
 * A rule that is wrong at a place (it does not parse, or a part of it means nothing), as a page shows it: the
 * message, and the line at fault with a caret under the column.
 *
 * @param excerpt the line at fault and, below it, a caret at the column
 */
record RuleProblem(String message, int line, int column, String excerpt) {

    static RuleProblem of(RuleSyntaxException e, String text) {
        return of(e, text, e.getMessage());
    }

    /** As {@link #of(RuleSyntaxException, String)}, in the form's words (a trigger's condition, not a segment's rule). */
    static RuleProblem of(RuleSyntaxException e, String text, String message) {
        // Lines break where the parser breaks them, a lone carriage return included.
        String[] lines = (text == null ? "" : text).split("\r\n|\r|\n", -1);
        String at = e.line() >= 1 && e.line() <= lines.length ? lines[e.line() - 1] : "";
        return new RuleProblem(message, e.line(), e.column(), at + "\n" + caret(at, e.column()));
    }

    /**
     * The mistake of a rule a form holds, at its place with a caret under it, in the form's words (the message it shows
     * beside the field); null when it has no place in the text (the rule is fine once read again, or is refused as a
     * whole, or none was typed).
     */
    static RuleProblem of(Segments segments, String text, String message) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            segments.checked(text);
            return null;
        } catch (RuleSyntaxException e) {
            return of(e, text, message);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /**
     * Blanks up to the column, then a caret. The parser counts a tab as one column but a page shows it as several,
     * so under a tab the blank is a tab too, and the caret lands under the character at fault however wide tabs are.
     */
    private static String caret(String line, int column) {
        StringBuilder caret = new StringBuilder();
        line.codePoints().limit(Math.max(0, column - 1)).forEach(c -> caret.append(c == '\t' ? '\t' : ' '));
        return caret.append('^').toString();
    }
}
