package io.keepwarm.contact.internal;

import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.ImportedStages;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.importing.ParsedRow;
import io.keepwarm.contact.importing.RowSource;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Countries;
import io.keepwarm.platform.CountryZones;
import io.keepwarm.platform.CustomPlans;
import io.keepwarm.platform.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads an import file to its end in batches. One thread reads and checks rows while two writers write the
 * batches before, each its own share of the addresses, so parsing and the database work side by side and the
 * database always has a batch to work on while the other writer's is between statements; at most six batches are
 * in memory. Each batch commits its contacts, its rejected rows and the job's progress together, so the counts
 * always match what was written.
 */
@Component
public class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    static final int BATCH = 2_000;
    static final int WRITERS = 2;
    /** Contacts created or updated by one import that change their tables enough to refresh the statistics. */
    static final int MANY_WRITTEN = 10_000;

    /** The longest row kept with its rejection, as CSV text; a longer one is reported by its line and reason. */
    static final int MAX_ROW_TEXT = 4000;

    /** A rejected row: its line, why, its address (for erasure to find) and the row as the file had it (or null). */
    private record Rejection(long line, String reason, String email, String row) {

        Rejection withoutAddress() {
            return new Rejection(line, reason, null, null);
        }
    }

    /**
     * A row checked and ready to write: its line, the file's row as CSV text (null when there is none or it is too
     * long), the address of the contact it writes (its survivor's, for an address merged away), what of the row was
     * not applied (null for nothing), the note a new contact of it gets (null for none), and the stage it sets (one of
     * {@link ImportedStages#IMPORTABLE}, or null).
     */
    private record Source(long line, String row, String contact, String warning, String createdNote, String stage) {}

    /** A row written into the contact an earlier row of the file wrote: its line, and that row's. */
    private record Repeat(long line, long earlierLine) {}

    /** A row imported with a warning or a note: its line, and the words. */
    private record Note(long line, String note) {}

    /**
     * Rows checked and ready to write, each with its {@link Source}; {@code read} counts the rows of the file they
     * stand for, {@code companyIds} holds the ids of the companies they name, by key, or is null when the writer must
     * resolve them.
     */
    private record Batch(List<ValidContact> contacts, List<Source> sources, List<Rejection> rejections, long read,
            Map<String, Long> companyIds) {

        static final Batch END = new Batch(List.of(), List.of(), List.of(), -1, Map.of());

        Batch with(List<ValidContact> contacts, List<Source> sources, List<Rejection> rejections, long read) {
            return new Batch(contacts, sources, rejections, read, companyIds);
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final ContactWriter writer;
    private final ContactValidators validators;
    private final Suppressions suppressions;
    private final Companies companies;
    private final Clock clock;
    private final CustomPlans customPlans;
    private final ImportedStages importedStages;

    ImportRunner(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, ContactWriter writer,
            ContactValidators validators, Suppressions suppressions, Companies companies, Clock clock,
            CustomPlans customPlans, ImportedStages importedStages) {
        this.importedStages = importedStages;
        this.companies = companies;
        this.customPlans = customPlans;
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.writer = writer;
        this.validators = validators;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** Runs job {@code id} over the rows; deletes {@code file} (if given) when done. Never throws. */
    public void run(long id, RowSource rows, Path file, ContactSource source, String actor) {
        Authentication auth = UsernamePasswordAuthenticationToken.authenticated(actor, null, List.of());
        SecurityContextHolder.getContext().setAuthentication(auth);
        try (rows; ExecutorService pool = Executors.newFixedThreadPool(WRITERS, Thread.ofVirtual().factory())) {
            List<Writer> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(1);
                writers.add(new Writer(queue, pool.submit(() -> write(id, queue, source, auth, new EarlierRows()))));
            }
            try {
                read(id, rows, writers);
                for (Writer writer : writers) {
                    hand(writer, Batch.END);
                }
                for (Writer writer : writers) {
                    writer.running().get();
                }
            } finally {
                // A no-op once a writer is done; frees the others when reading or one of them failed.
                writers.forEach(writer -> writer.running().cancel(true));
            }
            if (jdbc.sql("UPDATE imports SET status = 'DONE', finished_at = ? WHERE id = ? AND status = 'RUNNING'")
                    .params(Timestamps.now(clock), id).update() == 0) {
                log.warn("Import {} read its file to the end after it was failed for making no progress; it stays failed", id);
                return;
            }
            refreshStatistics(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(id, e);
        } catch (Throwable e) {
            // an Error too (out of memory, a stack overflow in a parser): the job must not stay RUNNING
            fail(id, e instanceof ExecutionException ? e.getCause() : e);
        } finally {
            SecurityContextHolder.clearContext();
            delete(file);
        }
    }

    /** Fails job {@code id}, which could not be started (the executor refused it), and lets go of its rows and file. */
    public void notStarted(long id, RowSource rows, Path file, RuntimeException cause) {
        try (rows) {
            fail(id, new IllegalStateException("the server could not start the import (" + cause.getMessage()
                    + "), most likely because it is shutting down; import the file again", cause));
        } catch (IOException e) {
            log.warn("Could not close the rows of import {}", id, e);
        } finally {
            delete(file);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete import file {}", file, e);
            }
        }
    }

    /**
     * After an import that wrote many contacts, PostgreSQL's statistics of their tables are brought up to date, as
     * its manual advises after a bulk load: until autovacuum comes round, reads planned for the tables as they were
     * scan them whole (importing the same million rows again read each batch's tags in 56 ms instead of a few).
     */
    private void refreshStatistics(long id) {
        try {
            long written = jdbc.sql("SELECT created + updated FROM imports WHERE id = ?").param(id).query(Long.class).single();
            if (written >= MANY_WRITTEN) {
                List.of("companies", "contacts", "contact_tags").forEach(customPlans::analyze);
            }
        } catch (RuntimeException e) {
            log.warn("Import {} is done; the statistics of its tables were not refreshed", id, e);
        }
    }

    /** A writer thread and the queue it takes its batches from. */
    private record Writer(BlockingQueue<Batch> queue, Future<?> running) {}

    /**
     * Rows go to writers by the address of the contact they will write (an address merged away counts as its
     * survivor's), so every row for one person is written by the same writer in the order of the file (later fields
     * over earlier ones), two writers never write the same contact, and each writer knows the rows it wrote before.
     */
    private void read(long id, RowSource rows, List<Writer> writers)
            throws IOException, InterruptedException, ExecutionException {
        ContactValidator validator = validators.current();
        List<Pending> pending = new ArrayList<>();
        writers.forEach(writer -> pending.add(new Pending()));
        Map<String, Companies.CompanyRow> knownCompanies = new HashMap<>();
        Map<String, String> survivors = new HashMap<>();
        jdbc.sql("SELECT m.merged_email, c.email FROM contact_merges m JOIN contacts c ON c.id = m.survivor_id")
                .query(rs -> {
                    survivors.put(rs.getString(1), rs.getString(2));
                });
        FileCompanies fileCompanies = new FileCompanies();
        long line = 0;
        for (ParsedRow row = rows.next(); row != null; row = rows.next()) {
            line++;
            int to;
            String text = rowText(rows.cells());
            switch (row) {
                case ParsedRow.Bad bad -> {
                    to = (int) (line % writers.size());
                    pending.get(to).rejections.add(new Rejection(bad.line(), bad.reason(), email(bad.email()), text));
                }
                case ParsedRow.Good good -> {
                    switch (validator.check(good.input())) {
                        case ContactValidator.Result.Valid valid -> {
                            String email = valid.contact().email();
                            to = writerFor(email, survivors, writers.size());
                            FileCompanies.Settled company = fileCompanies.settle(valid.contact().company(), good.line());
                            String stage = ImportedStages.importable(good.stage());
                            List<String> notTaken = new ArrayList<>(company.notTaken());
                            if (good.stage() != null && stage == null) {
                                notTaken.add(stageNotTaken(good.stage()));
                            }
                            pending.get(to).contacts.add(valid.contact().withCompany(company.company()).evidencedBy(
                                    new Consents.Evidence("import:" + id, null, "line " + good.line())));
                            pending.get(to).sources.add(new Source(good.line(), text,
                                    survivors.getOrDefault(email, email),
                                    notTaken.isEmpty() ? null : String.join("; ", notTaken),
                                    zoneNote(valid.contact()), stage));
                        }
                        case ContactValidator.Result.Invalid invalid -> {
                            to = (int) (line % writers.size());
                            pending.get(to).rejections.add(new Rejection(good.line(), invalid.reason(),
                                    email(good.input().email()), text));
                        }
                    }
                }
            }
            Pending bucket = pending.get(to);
            bucket.read++;
            if (bucket.size() >= BATCH) {
                send(writers.get(to), bucket, knownCompanies);
                pending.set(to, new Pending());
            }
        }
        for (int i = 0; i < writers.size(); i++) {
            send(writers.get(i), pending.get(i), knownCompanies);
        }
    }

    /** The writer of the rows for this address: that of its survivor's address when it was merged away. */
    static int writerFor(String email, Map<String, String> survivors, int writers) {
        return Math.floorMod(survivors.getOrDefault(email, email).hashCode(), writers);
    }

    /**
     * Creates the batch's new companies, then queues it. Two writers' batches often name the same company; created
     * in a writer's transaction, a new company would hold the other writer until that whole batch commits. Created
     * here and committed at once, it is only found by the writers. (So a batch that fails later, or a row found on
     * the suppression list, may leave a company without contacts, as deleting its last contact does.)
     */
    private void send(Writer writer, Pending pending, Map<String, Companies.CompanyRow> knownCompanies)
            throws InterruptedException, ExecutionException {
        List<CompanyInput> named = pending.contacts.stream().map(ValidContact::company).filter(c -> c != null).toList();
        Map<String, Long> companyIds;
        try {
            companyIds = named.isEmpty() ? Map.of() : transactions.execute(tx -> companies.resolveImported(named, knownCompanies));
        } catch (DataAccessException e) {
            // The writer resolves them in its own transaction, where a company the database refuses costs only its
            // rows (written one by one); what was remembered in the rolled-back transaction is forgotten.
            log.info("Import: the companies of a batch could not be stored ahead ({}); its writer stores them",
                    e.getMostSpecificCause().getMessage());
            knownCompanies.clear();
            companyIds = null;
        }
        hand(writer, new Batch(pending.contacts, pending.sources, pending.rejections, pending.read, companyIds));
    }

    /** The batch being filled. */
    private static final class Pending {
        final List<ValidContact> contacts = new ArrayList<>(BATCH);
        final List<Source> sources = new ArrayList<>(BATCH);
        final List<Rejection> rejections = new ArrayList<>();
        long read;

        int size() {
            return contacts.size() + rejections.size();
        }
    }

    /** Queues a batch for a writer, unless that writer has stopped, in which case its failure is thrown. */
    private static void hand(Writer writer, Batch batch) throws InterruptedException, ExecutionException {
        while (!writer.queue().offer(batch, 100, TimeUnit.MILLISECONDS)) {
            if (writer.running().isDone()) {
                writer.running().get();
                throw new IllegalStateException("the import writer stopped early");
            }
        }
    }

    /** Writes the batches of one share of the addresses; {@code written} remembers the contacts it wrote. */
    private Void write(long id, BlockingQueue<Batch> queue, ContactSource source, Authentication auth,
            EarlierRows written) throws InterruptedException {
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            for (Batch batch = queue.take(); batch != Batch.END; batch = queue.take()) {
                try {
                    commit(id, batch, source, written);
                } catch (DataAccessException e) {
                    commitRowByRow(id, batch, source, written, e);
                }
            }
            return null;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /**
     * A batch the database refused as a whole is written again one row at a time, so one row it cannot take
     * (however it slipped past the checks) is reported with its line instead of costing the others.
     */
    private void commitRowByRow(long id, Batch batch, ContactSource source, EarlierRows written,
            DataAccessException cause) {
        log.info("Import {}: a batch failed ({}); writing its rows one by one", id, cause.getMostSpecificCause().getMessage());
        commit(id, batch.with(List.of(), List.of(), batch.rejections(), batch.read()), source, written);
        for (int i = 0; i < batch.contacts().size(); i++) {
            ValidContact contact = batch.contacts().get(i);
            Source row = batch.sources().get(i);
            try {
                commit(id, batch.with(List.of(contact), List.of(row), List.of(), 0), source, written);
            } catch (DataAccessException e) {
                String reason = "could not be stored: " + e.getMostSpecificCause().getMessage();
                commit(id, batch.with(List.of(), List.of(), List.of(new Rejection(row.line(), reason, contact.email(),
                        row.row())), 0), source, written);
            }
        }
    }

    /**
     * Writes a batch in one transaction. A row for a contact that an earlier written row of the file wrote is counted
     * as a repeat of that row, not as a contact created, updated or unchanged: the counts are of contacts. Where a
     * repeat changes a contact its first row left unchanged, the contact moves from unchanged to updated.
     */
    private void commit(long id, Batch batch, ContactSource source, EarlierRows written) {
        Map<String, EarlierRows.Seen> seen = new HashMap<>();
        transactions.executeWithoutResult(tx -> {
            Set<String> mentioned = new HashSet<>();
            batch.contacts().forEach(contact -> mentioned.add(contact.email()));
            batch.rejections().forEach(r -> {
                if (r.email() != null) {
                    mentioned.add(r.email());
                }
            });
            Set<String> suppressed = suppressions.suppressed(mentioned);
            // An erased person's address must not come back, not even in the report of rejected rows: neither as the
            // address nor in the row given back.
            List<Rejection> rejections = new ArrayList<>(batch.rejections().size());
            batch.rejections().forEach(r -> rejections.add(r.email() != null && suppressed.contains(r.email())
                    ? r.withoutAddress() : r));
            List<ValidContact> writable = new ArrayList<>(batch.contacts().size());
            List<Source> writableSources = new ArrayList<>(batch.contacts().size());
            for (int i = 0; i < batch.contacts().size(); i++) {
                if (suppressed.contains(batch.contacts().get(i).email())) {
                    rejections.add(new Rejection(batch.sources().get(i).line(), "the address is on the suppression list"
                            + " (erased or asked never to be contacted)", null, null));
                } else {
                    writable.add(batch.contacts().get(i));
                    writableSources.add(batch.sources().get(i));
                }
            }
            ContactWriter.WithdrawalsMet withdrawals = writer.withdrawalsMet(writable, clock.instant());
            Map<Integer, ContactWriter.Withdrawal> undoing = withdrawals.undoing();
            List<ContactWriter.Withdrawal> saidNo = new ArrayList<>(writable.size());
            List<ValidContact> kept = new ArrayList<>(writable.size());
            List<Source> keptSources = new ArrayList<>(writable.size());
            for (int i = 0; i < writable.size(); i++) {
                ContactWriter.Withdrawal withdrawal = undoing.get(i);
                if (withdrawal == null) {
                    kept.add(writable.get(i));
                    keptSources.add(writableSources.get(i));
                    saidNo.add(withdrawals.saidNo().get(i));
                } else {
                    rejections.add(new Rejection(writableSources.get(i).line(), refusal(withdrawal),
                            writable.get(i).email(), writableSources.get(i).row()));
                }
            }
            writable = kept;
            writableSources = keptSources;
            List<Note> warned = writableSources.stream().filter(row -> row.warning() != null)
                    .map(row -> new Note(row.line(), row.warning())).toList();
            long created = 0, updated = 0, unchanged = 0;
            List<Note> notes = new ArrayList<>();
            List<Repeat> repeats = new ArrayList<>();
            List<ContactWriter.Outcome> outcomes = writer.upsert(writable, source, batch.companyIds());
            for (int i = 0; i < outcomes.size(); i++) {
                Source row = writableSources.get(i);
                ContactWriter.Kind kind = outcomes.get(i).kind();
                EarlierRows.Seen before = seen.containsKey(row.contact()) ? seen.get(row.contact())
                        : written.get(row.contact());
                if (before == null) {
                    switch (kind) {
                        case CREATED -> created++;
                        case UPDATED -> updated++;
                        case UNCHANGED -> unchanged++;
                    }
                    seen.put(row.contact(), new EarlierRows.Seen(row.line(), kind));
                } else {
                    repeats.add(new Repeat(row.line(), before.line()));
                    ContactWriter.Kind counted = before.kind();
                    if (counted == ContactWriter.Kind.UNCHANGED && kind == ContactWriter.Kind.UPDATED) {
                        unchanged--;
                        updated++;
                        counted = ContactWriter.Kind.UPDATED;
                    }
                    seen.put(row.contact(), new EarlierRows.Seen(row.line(), counted));
                }
                List<String> said = new ArrayList<>(2);
                if (saidNo.get(i) != null) {
                    said.add(kept(saidNo.get(i)));
                }
                if (outcomes.get(i).kind() == ContactWriter.Kind.CREATED && writableSources.get(i).createdNote() != null) {
                    said.add(writableSources.get(i).createdNote());
                }
                if (!said.isEmpty()) {
                    notes.add(new Note(writableSources.get(i).line(), String.join("; ", said)));
                }
            }
            warned = oneALine(warned, setStages(outcomes, writableSources));
            template.batchUpdate("""
                    INSERT INTO import_rejections (import_id, line_number, reason, email, row_text)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", rejections, 1000, (ps, r) -> {
                        ps.setLong(1, id);
                        ps.setLong(2, r.line());
                        ps.setString(3, clip(r.reason(), 1000));
                        ps.setString(4, r.email());
                        ps.setString(5, r.row());
                    });
            template.batchUpdate("""
                    INSERT INTO import_repeats (import_id, line_number, earlier_line) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""", repeats, 1000, (ps, r) -> {
                        ps.setLong(1, id);
                        ps.setLong(2, r.line());
                        ps.setLong(3, r.earlierLine());
                    });
            writeNotes("""
                    INSERT INTO import_warnings (import_id, line_number, warning) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""", id, warned);
            writeNotes("""
                    INSERT INTO import_notes (import_id, line_number, note) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING""", id, notes);
            // A job failed meanwhile for making no progress writes nothing more: its report stays what the person
            // was told, with the rows written before it was failed.
            if (jdbc.sql("""
                    UPDATE imports SET rows_read = rows_read + ?, created = created + ?, updated = updated + ?,
                        unchanged = unchanged + ?, rejected = rejected + ?, repeated = repeated + ?, warned = warned + ?,
                        noted = noted + ?, progress_at = ?
                    WHERE id = ? AND status = 'RUNNING'""")
                    .params(batch.read(), created, updated, unchanged, rejections.size(), repeats.size(), warned.size(),
                            notes.size(), Timestamps.now(clock), id)
                    .update() == 0) {
                throw new Stopped(id);
            }
        });
        // only once committed: a batch written again row by row must find the contacts as they were before it
        seen.forEach((contact, row) -> written.put(contact, row.line(), row.kind()));
    }

    /**
     * Sets the stages the rows give, in the batch's transaction, and answers a warning for each row whose stage the
     * lifecycle would not set (a lead with sales, one that would move back), with its line. Of two rows for one
     * contact, the later one's stage counts.
     */
    private List<Note> setStages(List<ContactWriter.Outcome> outcomes, List<Source> rows) {
        Map<Long, String> stages = new HashMap<>();
        Map<Long, Long> lines = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (rows.get(i).stage() != null) {
                stages.put(outcomes.get(i).contactId(), rows.get(i).stage());
                lines.put(outcomes.get(i).contactId(), rows.get(i).line());
            }
        }
        List<Note> refused = new ArrayList<>();
        importedStages.set(stages, Actors.current()).forEach((contactId, why) -> refused.add(new Note(
                lines.get(contactId), "stage " + stages.get(contactId) + " not set: " + why)));
        return refused;
    }

    /** The warnings and these more, one per line (a line holds one warning): a line's words joined by "; ". */
    private static List<Note> oneALine(List<Note> warned, List<Note> more) {
        if (more.isEmpty()) {
            return warned;
        }
        Map<Long, String> byLine = new java.util.LinkedHashMap<>();
        java.util.stream.Stream.concat(warned.stream(), more.stream())
                .forEach(n -> byLine.merge(n.line(), n.note(), (a, b) -> a + "; " + b));
        return byLine.entrySet().stream().map(e -> new Note(e.getKey(), e.getValue())).toList();
    }

    /** Why a row's stage was not taken: not one an import may set, in words with what it may. */
    private static String stageNotTaken(String written) {
        return "stage '" + clip(written, 40) + "' not set: an import sets only " + String.join(", ",
                ImportedStages.IMPORTABLE) + " (a lead becomes MQL by its score and goes to sales through the"
                + " hand-off; later stages are sales' to set)";
    }

    /** Writes job {@code id}'s lines with their words, a warning or a note, by {@code insert}. */
    private void writeNotes(String insert, long id, List<Note> notes) {
        template.batchUpdate(insert, notes, 1000, (ps, n) -> {
            ps.setLong(1, id);
            ps.setLong(2, n.line());
            ps.setString(3, clip(n.note(), 1000));
        });
    }

    /** The job was failed while this server still ran it (it made no progress for a while). */
    private static final class Stopped extends RuntimeException {

        Stopped(long id) {
            super("import " + id + " was failed while it ran, for making no progress; it stops");
        }
    }


    /** Why a row that would undo a withdrawal of consent was rejected, with the withdrawal it met. */
    private static String refusal(ContactWriter.Withdrawal withdrawal) {
        return "%s consent was withdrawn on %s (%s); an import cannot grant it again, only the person can".formatted(
                withdrawal.channel().name().toLowerCase(Locale.ROOT), LocalDate.ofInstant(withdrawal.at(), ZoneOffset.UTC),
                withdrawal.source());
    }

    /** The note for a row that said "no" to consent the contact had withdrawn, with the withdrawal it met. */
    private static String kept(ContactWriter.Withdrawal withdrawal) {
        return "%s consent stays withdrawn, as it was on %s (%s); the row's no changes nothing".formatted(
                withdrawal.channel().name().toLowerCase(Locale.ROOT), LocalDate.ofInstant(withdrawal.at(), ZoneOffset.UTC),
                withdrawal.source());
    }

    /**
     * The note for a row that, as a new contact, gets no time zone because its country has clocks by region and its
     * region says none; null when it names its zone or a region Keepwarm places.
     */
    private static String zoneNote(ValidContact contact) {
        String because = contact.timeZone() == null ? CountryZones.unknownBecause(contact.country(), contact.region()) : null;
        return because == null ? null : "time zone left unknown, as " + because + ": email goes at hours every clock of "
                + Countries.iso2(contact.country()) + " allows, and calls only within calling hours on all of them at once";
    }

    /** Fails the job, unless it was failed already: then the reason the person was given first stays. */
    private void fail(long id, Throwable e) {
        log.warn("Import {} failed", id, e);
        jdbc.sql("UPDATE imports SET status = 'FAILED', failure = ?, finished_at = ? WHERE id = ? AND status = 'RUNNING'")
                .params(clip(e.getMessage() == null ? e.toString() : e.getMessage(), 900), Timestamps.now(clock), id)
                .update();
    }

    /**
     * The row as CSV text, to be given back under the file's header; null when there is none, or it is longer than
     * {@link #MAX_ROW_TEXT} (a row that long is rarely a person's: the report gives its line and reason).
     */
    private static String rowText(List<String> cells) {
        if (cells == null) {
            return null;
        }
        String text = CSVFormat.DEFAULT.format(cells.toArray());
        // NUL is refused by PostgreSQL in text; a row holding one is too broken to give back
        return text.length() > MAX_ROW_TEXT || text.indexOf('\0') >= 0 ? null : text;
    }

    /** The address as erasure will look for it in the report. */
    private static String email(String raw) {
        return raw == null || raw.isBlank() ? null : clip(ContactValidator.normaliseEmail(raw), 254);
    }

    /** Cut to fit its column, with control characters (which PostgreSQL refuses in text, NUL above all) blanked. */
    private static String clip(String text, int max) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > max ? clean.substring(0, max) : clean;
    }
}
