package io.keepwarm.contact.importing;

import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.Imports;
import io.keepwarm.contact.importing.ParsedRow.Bad;
import io.keepwarm.contact.importing.ParsedRow.Good;
import java.io.BufferedReader;
import java.io.FilterReader;
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
import java.util.function.Function;
import java.util.function.Predicate;
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

    /**
     * Commons CSV names the line in its messages, with the grouping separators of the default locale ("1,235",
     * "1.235", "1 235"); we reuse it to point at the broken record.
     */
    private static final Pattern LINE_IN_MESSAGE = Pattern.compile("(?:startline |line: |\\(line )(\\d[\\d.,'\\s\u00a0\u202f]*)");

    /**
     * The most characters one record may hold. Commons CSV gathers a quoted value until its closing quote, so one quote
     * never closed would otherwise gather the rest of the file, however large, in memory.
     */
    static final int MAX_RECORD = 1 << 20;

    private final CSVParser parser;
    private final RecordLimit limit;
    private final Iterator<CSVRecord> records;
    private final ColumnMapping mapping;
    private final int width;
    private long lastLine;
    private boolean finished;

    private CsvRows(CSVParser parser, RecordLimit limit, Iterator<CSVRecord> records, ColumnMapping mapping,
            long headerLine) {
        this.parser = parser;
        this.limit = limit;
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
        return open(in, headers -> ColumnMapping.forHeader(headers, explicitMapping));
    }

    /**
     * Reads the header line and maps its columns as {@code mapping} resolves them; the rows are read by
     * {@link #next()}.
     *
     * @throws IllegalArgumentException when the file has no header, or the mapping does not fit it
     */
    public static CsvRows open(InputStream in, Function<List<String>, ColumnMapping> mapping) throws IOException {
        RecordLimit limit = reader(in);
        CSVParser parser = parser(limit);
        try {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> headers = header(records, limit);
            return new CsvRows(parser, limit, records, mapping.apply(headers), parser.getCurrentLineNumber());
        } catch (IOException | RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    /**
     * The header and first rows of a file as they are, how many rows it has, and what stopped the count short (a
     * sentence naming the line, or null when the whole file was read).
     */
    public record Sample(List<String> headers, List<List<String>> rows, long rowCount, String problem) {}

    /**
     * Reads the header, keeps the first {@code keep} rows and counts the rest: what a person maps the columns by.
     * Counting stops at a record the parser cannot read, which the sample names; the import reports it as a bad row.
     *
     * @throws IllegalArgumentException when the file has no header line that can be read
     */
    public static Sample sample(InputStream in, int keep) throws IOException {
        RecordLimit limit = reader(in);
        try (CSVParser parser = parser(limit)) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> headers = header(records, limit);
            List<List<String>> rows = new ArrayList<>();
            long count = 0;
            long lastLine = parser.getCurrentLineNumber();
            try {
                while (records.hasNext()) {
                    CSVRecord record = records.next();
                    limit.recordEnded();
                    lastLine = parser.getCurrentLineNumber();
                    if (!isBlank(record)) {
                        count++;
                        if (rows.size() < keep) {
                            rows.add(record.toList());
                        }
                    }
                }
            } catch (UncheckedIOException e) {
                Bad bad = unreadable(e.getCause(), lastLine, parser);
                return new Sample(headers, rows, count, "Line " + bad.line() + " " + bad.reason() + ".");
            }
            return new Sample(headers, rows, count, null);
        }
    }

    private static List<String> header(Iterator<CSVRecord> records, RecordLimit limit) throws IOException {
        try {
            if (!records.hasNext()) {
                throw new IllegalArgumentException("The file is empty; it needs a header line naming its columns");
            }
            List<String> headers = records.next().toList();
            limit.recordEnded();
            return headers;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException) {
                throw new IllegalArgumentException("The header line could not be read: " + reason(e.getCause()), e);
            }
            throw e.getCause();
        }
    }

    /**
     * Hands on the records of CSV text read as a contact file is (the delimiter found in the first line, a record no
     * longer than {@link #MAX_RECORD}, blank rows skipped), each with the line it starts on, until {@code each} answers
     * false. A record that cannot be read ends the text: it comes last, with its problem and no cells.
     */
    public static void records(Reader text, Predicate<Imports.CsvLine> each) throws IOException {
        RecordLimit limit = reader(text);
        try (CSVParser parser = parser(limit)) {
            Iterator<CSVRecord> records = parser.iterator();
            long lastLine = 0;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return;
                    }
                    record = records.next();
                    limit.recordEnded();
                } catch (UncheckedIOException e) {
                    Bad bad = unreadable(e.getCause(), lastLine, parser);
                    each.test(new Imports.CsvLine(bad.line(), List.of(), bad.reason()));
                    return;
                }
                long end = parser.getCurrentLineNumber();
                long line = startLine(record, end, lastLine);
                lastLine = end;
                if (!isBlank(record) && !each.test(new Imports.CsvLine(line, record.toList(), null))) {
                    return;
                }
            }
        }
    }

    /** The file as text, its delimiter found in the header line, with a limit on the size of one record. */
    private static RecordLimit reader(InputStream in) throws IOException {
        return reader(utf8(in));
    }

    private static RecordLimit reader(Reader text) throws IOException {
        BufferedReader reader = new BufferedReader(text, SNIFF_LIMIT);
        return new RecordLimit(reader, delimiter(reader));
    }

    private static CSVParser parser(RecordLimit reader) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(reader.delimiter).get();
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
                limit.recordEnded();
            } catch (UncheckedIOException e) {
                // the parser cannot tell where the next record starts, so we stop rather than guess
                finished = true;
                return unreadable(e.getCause(), lastLine, parser);
            }
            long end = parser.getCurrentLineNumber();
            long line = startLine(record, end, lastLine);
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

    /** The record after {@code lastLine} that the parser could not read, and why; a failure of the file is thrown. */
    private static Bad unreadable(IOException cause, long lastLine, CSVParser parser) throws IOException {
        if (cause instanceof RecordTooLong) {
            // the parser has counted the line breaks it read since the last record ended
            boolean quoted = parser.getCurrentLineNumber() > lastLine;
            return new Bad(lastLine + 1, quoted
                    ? "opens a quote that is never closed (the row runs on for over a million characters), so nothing"
                            + " after it was read"
                    : "is longer than a million characters, so nothing after it was read", null);
        }
        if (!(cause instanceof CSVException)) {
            throw cause;
        }
        Matcher matcher = LINE_IN_MESSAGE.matcher(String.valueOf(cause.getMessage()));
        long line = matcher.find() ? Long.parseLong(matcher.group(1).replaceAll("\\D", "")) : lastLine + 1;
        return new Bad(line, reason(cause), null);
    }

    private static String reason(IOException cause) {
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof RecordTooLong) {
            return "it is longer than a million characters; a quote in it is probably never closed";
        }
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "has a quote that is never closed, so nothing after it could be read";
        }
        return "could not be read (" + message + "), so nothing after it was read";
    }

    /** The line a record starts on, from the parser's line count at its end and at the end of the one before. */
    private static long startLine(CSVRecord record, long end, long lastLine) {
        return end - lastLine == 1 ? end : end - lineBreaks(record);
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

    /**
     * The file's text for the parser, stopping a record that never ends: counts the characters read since the last
     * record ended ({@link #recordEnded}) and fails past {@link #MAX_RECORD}. The parser reads ahead a buffer at a
     * time, so the count is close, not exact.
     */
    private static final class RecordLimit extends FilterReader {

        final char delimiter;
        private long sinceRecord;

        RecordLimit(Reader in, char delimiter) {
            super(in);
            this.delimiter = delimiter;
        }

        void recordEnded() {
            sinceRecord = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int read) throws RecordTooLong {
            sinceRecord += read;
            if (sinceRecord > MAX_RECORD) {
                throw new RecordTooLong();
            }
        }
    }

    /** A record past {@link #MAX_RECORD}: a CSV error like the parser's own, so it is reported the same way. */
    private static final class RecordTooLong extends CSVException {
        RecordTooLong() {
            super("a record is longer than a million characters");
        }
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
