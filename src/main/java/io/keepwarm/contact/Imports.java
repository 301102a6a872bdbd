package io.keepwarm.contact;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.importing.ColumnMapping;
import io.keepwarm.contact.importing.CsvRows;
import io.keepwarm.contact.importing.FileText;
import io.keepwarm.contact.importing.RowSource;
import io.keepwarm.contact.importing.VCardRows;
import io.keepwarm.contact.internal.ContactProperties;
import io.keepwarm.contact.internal.CsvCells;
import io.keepwarm.contact.internal.ImportRunner;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Imports contacts from CSV and vCard files as jobs: the file is checked up front (columns, mapping), then
 * read row by row in the background; bad rows are reported with their line and never stop the good ones.
 */
@Service
public class Imports {

    private static final Logger log = LoggerFactory.getLogger(Imports.class);

    /** How long a RUNNING job may go without writing a batch before it counts as lost with its server. */
    static final Duration LOST_AFTER = Duration.ofMinutes(5);

    private static final String ATTRIBUTE = "attribute:";

    /** The file formats an import takes. */
    public enum Format {
        CSV,
        VCARD;

        /** The format a file's name suggests: vCard for .vcf and .vcard, CSV otherwise. */
        public static Format of(String fileName) {
            String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
            return name.endsWith(".vcf") || name.endsWith(".vcard") ? VCARD : CSV;
        }
    }

    private final JdbcClient jdbc;
    private final ImportRunner runner;
    private final AuditLog audit;
    private final Clock clock;
    private final Path directory;
    private final Executor executor;
    private final Attributes attributes;

    Imports(JdbcClient jdbc, ImportRunner runner, AuditLog audit, Clock clock, ContactProperties properties,
            @Qualifier("applicationTaskExecutor") Executor executor, Attributes attributes) {
        this.attributes = attributes;
        this.jdbc = jdbc;
        this.runner = runner;
        this.audit = audit;
        this.clock = clock;
        this.directory = properties.importDirectory();
        this.executor = executor;
    }

    /** Stores the upload, checks its header, and starts the job; returns at once with the job. */
    public ImportJob start(InputStream upload, String fileName, Format format, Map<String, String> mapping,
            ContactSource source) throws IOException {
        return start(upload, fileName, format, mapping, source, null);
    }

    /**
     * As {@link #start(InputStream, String, Format, Map, ContactSource)}, with where the file's consent was given said
     * once: for every row whose own column does not say it (null: none).
     */
    public ImportJob start(InputStream upload, String fileName, Format format, Map<String, String> mapping,
            ContactSource source, String consentSource) throws IOException {
        Format chosen = format != null ? format : Format.of(fileName);
        Files.createDirectories(directory);
        Path file = jobFile(UUID.randomUUID(), chosen);
        Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
        stamp(file);
        try {
            requireText(file);
            return launch(file, fileName, chosen, byName(mapping, attributeNames(), consentSource), source);
        } catch (RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** A CSV file kept until its columns are mapped: the id names it, the file name is the one it was sent with. */
    public record Upload(String id, String fileName) {}

    /**
     * An upload's header with the field proposed for each column ({@link #targets()}, or null; a field for one column
     * only, its best), its first rows as they are, how many rows it has, and the line the rows could not be read past
     * (a sentence, or null).
     *
     * @param unreadable rows that cannot be read, not in {@code rowCount}: the import counts them as read, and rejected
     * @param windows1252 whether the file is not UTF-8 and is read as Windows-1252 (what Excel on Windows saves)
     */
    public record Preview(List<String> headers, List<String> guesses, List<List<String>> rows, long rowCount,
            String problem, long unreadable, boolean windows1252) {

        /** What the job will count as rows read. */
        public long rowsToRead() {
            return rowCount + unreadable;
        }
    }

    /**
     * Keeps a CSV file for a person to map its columns ({@link #preview}) before the import starts
     * ({@link #startUpload}). Uploads never started are removed after a day.
     */
    public Upload upload(InputStream upload, String fileName) throws IOException {
        Files.createDirectories(directory);
        removeStaleUploads();
        String id = UUID.randomUUID().toString();
        Path file = uploadFile(id);
        Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
        stamp(file);
        requireText(file);
        return new Upload(id, fileName);
    }

    public Preview preview(String uploadId, int rows) throws IOException {
        Path file = uploadFile(uploadId);
        try {
            CsvRows.Sample sample = CsvRows.sample(() -> new BufferedInputStream(Files.newInputStream(file), 1 << 16), rows);
            return new Preview(sample.headers(), ColumnMapping.proposals(sample.headers(), attributeNames()), sample.rows(),
                    sample.rowCount(), sample.problem(), sample.unreadable(), sample.windows1252());
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("file", e.getMessage());
        } catch (NoSuchFileException e) {
            throw NotFoundException.of("Upload", uploadId);
        }
    }

    /**
     * Starts the import of an upload with its columns mapped as given: a target per column, in column order (see
     * {@link #targets()}), so columns of the same name are told apart. The upload is claimed first, so a mapping
     * sent twice starts one job; the second is a conflict naming it ({@code importId}). A mapping that does not fit
     * leaves the upload in place, so it can be mapped again.
     */
    public ImportJob startUpload(String uploadId, String fileName, List<String> columns, ContactSource source)
            throws IOException {
        return startUpload(uploadId, fileName, columns, source, null);
    }

    /**
     * As {@link #startUpload(String, String, List, ContactSource)}, with where the file's consent was given said once:
     * for every row whose own column does not say it (null: none).
     */
    public ImportJob startUpload(String uploadId, String fileName, List<String> columns, ContactSource source,
            String consentSource) throws IOException {
        Path upload = uploadFile(uploadId);
        Path file = jobFile(UUID.fromString(uploadId), Format.CSV);
        try {
            Files.move(upload, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            Long started = jdbc.sql("SELECT MAX(id) FROM imports WHERE stored_file = ?")
                    .param(file.getFileName().toString()).query(Long.class).single();
            if (started != null) {
                throw new ConflictException("This upload is imported already, by import " + started,
                        Map.of("importId", started));
            }
            throw new NotFoundException("Upload " + uploadId + " does not exist: it is being imported, or was removed "
                    + "a day after it was uploaded; upload the file again if you do not find its import");
        }
        stamp(file);
        try {
            return launch(file, fileName, Format.CSV, headers -> ColumnMapping.forColumns(headers, columns, consentSource),
                    source);
        } catch (RuntimeException e) {
            // no job reads the file: give the upload back, to be mapped again
            Files.move(file, upload, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
    }

    /** One record of a CSV file and the line it starts on; or, when {@code problem} is set, why the file ends there. */
    public record CsvLine(long line, List<String> cells, String problem) {}

    /**
     * Reads CSV text as an import reads a contact file: the delimiter (comma, semicolon, tab) found in the first line,
     * each record with the line it starts on, blank rows skipped, a quote never closed stopped a million characters
     * on. Records are handed on until {@code each} answers false; a record that cannot be read ends the text, handed
     * on last with its problem. For other modules' CSV uploads.
     */
    public static void readCsv(Reader text, Predicate<CsvLine> each) throws IOException {
        CsvRows.records(text, each);
    }

    /** The column of a header line the import would read the email address from, or -1 when it would find none. */
    public static int emailColumn(List<String> header) {
        return ColumnMapping.guesses(header).indexOf("email");
    }

    /** What the mapping page calls the text saying once, for the whole file, where its consent was given. */
    public static final String CONSENT_SOURCE_FOR_EVERY_ROW = ColumnMapping.CONSENT_SOURCE_FOR_EVERY_ROW;

    /** What a CSV column can be mapped to: contact and company fields, consent, tags, attribute:<key>, ignore. */
    public static List<String> targets() {
        return ColumnMapping.targets();
    }

    /**
     * What a person picks a target by ("Email", "Owner (a sales user's username, name or email)"), as
     * {@link #startUpload}'s messages name the fields; the target itself for one without a label.
     */
    public static String label(String target) {
        return ColumnMapping.label(target);
    }

    /** Deletes a file that is not text (an image, a workbook) and says so, before anyone maps or imports it. */
    private static void requireText(Path file) throws IOException {
        String problem;
        try (InputStream in = Files.newInputStream(file)) {
            problem = FileText.notText(in);
        }
        if (problem != null) {
            Files.deleteIfExists(file);
            throw InvalidInputException.field("file", problem);
        }
    }

    private ImportJob launch(Path file, String fileName, Format format, Function<List<String>, ColumnMapping> mapping,
            ContactSource source) throws IOException {
        RowSource rows;
        try {
            rows = open(file, format, mapping.andThen(this::withDefinedAttributes));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("mapping", e.getMessage());
        }
        String name = fileName == null || fileName.isBlank() ? file.getFileName().toString() : fileName;
        long id;
        try {
            id = newJob(name.length() > 255 ? name.substring(0, 255) : name, format, rows, file.getFileName().toString());
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
        String actor = Actors.current();
        ContactSource contactSource = source == null ? ContactSource.IMPORT : source;
        try {
            executor.execute(() -> runner.run(id, rows, file, contactSource, actor));
        } catch (RuntimeException e) {
            runner.notStarted(id, rows, file, e);
        }
        return get(id);
    }

    /** The mapping, unless a column feeds an attribute that is not defined, whose every value would be refused. */
    private ColumnMapping withDefinedAttributes(ColumnMapping mapping) {
        Set<String> defined = attributes.list().stream().map(AttributeDefinition::key).collect(Collectors.toSet());
        List<String> undefined = mapping.mappedColumns().entrySet().stream()
                .filter(column -> column.getValue().startsWith(ATTRIBUTE)
                        && !defined.contains(column.getValue().substring(ATTRIBUTE.length())))
                .map(column -> "'" + column.getKey() + "' (" + column.getValue() + ")")
                .toList();
        if (!undefined.isEmpty()) {
            throw new IllegalArgumentException("The column " + String.join(", ", undefined) + " feeds an attribute that "
                    + "is not defined; define it first (as an admin, under Settings or at /api/v1/attributes), map the "
                    + "column to a defined attribute, or leave it out");
        }
        return mapping;
    }

    private Path jobFile(UUID id, Format format) {
        return directory.resolve("job-" + id + (format == Format.CSV ? ".csv" : ".vcf"));
    }

    /** Stamped with our clock, which may be the simulated one, so the age checks compare like with like. */
    private void stamp(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    }

    private Path uploadFile(String uploadId) {
        try {
            // parsed and printed again, so nothing but a UUID ever reaches the path
            return directory.resolve("upload-" + UUID.fromString(String.valueOf(uploadId)) + ".csv");
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("Upload", uploadId);
        }
    }

    private void removeStaleUploads() throws IOException {
        Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
        try (var files = Files.newDirectoryStream(directory, "upload-*.csv")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(dayAgo)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * Fails the jobs left RUNNING by a server that stopped (a restart, a crash) and deletes the job files no running
     * job reads; at startup, and every minute while the jobs are on. Several servers may share the database and a
     * job does not record which one runs it, so a job counts as lost when it has made no progress for
     * {@link #LOST_AFTER}: a running job records progress with every batch it writes, many times a minute. A job
     * that was only held up, and goes on, finds itself failed at its next batch and stops: it stays failed.
     *
     * @return how many jobs were failed
     */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public int failLostJobs() {
        Instant before = clock.instant().minus(LOST_AFTER);
        record Lost(long id, long rowsRead) {}
        List<Lost> lost = jdbc.sql("""
                SELECT id, rows_read FROM imports
                 WHERE status = 'RUNNING' AND COALESCE(progress_at, created_at) < ? ORDER BY id""")
                .param(Timestamps.of(before))
                .query((rs, n) -> new Lost(rs.getLong(1), rs.getLong(2)))
                .list();
        int failed = 0;
        for (Lost job : lost) {
            failed += jdbc.sql("""
                    UPDATE imports SET status = 'FAILED', failure = ?, finished_at = ?
                     WHERE id = ? AND status = 'RUNNING' AND COALESCE(progress_at, created_at) < ? AND rows_read = ?""")
                    .params(("The import was interrupted after %d rows: it made no progress for %d minutes, so it "
                            + "was stopped (its server was restarted, crashed or hung). The rows counted here were "
                            + "imported. Import the file again for the rest; rows already imported count as unchanged.")
                                    .formatted(job.rowsRead(), LOST_AFTER.toMinutes()),
                            // A batch that came in since the read is progress: the job is not lost, and the
                            // count in the message would be wrong.
                            Timestamps.now(clock), job.id(), Timestamps.of(before), job.rowsRead())
                    .update();
        }
        if (failed > 0) {
            log.warn("Failed {} import jobs that made no progress for {}", failed, LOST_AFTER);
        }
        removeJobFiles(before);
        return failed;
    }

    /**
     * Deletes the job files no RUNNING job reads: those of jobs that ended without removing them, and of jobs never
     * started. A file younger than {@code before} is kept, since its job row may not be written yet.
     */
    private void removeJobFiles(Instant before) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<String> read = jdbc.sql("SELECT stored_file FROM imports WHERE status = 'RUNNING' AND stored_file IS NOT NULL")
                .query(String.class).list();
        // before V24 an API upload was stored as <uuid>.csv or .vcf
        try (var files = Files.newDirectoryStream(directory, "*.{csv,vcf}")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.startsWith("upload-") && !read.contains(name)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            log.warn("Could not remove old import files from {}", directory, e);
        }
    }

    /** Runs an import to its end in the calling thread: for tests and the bench, which want the outcome. */
    public ImportJob runNow(Path file, Format format, Map<String, String> mapping, ContactSource source)
            throws IOException {
        RowSource rows = open(file, format, byName(mapping, attributeNames(), null));
        long id = newJob(file.getFileName().toString(), format, rows, null);
        runner.run(id, rows, null, source == null ? ContactSource.IMPORT : source, Actors.current());
        return get(id);
    }

    /** A new RUNNING job; {@code storedFile} names the file it reads in the import directory (null: not ours). */
    private long newJob(String fileName, Format format, RowSource rows, String storedFile) {
        String ignored = rows instanceof CsvRows csv && !csv.ignoredColumns().isEmpty()
                ? String.join("\n", csv.ignoredColumns()) : null;
        String header = rows.header() == null ? null : CSVFormat.DEFAULT.format(rows.header().toArray());
        String delimiter = rows instanceof CsvRows csv ? String.valueOf(csv.delimiter()) : null;
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO imports (file_name, format, status, created_by, created_at, ignored_columns, progress_at,
                    stored_file, header_text, csv_delimiter)
                VALUES (?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?)""")
                .params(fileName, format.name(), Actors.current(), Timestamps.now(clock),
                        ignored == null || ignored.length() <= 2000 ? ignored : ignored.substring(0, 2000),
                        Timestamps.now(clock), storedFile,
                        // too long a header is not kept: the rows are then not given back either, only their lines
                        header == null || header.length() > 16000 || header.indexOf('\0') >= 0 ? null : header,
                        delimiter)
                .update(keys, "id");
        long id = keys.getKey().longValue();
        audit.record("IMPORT_STARTED", "import", id, Map.of("fileName", fileName, "format", format));
        return id;
    }

    private static final String JOB_COLUMNS = """
            id, file_name, format, status, rows_read, created, updated, unchanged, rejected, repeated,
            warned, noted, failure, ignored_columns, created_by, created_at, finished_at""";

    public ImportJob get(long id) {
        return jdbc.sql("SELECT " + JOB_COLUMNS + " FROM imports WHERE id = ?")
                .param(id)
                .query(Imports::job)
                .optional()
                .orElseThrow(() -> NotFoundException.of("Import", id));
    }

    /** The imports made so far, newest first, a page at a time: where a person finds an earlier import's report. */
    public Page<ImportJob> latest(String cursor, int limit) {
        long before = Cursor.decode(cursor);
        return Page.of(jdbc.sql("SELECT " + JOB_COLUMNS + """
                         FROM imports WHERE (:before = 0 OR id < :before)
                        ORDER BY id DESC FETCH FIRST :limit ROWS ONLY""")
                .param("before", before).param("limit", limit + 1)
                .query(Imports::job).list(), limit, ImportJob::id);
    }

    private static ImportJob job(ResultSet rs, int row) throws SQLException {
        return new ImportJob(rs.getLong("id"), rs.getString("file_name"), rs.getString("format"),
                ImportJob.Status.valueOf(rs.getString("status")), rs.getLong("rows_read"), rs.getLong("created"),
                rs.getLong("updated"), rs.getLong("unchanged"), rs.getLong("rejected"), rs.getLong("repeated"),
                rs.getLong("warned"), rs.getLong("noted"), rs.getString("failure"),
                rs.getString("ignored_columns") == null ? List.of()
                        : List.of(rs.getString("ignored_columns").split("\n")),
                rs.getString("created_by"), Timestamps.read(rs, "created_at"), Timestamps.read(rs, "finished_at"));
    }

    /**
     * One rejected row of an import: its line in the file, why it was rejected, the address it gave, and, when no
     * address could be read, the start of the row as the file had it (else null), so a person can tell whose it was.
     */
    public record Rejection(long line, String reason, String email, String rowStart) {}

    /** How much of a row without a readable address a page shows. */
    private static final int ROW_START = 60;

    /** The first rejected rows of an import, in file order: for a page that shows them. */
    public List<Rejection> rejections(long id, int limit) {
        CSVFormat format = fileFormat(id);
        return firstRows(id, limit, "SELECT line_number, reason, email, row_text FROM import_rejections",
                (rs, n) -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(3) != null || rs.getString(4) == null ? null : start(rs.getString(4), format)));
    }

    /**
     * CSV as the import's file wrote it: its delimiter (kept since V128; a comma before, and for vCards), quotes only
     * where a cell needs them, so a report fixed in a spreadsheet reads back as the file did.
     */
    private CSVFormat fileFormat(long id) {
        // a null delimiter is read as a value, which findFirst() or query(String.class) would refuse
        List<String> delimiters = jdbc.sql("SELECT csv_delimiter FROM imports WHERE id = ?").param(id)
                .query((rs, n) -> rs.getString(1)).list();
        String delimiter = delimiters.isEmpty() ? null : delimiters.getFirst();
        return delimiter == null || delimiter.length() != 1 ? CSVFormat.DEFAULT
                : CSVFormat.DEFAULT.builder().setDelimiter(delimiter.charAt(0)).get();
    }

    /**
     * The start of a row kept as CSV text: its cells as the file had them, on one line, between the file's delimiters
     * (an unreadable row's cells keep the quotes that broke it, so they are joined, not quoted again).
     */
    private static String start(String rowText, CSVFormat format) {
        String row = cells(rowText).stream().map(cell -> cell.replaceAll("\\s+", " "))
                .collect(Collectors.joining(format.getDelimiterString())).strip();
        return row.isEmpty() ? null : row.length() <= ROW_START ? row : row.substring(0, ROW_START) + "…";
    }

    /**
     * A row repeated in the file: it was merged into the contact the earlier row of line {@code earlierLine} wrote (its
     * values replacing that row's where it has one), and is counted as repeated, not as a contact of its own.
     */
    public record Repeat(long line, long earlierLine) {}

    /** The rows of an import repeated in the file, in file order, a page at a time. */
    public Page<Repeat> repeats(long id, String cursor, int limit) {
        return Page.of(rows(id, Cursor.decode(cursor), limit + 1, "SELECT line_number, earlier_line FROM import_repeats",
                (rs, n) -> new Repeat(rs.getLong(1), rs.getLong(2))), limit, Repeat::line);
    }

    /** A row imported with something it said not applied: its line, and what was not, in words. */
    public record Warning(long line, String warning) {}

    /** The rows of an import that were imported with a warning, in file order, a page at a time. */
    public Page<Warning> warnings(long id, String cursor, int limit) {
        return Page.of(rows(id, Cursor.decode(cursor), limit + 1, "SELECT line_number, warning FROM import_warnings",
                (rs, n) -> new Warning(rs.getLong(1), rs.getString(2))), limit, Warning::line);
    }

    /** A row imported as it was, with a note: its line, and the note, in words. */
    public record Note(long line, String note) {}

    /** The rows of an import that were imported with a note, in file order, a page at a time. */
    public Page<Note> notes(long id, String cursor, int limit) {
        return Page.of(rows(id, Cursor.decode(cursor), limit + 1, "SELECT line_number, note FROM import_notes",
                (rs, n) -> new Note(rs.getLong(1), rs.getString(2))), limit, Note::line);
    }

    /** The first rows of an import's report in {@code select} (a table with the job's id and the line), in file order. */
    private <T> List<T> firstRows(long id, int limit, String select, RowMapper<T> row) {
        return rows(id, 0, limit, select, row);
    }

    /** Up to {@code limit} rows of an import's report in {@code select} after line {@code after}, in file order. */
    private <T> List<T> rows(long id, long after, int limit, String select, RowMapper<T> row) {
        get(id);
        return jdbc.sql(select + " WHERE import_id = ? AND line_number > ? ORDER BY line_number FETCH FIRST ? ROWS ONLY")
                .params(id, after, limit)
                .query(row)
                .list();
    }

    /**
     * Writes the report of rejected rows as CSV with the file's own delimiter (a semicolon file from Excel in Europe
     * gets semicolons back, to open in its columns there): the line and the reason, then the row as the file had it
     * under the file's header, so the report can be fixed in a spreadsheet and imported again with the same mapping
     * (the line and reason columns are left out by the import, as no field takes them). A row the parser could not read is given back as the file had
     * it, cut at its delimiters; a row too long to keep has its line and reason only. A vCard import, which has no
     * columns, has line, reason and email. Streamed from the database.
     */
    public void writeRejections(long id, OutputStream out) throws IOException {
        writeRejections(id, out, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #writeRejections(long, OutputStream)}, each reason said as {@code said} words it (a page's labels). */
    public void writeRejections(long id, OutputStream out, java.util.function.UnaryOperator<String> said)
            throws IOException {
        get(id);
        // a vCard import keeps no header: its null is read as a value, which query(String.class) would refuse
        String headerText = jdbc.sql("SELECT header_text FROM imports WHERE id = ?").param(id)
                .query((rs, n) -> rs.getString(1)).list().getFirst();
        List<String> header = headerText == null ? null : cells(headerText);
        List<String> columns = new ArrayList<>(List.of("line", "reason"));
        columns.addAll(header == null ? List.of("email") : header);
        Writer writer = CsvCells.spreadsheet(out);
        try (CSVPrinter printer = new CSVPrinter(writer, fileFormat(id).builder()
                .setHeader(columns.stream().map(CsvCells::safe).toArray(String[]::new)).get())) {
            jdbc.sql("""
                    SELECT line_number, reason, email, row_text FROM import_rejections WHERE import_id = ?
                     ORDER BY line_number""")
                    .param(id)
                    .query(rs -> {
                        List<String> record = new ArrayList<>(columns.size());
                        record.add(String.valueOf(rs.getLong(1)));
                        record.add(said.apply(rs.getString(2)));
                        if (header == null) {
                            record.add(rs.getString(3));
                        } else if (rs.getString(4) != null) {
                            record.addAll(cells(rs.getString(4)));
                        }
                        try {
                            printer.printRecord(record.stream().map(CsvCells::safe).toList());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    /** The cells of one CSV record kept as text. */
    private static List<String> cells(String text) {
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.DEFAULT)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of("") : records.getFirst().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mapping of a file's columns from header name to target, the columns not named guessed. */
    private static Function<List<String>, ColumnMapping> byName(Map<String, String> mapping,
            Map<String, String> attributes, String consentSource) {
        return headers -> ColumnMapping.forHeader(headers, mapping == null ? Map.of() : mapping, attributes,
                consentSource);
    }

    /** The defined attributes' keys and labels, for guessing the columns named after them. */
    private Map<String, String> attributeNames() {
        Map<String, String> labels = new java.util.HashMap<>();
        attributes.list().forEach(a -> labels.put(a.key(), a.label()));
        return ColumnMapping.names(labels);
    }

    private static RowSource open(Path file, Format format, Function<List<String>, ColumnMapping> mapping)
            throws IOException {
        if (format == Format.CSV) {
            return CsvRows.open(() -> new BufferedInputStream(Files.newInputStream(file), 1 << 16), mapping);
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return VCardRows.open(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
