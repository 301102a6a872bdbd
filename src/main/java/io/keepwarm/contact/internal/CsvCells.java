package io.keepwarm.contact.internal;

/** Cell values that a spreadsheet will show as text, never run as a formula. */
public final class CsvCells {

    private CsvCells() {}

    /** Prefixes a quote to cells a spreadsheet would read as a formula (OWASP CSV injection). */
    public static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
