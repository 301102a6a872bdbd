package io.keepwarm.contact.internal;

import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.importing.ParsedRow;
import io.keepwarm.contact.importing.RowSource;
import io.keepwarm.platform.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Reads an import file to its end in batches. One thread reads and checks rows while a second writes the
 * batch before, so parsing and the database work side by side; at most three batches are in memory. Each
 * batch commits its contacts, its rejected rows and the job's progress together, so the counts always match
 * what was written. (Two writers were measured too: on two cores they only made the database slower.)
 */
@Component
public class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    static final int BATCH = 2_000;

    private record Rejection(long line, String reason, String email) {}

    /** Rows checked and ready to write; {@code read} counts every row of the file they came from. */
    private record Batch(List<ValidContact> contacts, List<Long> lines, List<Rejection> rejections, long read) {

        static final Batch END = new Batch(List.of(), List.of(), List.of(), -1);
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final ContactWriter writer;
    private final ContactValidators validators;
    private final Suppressions suppressions;
    private final Clock clock;

    ImportRunner(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions, ContactWriter writer,
            ContactValidators validators, Suppressions suppressions, Clock clock) {
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
        try (rows; ExecutorService writers = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory())) {
            BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(1);
            Future<?> writing = writers.submit(() -> write(id, queue, source, auth));
            try {
                read(rows, queue, writing);
                hand(queue, Batch.END, writing);
                writing.get();
            } finally {
                writing.cancel(true); // a no-op once the writer is done; frees it when reading failed
            }
            jdbc.sql("UPDATE imports SET status = 'DONE', finished_at = ? WHERE id = ?").params(Timestamps.now(clock), id).update();
        } catch (IOException | RuntimeException | ExecutionException e) {
            fail(id, e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(id, e);
        } finally {
            SecurityContextHolder.clearContext();
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Could not delete import file {}", file, e);
                }
            }
        }
    }

    private void read(RowSource rows, BlockingQueue<Batch> queue, Future<?> writing)
            throws IOException, InterruptedException, ExecutionException {
        ContactValidator validator = validators.current();
        Pending pending = new Pending();
        for (ParsedRow row = rows.next(); row != null; row = rows.next()) {
            pending.read++;
            switch (row) {
                case ParsedRow.Bad bad -> pending.rejections.add(new Rejection(bad.line(), bad.reason(), email(bad.email())));
                case ParsedRow.Good good -> {
                    switch (validator.check(good.input())) {
                        case ContactValidator.Result.Valid valid -> {
                            pending.contacts.add(valid.contact());
                            pending.lines.add(good.line());
                        }
                        case ContactValidator.Result.Invalid invalid -> pending.rejections.add(new Rejection(
                                good.line(), invalid.reason(), email(good.input().email())));
                    }
                }
            }
            if (pending.size() >= BATCH) {
                hand(queue, pending.batch(), writing);
                pending = new Pending();
            }
        }
        hand(queue, pending.batch(), writing);
    }

    /** The batch being filled. */
    private static final class Pending {
        final List<ValidContact> contacts = new ArrayList<>(BATCH);
        final List<Long> lines = new ArrayList<>(BATCH);
        final List<Rejection> rejections = new ArrayList<>();
        long read;

        int size() {
            return contacts.size() + rejections.size();
        }

        Batch batch() {
            return new Batch(contacts, lines, rejections, read);
        }
    }

    /** Queues a batch for the writer, unless the writer has stopped, in which case its failure is thrown. */
    private static void hand(BlockingQueue<Batch> queue, Batch batch, Future<?> writing)
            throws InterruptedException, ExecutionException {
        while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            if (writing.isDone()) {
                writing.get();
                throw new IllegalStateException("the import writer stopped early");
            }
        }
    }

    private Void write(long id, BlockingQueue<Batch> queue, ContactSource source, Authentication auth)
            throws InterruptedException {
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            for (Batch batch = queue.take(); batch != Batch.END; batch = queue.take()) {
                try {
                    commit(id, batch, source);
                } catch (DataAccessException e) {
                    commitRowByRow(id, batch, source, e);
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
    private void commitRowByRow(long id, Batch batch, ContactSource source, DataAccessException cause) {
        log.info("Import {}: a batch failed ({}); writing its rows one by one", id, cause.getMostSpecificCause().getMessage());
        commit(id, new Batch(List.of(), List.of(), batch.rejections(), batch.read()), source);
        for (int i = 0; i < batch.contacts().size(); i++) {
            ValidContact contact = batch.contacts().get(i);
            long line = batch.lines().get(i);
            try {
                commit(id, new Batch(List.of(contact), List.of(line), List.of(), 0), source);
            } catch (DataAccessException e) {
                String reason = "could not be stored: " + e.getMostSpecificCause().getMessage();
                commit(id, new Batch(List.of(), List.of(), List.of(new Rejection(line, reason, contact.email())), 0), source);
            }
        }
    }

    private void commit(long id, Batch batch, ContactSource source) {
        transactions.executeWithoutResult(tx -> {
            Set<String> mentioned = new HashSet<>();
            batch.contacts().forEach(contact -> mentioned.add(contact.email()));
            batch.rejections().forEach(r -> {
                if (r.email() != null) {
                    mentioned.add(r.email());
                }
            });
            Set<String> suppressed = suppressions.suppressed(mentioned);
            // An erased person's address must not come back, not even in the report of rejected rows.
            List<Rejection> rejections = new ArrayList<>(batch.rejections().size());
            batch.rejections().forEach(r -> rejections.add(r.email() != null && suppressed.contains(r.email())
                    ? new Rejection(r.line(), r.reason(), null) : r));
            List<ValidContact> writable = new ArrayList<>(batch.contacts().size());
            for (int i = 0; i < batch.contacts().size(); i++) {
                if (suppressed.contains(batch.contacts().get(i).email())) {
                    rejections.add(new Rejection(batch.lines().get(i), "the address is on the suppression list"
                            + " (erased or asked never to be contacted)", null));
                } else {
                    writable.add(batch.contacts().get(i));
                }
            }
            long created = 0, updated = 0, unchanged = 0;
            for (ContactWriter.Outcome outcome : writer.upsert(writable, source)) {
                switch (outcome.kind()) {
                    case CREATED -> created++;
                    case UPDATED -> updated++;
                    case UNCHANGED -> unchanged++;
                }
            }
            template.batchUpdate("""
                    INSERT INTO import_rejections (import_id, line_number, reason, email) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""", rejections, 1000, (ps, r) -> {
                        ps.setLong(1, id);
                        ps.setLong(2, r.line());
                        ps.setString(3, clip(r.reason(), 1000));
                        ps.setString(4, r.email());
                    });
            jdbc.sql("""
                    UPDATE imports SET rows_read = rows_read + ?, created = created + ?, updated = updated + ?,
                        unchanged = unchanged + ?, rejected = rejected + ?
                    WHERE id = ?""")
                    .params(batch.read(), created, updated, unchanged, rejections.size(), id)
                    .update();
        });
    }

    private void fail(long id, Throwable e) {
        log.warn("Import {} failed", id, e);
        jdbc.sql("UPDATE imports SET status = 'FAILED', failure = ?, finished_at = ? WHERE id = ?")
                .params(clip(String.valueOf(e.getMessage()), 900), Timestamps.now(clock), id)
                .update();
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
