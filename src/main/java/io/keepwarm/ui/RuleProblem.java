package io.keepwarm.ui;

import io.keepwarm.segment.RuleSyntaxException;

/**
 * A rule that does not parse, as a page shows it: the message, and the line at fault with a caret under the column.
 *
 * @param excerpt the line at fault and, below it, a caret at the column
 */
record RuleProblem(String message, int line, int column, String excerpt) {

    static RuleProblem of(RuleSyntaxException e, String text) {
        String[] lines = (text == null ? "" : text).split("\r?\n", -1);
        String at = e.line() >= 1 && e.line() <= lines.length ? lines[e.line() - 1] : "";
        int column = Math.max(1, Math.min(e.column(), at.length() + 1));
        String excerpt = at + "\n" + " ".repeat(column - 1) + "^";
        return new RuleProblem(e.getMessage(), e.line(), e.column(), excerpt);
    }
}
