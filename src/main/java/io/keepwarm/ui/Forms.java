package io.keepwarm.ui;

/** What the pages' forms make of what was typed, the same on every page. */
final class Forms {

    private Forms() {}

    /** A field left blank means "none"; what was typed counts without the spaces around it. */
    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A value as a form field shows it again: blank for none. */
    static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
