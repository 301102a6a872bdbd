package io.keepwarm.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.importing.ParsedRow.Bad;
import io.keepwarm.contact.importing.ParsedRow.Good;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Whatever a correct CSV writer produces, we read back the same values on the lines they were written to; with
 * unreadable rows and blank lines between them, each unreadable row is a bad row at its line and costs no other.
 */
class CsvRowsPropertyTest {

    private static final List<String> HEADER = List.of("email", "first name", "last name", "job title", "city");
    private static final String UNREADABLE = "has text after the closing quote of a value (a value in quotes ends at its"
            + " quote; a quote inside it is written twice: \"\"), so it is left out and the next line is read as the next"
            + " row";

    /** A row as a CSV writer puts it, or a line written as it is: blank, or a row the parser cannot read. */
    record Line(List<String> row, String text) {}

    @Property(tries = 300)
    void readsBackWhatCommonsCsvWrote(
            @ForAll("lines") List<Line> lines,
            @ForAll boolean semicolons,
            @ForAll boolean crlf,
            @ForAll boolean bom,
            @ForAll boolean lastLineBroken) throws IOException {
        byte[] file = write(lines, semicolons ? ';' : ',', crlf ? "\r\n" : "\n", bom, lastLineBroken);

        List<ParsedRow> read = new ArrayList<>();
        try (CsvRows source = CsvRows.open(() -> new ByteArrayInputStream(file))) {
            for (ParsedRow row = source.next(); row != null; row = source.next()) {
                read.add(row);
            }
        }

        List<ParsedRow> expected = new ArrayList<>();
        long line = 2;
        for (Line written : lines) {
            if (written.row() == null) {
                if (!written.text().isEmpty()) {
                    expected.add(new Bad(line, UNREADABLE, null));
                }
                line++;
                continue;
            }
            List<String> row = written.row();
            List<String> values = row.stream().map(CsvRowsPropertyTest::cleaned).toList();
            if (values.stream().anyMatch(v -> v != null)) { // rows of blank cells are skipped
                expected.add(new Good(line, new ContactInput(values.get(0), values.get(1), values.get(2), null,
                        values.get(3), null, null, null, values.get(4), null, null, null, null, null, null, Map.of(),
                        List.of(), List.of())));
            }
            line += 1 + row.stream().mapToLong(CsvRowsPropertyTest::lineBreaks).sum();
        }
        assertThat(read).isEqualTo(expected);
    }

    /**
     * A file Excel on Windows saves (Windows-1252) reads as the same rows as the same file in UTF-8, wherever its
     * first accent falls (the reader switches at the first byte that is not UTF-8, across its buffer's boundaries).
     */
    @Property(tries = 200)
    void readsAWindows1252FileAsTheSameRowsAsItsUtf8Twin(@ForAll("westernRows") List<List<String>> rows,
            @ForAll boolean semicolons) throws IOException {
        byte[] utf8 = westernFile(rows, semicolons, StandardCharsets.UTF_8);
        byte[] windows1252 = westernFile(rows, semicolons, FileText.WINDOWS_1252);

        assertThat(readAll(windows1252)).isEqualTo(readAll(utf8));
        boolean accents = rows.stream().flatMap(List::stream).anyMatch(cell -> cell.chars().anyMatch(c -> c > 127));
        assertThat(CsvRows.sample(() -> new ByteArrayInputStream(windows1252), 1).windows1252()).isEqualTo(accents);
    }

    /** Rows of Western names: ASCII and the accented letters (bytes C0 to FF in Windows-1252), never valid UTF-8. */
    @Provide
    Arbitrary<List<List<String>>> westernRows() {
        Arbitrary<String> cell = Arbitraries.strings().withChars("abcXYZ09 ,;\"\n@.").withCharRange('\u00c0', '\u00ff')
                .ofMaxLength(40);
        return cell.list().ofSize(HEADER.size()).list().ofMaxSize(400);
    }

    private static byte[] westernFile(List<List<String>> rows, boolean semicolons, java.nio.charset.Charset charset)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, charset);
                CSVPrinter printer = new CSVPrinter(writer,
                        CSVFormat.DEFAULT.builder().setDelimiter(semicolons ? ';' : ',').get())) {
            printer.printRecord(HEADER);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        }
        return bytes.toByteArray();
    }

    private static List<ParsedRow> readAll(byte[] file) throws IOException {
        List<ParsedRow> read = new ArrayList<>();
        try (CsvRows source = CsvRows.open(() -> new ByteArrayInputStream(file))) {
            for (ParsedRow row = source.next(); row != null; row = source.next()) {
                read.add(row);
            }
        }
        return read;
    }

    @Provide
    Arbitrary<List<Line>> lines() {
        Arbitrary<Line> unreadable = Arbitraries.of("\"stray\" quote", "\"a\"b", "\"x\"\"y\" z")
                .map(text -> new Line(null, text));
        return Arbitraries.frequencyOf(
                Tuple.of(8, row().map(row -> new Line(row, null))),
                Tuple.of(1, Arbitraries.just(new Line(null, ""))),
                Tuple.of(1, unreadable)).list().ofMaxSize(25);
    }

    private Arbitrary<List<String>> row() {
        Arbitrary<String> awkward = Arbitraries.strings()
                .withChars(",;\"'\r\n \t|")
                .withChars("aZ09éßØ漢字\u00a0")
                .ofMaxLength(12);
        Arbitrary<String> cell = Arbitraries.oneOf(
                awkward,
                awkward.map(s -> s + "😀" + s),
                Arbitraries.of("", " ", "\r\n", "\"", "\"\"", "a,b", "a;b", "x\ry"));
        return cell.list().ofSize(HEADER.size());
    }

    private static byte[] write(List<Line> lines, char delimiter, String separator, boolean bom,
            boolean lastLineBroken) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (bom) {
            bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setRecordSeparator(separator).get();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(writer, format)) {
            printer.printRecord(HEADER);
            for (Line line : lines) {
                if (line.row() != null) {
                    printer.printRecord(line.row());
                } else {
                    writer.write(line.text() + separator);
                }
            }
        }
        byte[] file = bytes.toByteArray();
        return lastLineBroken ? file : Arrays.copyOf(file, file.length - separator.length());
    }

    /** What a cell reads as: trimmed, blank as null, and without the quote the export puts before a formula. */
    private static String cleaned(String value) {
        String stripped = value.strip();
        if (stripped.length() > 1 && stripped.charAt(0) == '\'' && "=+-@\t\r".indexOf(stripped.charAt(1)) >= 0) {
            stripped = stripped.substring(1).strip();
        }
        return stripped.isEmpty() ? null : stripped;
    }

    private static long lineBreaks(String value) {
        long breaks = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || (c == '\n' && (i == 0 || value.charAt(i - 1) != '\r'))) {
                breaks++;
            }
        }
        return breaks;
    }
}
