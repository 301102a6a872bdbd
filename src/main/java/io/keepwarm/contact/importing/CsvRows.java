package io.keepwarm.contact.importing;

import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.importing.ParsedRow.Bad;
import io.keepwarm.contact.importing.ParsedRow.Good;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

/**
 * The contacts in a CSV file, as exported by spreadsheets and CRMs: UTF-8 with or without a BOM, comma, semicolon
 * (Excel in most of Europe) or tab separated, read one record at a time so a file of millions of rows never sits in
 * memory.
 */
public final class CsvRows implements RowSource {

    /** How far into the file we look for the header line's delimiter. */
    private static final int SNIFF_LIMIT = 1 << 16;

    private static final String NOT_UTF8 =
            "is not UTF-8 text; save the file as \"CSV UTF-8\" (or UTF-8 text) and import it again";

    /** Commons CSV names the line in its messages; we reuse it to point at the broken record. */
    private static final Pattern LINE_IN_MESSAGE = Pattern.compile("(?:startline |line: )(\\d+)");

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final ColumnMapping mapping;
    private final int width;
    private long lastLine;
    private boolean finished;

    private CsvRows(CSVParser parser, Iterator<CSVRecord> records, ColumnMapping mapping, long headerLine) {
        this.parser = parser;
        this.records = records;
        this.mapping = mapping;
        this.width = mapping.headers().size();
        this.lastLine = headerLine;
    }

    /** Opens a file whose columns are mapped from their header names alone. */
    public static CsvRows open(InputStream in) throws IOException {
        return open(in, Map.of());
    }

    /**
     * Reads the header line and resolves the mapping; the rows are read by {@link #next()}.
     *
     * @param explicitMapping header name to target, see {@link ColumnMapping#forHeader}; may be null
     * @throws IllegalArgumentException when the file has no header, or the mapping does not fit it
     */
    public static CsvRows open(InputStream in, Map<String, String> explicitMapping) throws IOException {
        CSVParser parser = parser(in);
        try {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new IllegalArgumentException("The file is empty; it needs a header line naming its columns");
            }
            List<String> headers = records.next().toList();
            return new CsvRows(parser, records, ColumnMapping.forHeader(headers, explicitMapping),
                    parser.getCurrentLineNumber());
        } catch (UncheckedIOException e) {
            parser.close();
            if (e.getCause() instanceof CSVException) {
                throw new IllegalArgumentException("The header line could not be read: " + reason(e.getCause()), e);
            }
            throw e.getCause();
        } catch (RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    /** The header and first rows of a file as they are, and how many rows it has. */
    public record Sample(List<String> headers, List<List<String>> rows, long rowCount) {}

    /**
     * Reads the header, keeps the first {@code keep} rows and counts the rest: what a person maps the columns by.
     * Counting stops at a record the parser cannot read; the import reports that one with its line.
     *
     * @throws IllegalArgumentException when the file has no header line that can be read
     */
    public static Sample sample(InputStream in, int keep) throws IOException {
        try (CSVParser parser = parser(in)) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> headers;
            try {
                if (!records.hasNext()) {
                    throw new IllegalArgumentException("The file is empty; it needs a header line naming its columns");
                }
                headers = records.next().toList();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CSVException) {
                    throw new IllegalArgumentException("The header line could not be read: " + reason(e.getCause()), e);
                }
                throw e.getCause();
            }
            List<List<String>> rows = new ArrayList<>();
            long count = 0;
            try {
                while (records.hasNext()) {
                    CSVRecord record = records.next();
                    if (!isBlank(record)) {
                        count++;
                        if (rows.size() < keep) {
                            rows.add(record.toList());
                        }
                    }
                }
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CSVException)) {
                    throw e.getCause();
                }
            }
            return new Sample(headers, rows, count);
        }
    }

    private static CSVParser parser(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(utf8(in), SNIFF_LIMIT);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(reader)).get();
        return CSVParser.builder().setReader(reader).setFormat(format).get();
    }

    /** How the columns were understood, for the job to show the user. */
    public ColumnMapping mapping() {
        return mapping;
    }

    /** Headers of the columns that feed nothing, so the job can tell the user. */
    public List<String> ignoredColumns() {
        return mapping.ignoredColumns();
    }

    @Override
    public ParsedRow next() throws IOException {
        while (!finished) {
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    finished = true;
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                // the parser cannot tell where the next record starts, so we stop rather than guess
                finished = true;
                return unreadable(e.getCause());
            }
            long end = parser.getCurrentLineNumber();
            long line = end - lastLine == 1 ? end : end - lineBreaks(record);
            lastLine = end;
            if (isBlank(record)) {
                continue; // rows of empty cells, as spreadsheets leave below the data
            }
            if (record.size() != width) {
                return new Bad(line, "has " + record.size() + " fields, the header has " + width,
                        mapping.emailOf(record::get, record.size()));
            }
            ContactInput input = mapping.toInput(record::get);
            if (ColumnMapping.hasUndecodedBytes(input)) {
                return new Bad(line, NOT_UTF8, input.email());
            }
            return new Good(line, input);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private ParsedRow unreadable(IOException cause) throws IOException {
        if (!(cause instanceof CSVException)) {
            throw cause;
        }
        Matcher matcher = LINE_IN_MESSAGE.matcher(String.valueOf(cause.getMessage()));
        long line = matcher.find() ? Long.parseLong(matcher.group(1)) : lastLine + 1;
        return new Bad(line, reason(cause), null);
    }

    private static String reason(IOException cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "has a quote that is never closed, so nothing after it could be read";
        }
        return "could not be read (" + message + "), so nothing after it was read";
    }

    /** Line breaks inside quoted values: the parser reports where a record ends, we report where it starts. */
    private static long lineBreaks(CSVRecord record) {
        long breaks = 0;
        for (int i = 0; i < record.size(); i++) {
            String value = record.get(i);
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                // counted like the parser does: CR, LF and CRLF are one line break each
                if (ch == '\r' || (ch == '\n' && (c == 0 || value.charAt(c - 1) != '\r'))) {
                    breaks++;
                }
            }
        }
        return breaks;
    }

    private static boolean isBlank(CSVRecord record) {
        for (int i = 0; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** The delimiter used most in the header line outside quotes; comma when there is none. */
    private static char delimiter(BufferedReader reader) throws IOException {
        reader.mark(SNIFF_LIMIT);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        boolean started = false;
        for (int i = 0; i < SNIFF_LIMIT; i++) {
            int c = reader.read();
            if (c < 0) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (started) {
                    break;
                }
                continue; // blank lines before the header
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            } else if (!quoted && c == '\t') {
                tabs++;
            }
            started = true;
        }
        reader.reset();
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        return tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    /** UTF-8, or UTF-16 when a BOM says so; the BOM itself is dropped so it does not stick to the first header. */
    private static Reader utf8(InputStream in) throws IOException {
        BOMInputStream bom = BOMInputStream.builder()
                .setInputStream(in)
                .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE)
                .get();
        Charset charset = bom.hasBOM() ? Charset.forName(bom.getBOMCharsetName()) : StandardCharsets.UTF_8;
        return new InputStreamReader(bom, charset);
    }
}
