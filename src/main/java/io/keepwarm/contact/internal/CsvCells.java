package io.keepwarm.contact.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** CSV as a spreadsheet opens it: UTF-8 it recognises, and cell values it shows as text, never runs as a formula. */
public final class CsvCells {

    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+[0-9 ()./-]*[0-9][0-9 ()./-]*");

    private CsvCells() {}

    /**
     * A writer of UTF-8 that begins with a byte order mark: without one Excel reads the file as the machine's code
     * page ("JÃ¼rgen" for "Jürgen"), and a row fixed there and imported again would keep the garbled name. The
     * importer drops the mark.
     */
    public static Writer spreadsheet(OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        return writer;
    }

    /**
     * Prefixes a quote to cells a spreadsheet would read as a formula (OWASP CSV injection). A phone number in the
     * international form ("+49 89 1234567": a plus, then only digits, spaces and ()-./) names no function and no
     * other cell, so it carries no formula and is left as it is: a quote before it would travel into whatever the
     * sheet is imported into.
     */
    public static String safe(String value) {
        if (value == null || value.isEmpty() || PHONE.matcher(value).matches()) {
            return value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
