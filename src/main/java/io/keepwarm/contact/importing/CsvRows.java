package io.keepwarm.contact.importing;

import io.keepwarm.platform.Countries;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.Imports;
import io.keepwarm.contact.importing.ParsedRow.Bad;
import io.keepwarm.contact.importing.ParsedRow.Good;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
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
import org.apache.commons.io.function.IOSupplier;
import org.apache.commons.io.input.BOMInputStream;

/**
 * The contacts in a CSV file, as exported by spreadsheets and CRMs: UTF-8 with or without a BOM (or Windows-1252, as
 * Excel on Windows saves "CSV", see {@link FileText.Utf8OrWindows1252}), comma, semicolon (Excel in most of Europe) or
 * tab separated, read one record at a time so a file of millions of rows never sits in memory.
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

    /** Unreadable rows a file may have before the rest of it is left unread. */
    static final int MAX_UNREADABLE = 1_000;
    /** The same for the mapping page's count, which a person waits for: the import itself reports every one. */
    static final int MAX_UNREADABLE_SAMPLED = 20;

    private final Reading reading;
    private final ColumnMapping mapping;
    private final int width;
    /** The cells of the row handed on last, null for a row that could not be read. */
    /** The longest unreadable row given back as the file had it; a longer one is reported by its line alone. */
    private static final int MAX_ROW_KEPT = 10_000;
    private List<String> cells;

    private CsvRows(Reading reading, ColumnMapping mapping) {
        this.reading = reading;
        this.mapping = mapping;
        this.width = mapping.headers().size();
    }

    /**
     * Opens a file whose columns are mapped from their header names alone.
     *
     * @param file opens the file; it is opened once and read once from its start to its end, rows the parser cannot
     *     read included
     */
    public static CsvRows open(IOSupplier<InputStream> file) throws IOException {
        return open(file, Map.of());
    }

    /**
     * Reads the header line and resolves the mapping; the rows are read by {@link #next()}.
     *
     * @param explicitMapping header name to target, see {@link ColumnMapping#forHeader}; may be null
     * @throws IllegalArgumentException when the file has no header, or the mapping does not fit it
     */
    public static CsvRows open(IOSupplier<InputStream> file, Map<String, String> explicitMapping) throws IOException {
        return open(file, headers -> ColumnMapping.forHeader(headers, explicitMapping));
    }

    /**
     * Reads the header line and maps its columns as {@code mapping} resolves them; the rows are read by
     * {@link #next()}.
     *
     * @throws IllegalArgumentException when the file has no header, or the mapping does not fit it
     */
    public static CsvRows open(IOSupplier<InputStream> file, Function<List<String>, ColumnMapping> mapping)
            throws IOException {
        Reading reading = new Reading(file, MAX_UNREADABLE);
        try {
            return new CsvRows(reading, mapping.apply(reading.header));
        } catch (RuntimeException e) {
            reading.close();
            throw e;
        }
    }

    /**
     * The header and first rows of a file as they are, how many rows it has, and the first row that cannot be read (a
     * sentence naming its line, or null when every row could be read).
     *
     * @param unreadable the rows the parser cannot read, not in {@code rowCount}: the import counts them as rows read
     *     and reports each as rejected
     * @param windows1252 whether the file is not UTF-8 and was read as Windows-1252
     */
    public record Sample(List<String> headers, List<List<String>> rows, long rowCount, String problem, long unreadable,
            boolean windows1252) {}

    /**
     * Reads the header, keeps the first {@code keep} rows and counts the rest as the import will read them: what a
     * person maps the columns by. A row the parser cannot read is named (the first of them) and not counted; the
     * import reports each as a bad row.
     *
     * @throws IllegalArgumentException when the file has no header line that can be read
     */
    public static Sample sample(IOSupplier<InputStream> file, int keep) throws IOException {
        try (Reading reading = new Reading(file, MAX_UNREADABLE_SAMPLED)) {
            List<List<String>> rows = new ArrayList<>();
            long count = 0;
            long unreadable = 0;
            String problem = null;
            for (Object step = reading.step(); step != null; step = reading.step()) {
                if (step instanceof Bad bad) {
                    unreadable++;
                    problem = problem != null ? problem : "Line " + bad.line() + " " + bad.reason() + ".";
                    if (reading.gaveUp) {
                        problem += " More than " + MAX_UNREADABLE_SAMPLED + " rows cannot be read: the count stops at"
                                + " line " + bad.line() + ", and the import reports each of them.";
                    }
                } else {
                    count++;
                    if (rows.size() < keep) {
                        rows.add(((CSVRecord) step).toList());
                    }
                }
            }
            return new Sample(reading.header, rows, count, problem, unreadable, reading.readAsWindows1252());
        }
    }

    /**
     * Hands on the records of CSV text read as a contact file is (the delimiter found in the first line, a record no
     * longer than {@link #MAX_RECORD}, blank rows skipped), each with the line it starts on, until {@code each} answers
     * false. Text read once cannot be read again from a later line, so a record that cannot be read ends it: it comes
     * last, with its problem and no cells.
     */
    public static void records(Reader text, Predicate<Imports.CsvLine> each) throws IOException {
        try (Records records = Records.from(text)) {
            long lastLine = 0;
            while (true) {
                CSVRecord record;
                try {
                    record = records.next();
                } catch (UncheckedIOException e) {
                    Bad bad = unreadable(e.getCause(), lastLine, records);
                    each.test(new Imports.CsvLine(bad.line(), List.of(), bad.reason() + ", so nothing after it was read"));
                    return;
                }
                if (record == null) {
                    return;
                }
                long end = records.line();
                long line = startLine(record, end, lastLine);
                lastLine = end;
                if (!isBlank(record) && !each.test(new Imports.CsvLine(line, record.toList(), null))) {
                    return;
                }
            }
        }
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
    public List<String> header() {
        return mapping.headers();
    }

    @Override
    public List<String> cells() {
        return cells;
    }

    /** The delimiter the file's header line uses: comma, semicolon or tab. */
    public char delimiter() {
        return reading.records.separator();
    }

    /** Whether the file is not UTF-8 and is read as Windows-1252; known for sure only once it is read to its end. */
    public boolean readAsWindows1252() {
        return reading.readAsWindows1252();
    }

    @Override
    public ParsedRow next() throws IOException {
        Object step = reading.step();
        cells = null;
        if (step == null || step instanceof Bad) {
            // A row the parser could not read is given back as the file had it, cut only at its delimiters.
            cells = step == null ? null : reading.unreadableCells;
            return step == null || cells == null ? (Bad) step : withEmail((Bad) step, cells);
        }
        CSVRecord record = (CSVRecord) step;
        cells = record.toList();
        long line = reading.line;
        if (record.size() != width) {
            return new Bad(line, "has " + record.size() + " fields, the header has " + width,
                    mapping.emailOf(record::get, record.size()));
        }
        ContactInput input = mapping.toInput(record::get);
        if (ColumnMapping.hasUndecodedBytes(input)) {
            return new Bad(line, NOT_UTF8, input.email());
        }
        if (input.country() != null && !Countries.isCode(input.country())) {
            // opt-out countries and territories name countries by code: a country no one can match is refused
            return new Bad(line, ColumnMapping.unknownCountry(input.country()), input.email());
        }
        return new Good(line, input, mapping.stageOf(record::get));
    }

    /**
     * The unreadable row with what its email column holds as the row is cut at its delimiters, so the report names
     * whose row it was: only when it looks like an address (the quote that broke the row may have moved the cells).
     */
    private Bad withEmail(Bad bad, List<String> cut) {
        String cell = mapping.emailOf(cut::get, cut.size());
        String email = cell == null ? null : cell.replace("\"", "").strip();
        return email != null && email.indexOf('@') > 0 && email.indexOf(' ') < 0
                ? new Bad(bad.line(), bad.reason(), email) : bad;
    }

    @Override
    public void close() throws IOException {
        reading.close();
    }

    /**
     * The rows of a file after its header, one at a time. A row the parser cannot read is handed on as a bad row and the
     * file is read on from the line after it: the parser cannot tell where that row ends (a quote never closed runs on
     * to the end of the file), and a spreadsheet's next line is the next row.
     */
    private static final class Reading implements Closeable {

        private final int maxUnreadable;
        private final Reader text;
        final List<String> header;
        private Records records;
        private long lastLine;
        /** The line the record last handed on starts on. */
        long line;
        private int unreadable;
        private boolean finished;
        /** Past the most unreadable rows it reads on from: nothing after the last was read. */
        boolean gaveUp;
        /** The text of the row last found unreadable, as the file had it, cut at its delimiters; null for none. */
        List<String> unreadableCells;

        Reading(IOSupplier<InputStream> file, int maxUnreadable) throws IOException {
            this.maxUnreadable = maxUnreadable;
            this.text = text(file.get());
            this.records = Records.from(text);
            try {
                this.header = records.header();
            } catch (IOException | RuntimeException e) {
                records.close();
                throw e;
            }
            this.lastLine = records.line();
        }

        /** The next record that is not blank, a {@link Bad} for a row that cannot be read, or null at the end. */
        Object step() throws IOException {
            while (!finished) {
                CSVRecord record;
                try {
                    record = records.next();
                } catch (UncheckedIOException e) {
                    return unreadableRow(e.getCause());
                }
                if (record == null) {
                    finished = true;
                    return null;
                }
                long end = records.line();
                line = startLine(record, end, lastLine);
                lastLine = end;
                if (!isBlank(record)) {
                    return record; // rows of empty cells, as spreadsheets leave below the data, are passed over
                }
            }
            return null;
        }

        boolean readAsWindows1252() {
            return text instanceof FileText.Utf8OrWindows1252 legacy && legacy.readAsWindows1252();
        }

        private Bad unreadableRow(IOException cause) throws IOException {
            Bad bad = unreadable(cause, lastLine, records);
            unreadableCells = null;
            if (++unreadable > maxUnreadable) {
                finished = true;
                gaveUp = true;
                return new Bad(bad.line(), bad.reason() + "; more than " + maxUnreadable + " rows could not be read, so"
                        + " nothing after this one was read", null);
            }
            // The parser names the line where it failed, which can lie well past the row (a quote closed lines later).
            StringBuilder rowText = new StringBuilder();
            long row = records.skipPastUnreadableRow(rowText);
            unreadableCells = rowText.length() > MAX_ROW_KEPT ? null
                    : List.of(rowText.toString().split(Pattern.quote(String.valueOf(records.separator())), -1));
            records = records.after(row);
            lastLine = row;
            return new Bad(row, bad.reason() + ", so it is left out and the next line is read as the next row", null);
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }

    /** A parser over a file's text from its start or from a line on, counting lines from the file's start. */
    private static final class Records implements Closeable {

        private final ResumableText text;
        private final RecordLimit limit;
        private final CSVParser parser;
        private final Iterator<CSVRecord> iterator;
        private final long skipped;
        /** The lines before the text kept for resuming, which begins where the record returned last began. */
        private long keptLine;
        /** The line the record returned last ends on. */
        private long endLine;

        private Records(ResumableText text, char delimiter, long skipped) throws IOException {
            this.text = text;
            this.limit = new RecordLimit(text, delimiter);
            this.parser = CSVParser.builder().setReader(limit)
                    .setFormat(CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get()).get();
            this.iterator = parser.iterator();
            this.skipped = skipped;
            this.keptLine = skipped;
            this.endLine = skipped;
        }

        /** The text from its start, its delimiter found in its header line. */
        static Records from(Reader text) throws IOException {
            BufferedReader reader = new BufferedReader(text, SNIFF_LIMIT);
            char delimiter = delimiter(reader);
            return new Records(new ResumableText(reader), delimiter, 0);
        }

        /**
         * The same text read on from where it stands, which is the start of the line after {@code line}. This parser
         * is done with, and not closed: that would close the file the new one reads.
         */
        char separator() {
            return limit.delimiter;
        }

        Records after(long line) throws IOException {
            return new Records(text, limit.delimiter, line);
        }

        List<String> header() throws IOException {
            try {
                CSVRecord header = next();
                if (header == null) {
                    throw new IllegalArgumentException("The file is empty; it needs a header line naming its columns");
                }
                return header.toList();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CSVException) {
                    throw new IllegalArgumentException("The header line could not be read: it " + reason(e.getCause()), e);
                }
                throw e.getCause();
            }
        }

        /** The next record, or null at the end; a record that cannot be read throws {@link UncheckedIOException}. */
        CSVRecord next() {
            if (!iterator.hasNext()) {
                return null;
            }
            CSVRecord record = iterator.next();
            limit.recordEnded();
            text.keepFrom(record.getCharacterPosition());
            keptLine = endLine;
            endLine = line();
            return record;
        }

        /**
         * After a record the parser could not read: reads the text again from where the record returned last began,
         * past the row after it, and returns the line that row starts on; the text then stands at the next line.
         */
        long skipPastUnreadableRow(StringBuilder rowText) throws IOException {
            text.rewind();
            long row = skipPastRow(text, keptLine, endLine, rowText);
            text.resume();
            return row;
        }

        /** The line of the file the parser has read to. */
        long line() {
            return skipped + parser.getCurrentLineNumber();
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /**
     * Reads from the start of line {@code from + 1} past the row that starts after {@code lastLine} (the parser passes
     * over empty lines before a row) and returns the line it starts on, its text in {@code rowText}; the text then
     * stands at the start of the next line.
     */
    private static long skipPastRow(ResumableText text, long from, long lastLine, StringBuilder rowText)
            throws IOException {
        for (long line = from; line < lastLine; line++) {
            skipLine(text, null);
        }
        long row = lastLine + 1;
        while (atLineBreak(text)) {
            row++;
        }
        skipLine(text, rowText);
        return row;
    }

    /**
     * Reads past the next line break, counted as the parser counts them: CR, LF and CRLF are one each; what came
     * before it goes to {@code into} (null: nowhere).
     */
    private static void skipLine(ResumableText text, StringBuilder into) throws IOException {
        for (int c = text.read(); c >= 0; c = text.read()) {
            if (c != '\n' && c != '\r' && into != null && into.length() <= MAX_ROW_KEPT) {
                into.append((char) c);
            }
            if (c == '\n') {
                return;
            }
            if (c == '\r') {
                if (text.peek() == '\n') {
                    text.read();
                }
                return;
            }
        }
    }

    /** Reads a line break if one comes next; otherwise leaves the text as it stood. */
    private static boolean atLineBreak(ResumableText text) throws IOException {
        int c = text.peek();
        if (c == '\n' || c == '\r') {
            skipLine(text, null);
            return true;
        }
        return false;
    }

    /** The record after {@code lastLine} that the parser could not read, and why; a failure of the file is thrown. */
    private static Bad unreadable(IOException cause, long lastLine, Records records) throws IOException {
        if (cause instanceof RecordTooLong) {
            // the parser has counted the line breaks it read since the last record ended
            boolean quoted = records.line() > lastLine;
            return new Bad(lastLine + 1, quoted
                    ? "opens a quote that is never closed (the row runs on for over a million characters)"
                    : "is longer than a million characters", null);
        }
        if (!(cause instanceof CSVException)) {
            throw cause;
        }
        Matcher matcher = LINE_IN_MESSAGE.matcher(String.valueOf(cause.getMessage()));
        long line = matcher.find() ? records.skipped + Long.parseLong(matcher.group(1).replaceAll("\\D", "")) : lastLine + 1;
        return new Bad(line, reason(cause), null);
    }

    /** What is wrong with a record the parser could not read, as a person fixing the file needs it. */
    private static String reason(IOException cause) {
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof RecordTooLong) {
            return "is longer than a million characters; a quote in it is probably never closed";
        }
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "has a quote that is never closed";
        }
        if (message.contains("Invalid character between encapsulated token and delimiter")) {
            return "has text after the closing quote of a value (a value in quotes ends at its quote; a quote inside"
                    + " it is written twice: \"\")";
        }
        return "could not be read (" + message + ")";
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

    /**
     * The file's text as the parser reads it, keeping what it handed on since the start of the record the parser
     * returned last, so that after a row the parser cannot read, reading resumes from there ({@link #rewind}) rather
     * than from the file's start. What it keeps, that record and what the parser has read since, is bounded by
     * {@link RecordLimit} twice over.
     */
    private static final class ResumableText extends Reader {

        private final Reader source;
        /** {@code kept[start, end)} is what was read from the source and is kept; {@code kept[next]} is handed on next. */
        private char[] kept = new char[1 << 14];
        private int start;
        private int next;
        private int end;
        /** Where {@code kept[start]} stands among the characters handed on since the current parser started. */
        private long startPosition;
        /** False while a row is skipped: what is handed on then is not read again, so it is not kept. */
        private boolean keeping = true;

        ResumableText(Reader source) {
            this.source = source;
        }

        /** Forgets what was handed on before {@code position}, where the record the parser returned last began. */
        void keepFrom(long position) {
            start += (int) (position - startPosition);
            startPosition = position;
        }

        /** Hands on again what is kept, from its start, forgetting it as it goes. */
        void rewind() {
            next = start;
            keeping = false;
        }

        /** Keeps again, from where the text stands, which is the start of a new parser's text. */
        void resume() {
            start = next;
            startPosition = 0;
            keeping = true;
        }

        /** The character {@link #read()} would hand on next, left in place; -1 at the end. */
        int peek() throws IOException {
            return next < end || fill() ? kept[next] : -1;
        }

        @Override
        public int read() throws IOException {
            return next < end || fill() ? kept[next++] : -1;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (next == end && !fill()) {
                return -1;
            }
            int n = Math.min(length, end - next);
            System.arraycopy(kept, next, buffer, offset, n);
            next += n;
            return n;
        }

        /** Reads more of the source after what is kept; false at its end. */
        private boolean fill() throws IOException {
            if (!keeping) {
                start = next;
            }
            if (end == kept.length) {
                int live = end - start;
                // moved only when full, and grown when over half full, so each character is moved a bounded number of
                // times on average
                char[] into = live > kept.length / 2 ? new char[kept.length * 2] : kept;
                System.arraycopy(kept, start, into, 0, live);
                kept = into;
                next -= start;
                end = live;
                start = 0;
            }
            int n = source.read(kept, end, kept.length - end);
            if (n <= 0) {
                return false;
            }
            end += n;
            return true;
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    /** A record past {@link #MAX_RECORD}: a CSV error like the parser's own, so it is reported the same way. */
    private static final class RecordTooLong extends CSVException {
        RecordTooLong() {
            super("a record is longer than a million characters");
        }
    }

    /**
     * What a BOM says (UTF-8 or UTF-16), the BOM itself dropped so it does not stick to the first header; without one,
     * UTF-8 or, when the file is not, Windows-1252.
     */
    private static Reader text(InputStream in) throws IOException {
        BOMInputStream bom = BOMInputStream.builder()
                .setInputStream(in)
                .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE)
                .get();
        return bom.hasBOM() ? new InputStreamReader(bom, Charset.forName(bom.getBOMCharsetName()))
                : new FileText.Utf8OrWindows1252(bom);
    }
}
