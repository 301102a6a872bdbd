package io.keepwarm.segment.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads the addresses in a list-members file: a CSV with an 'email' column, or one address per line. */
public final class ListFiles {

    /** Addresses by line number, and the lines that hold none with the reason. */
    public record Emails(Map<Long, String> good, Map<Long, String> bad) {}

    private static final int MAX_LINES = 1_000_000;

    private ListFiles() {}

    public static Emails emails(Reader file) {
        Map<Long, String> good = new TreeMap<>();
        Map<Long, String> bad = new TreeMap<>();
        int column = 0;
        boolean first = true;
        long previousEnd = 0;
        // Empty lines are read as records and skipped here: ignored by the parser, they would shift the line numbers.
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get().parse(file)) {
            for (CSVRecord row : parser) {
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                if (first) {
                    first = false;
                    int header = headerColumn(row);
                    if (header >= 0) {
                        column = header;
                        continue;
                    }
                }
                if (good.size() + bad.size() >= MAX_LINES) {
                    bad.put(line, "the file holds more than " + MAX_LINES + " lines; the rest was not read");
                    break;
                }
                String value = column < row.size() ? row.get(column).strip().toLowerCase(Locale.ROOT) : "";
                if (value.isEmpty()) {
                    bad.put(line, "no email address on this line");
                } else if (!value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    bad.put(line, "'" + (value.length() > 100 ? value.substring(0, 100) : value) + "' is not an email address");
                } else {
                    good.put(line, value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException | IllegalStateException e) {
            // Commons CSV stops at a broken quote; what was read before it stands.
            bad.put(previousEnd + 1, "the file is not valid CSV from here on: " + e.getMessage());
        }
        return new Emails(good, bad);
    }

    private static int headerColumn(CSVRecord row) {
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i).strip().toLowerCase(Locale.ROOT);
            if (cell.equals("email") || cell.equals("e-mail") || cell.equals("email address")) {
                return i;
            }
        }
        return -1;
    }
}
