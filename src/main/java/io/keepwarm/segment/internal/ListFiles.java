package io.keepwarm.segment.internal;

import io.keepwarm.contact.Imports;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the addresses in a list-members file: a CSV with an email column (found by its header as a contact import
 * finds it, comma, semicolon or tab separated), or one address per line.
 */
public final class ListFiles {

    /** Addresses by line number, and the lines that hold none with the reason. */
    public record Emails(Map<Long, String> good, Map<Long, String> bad) {}

    private static final int MAX_LINES = 1_000_000;

    private ListFiles() {}

    public static Emails emails(Reader file) {
        Map<Long, String> good = new TreeMap<>();
        Map<Long, String> bad = new TreeMap<>();
        // the email column once the first line is read: a header line names it, a first address means column 0
        int[] column = {-1};
        try {
            Imports.readCsv(file, record -> {
                long line = record.line();
                if (record.problem() != null) {
                    // what was read before it stands
                    bad.put(line, "the file is not valid CSV from here on: this line " + record.problem());
                    return false;
                }
                if (column[0] < 0) {
                    int header = Imports.emailColumn(record.cells());
                    column[0] = Math.max(header, 0);
                    if (header >= 0) {
                        return true;
                    }
                }
                if (good.size() + bad.size() >= MAX_LINES) {
                    bad.put(line, "the file holds more than " + MAX_LINES + " lines; the rest was not read");
                    return false;
                }
                String value = column[0] < record.cells().size()
                        ? record.cells().get(column[0]).strip().toLowerCase(Locale.ROOT) : "";
                if (value.isEmpty()) {
                    bad.put(line, "no email address on this line");
                } else if (!value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    bad.put(line, "'" + (value.length() > 100 ? value.substring(0, 100) : value) + "' is not an email address");
                } else {
                    good.put(line, value);
                }
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Emails(good, bad);
    }
}
