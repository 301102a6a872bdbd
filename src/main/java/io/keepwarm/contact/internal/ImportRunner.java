package io.keepwarm.contact.internal;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.importing.ParsedRow;
import io.keepwarm.contact.importing.RowSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads an import file to its end in batches. Each batch commits its contacts, its rejected rows and the
 * job's progress together, so the counts always match what was written.
 */
@Component
public class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    static final int BATCH = 2_000;

    private record Rejection(long line, String reason, String email) {}

    private record Counts(long read, long created, long updated, long unchanged, long rejected) {}

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
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(actor, null, List.of()));
        try (rows) {
            ContactValidator validator = validators.current();
            List<ValidContact> batch = new ArrayList<>(BATCH);
            List<Long> lines = new ArrayList<>(BATCH);
            List<Rejection> rejections = new ArrayList<>();
            long read = 0;
            for (ParsedRow row = rows.next(); row != null; row = rows.next()) {
                read++;
                switch (row) {
                    case ParsedRow.Bad bad -> rejections.add(new Rejection(bad.line(), bad.reason(), email(bad.email())));
                    case ParsedRow.Good good -> {
                        switch (validator.check(good.input())) {
                            case ContactValidator.Result.Valid valid -> {
                                batch.add(valid.contact());
                                lines.add(good.line());
                            }
                            case ContactValidator.Result.Invalid invalid -> rejections.add(new Rejection(good.line(),
                                    invalid.reason(), email(good.input().email())));
                        }
                    }
                }
                if (batch.size() + rejections.size() >= BATCH) {
                    commit(id, batch, lines, rejections, read, source);
                    read = 0;
                }
            }
            commit(id, batch, lines, rejections, read, source);
            jdbc.sql("UPDATE imports SET status = 'DONE', finished_at = ? WHERE id = ?").params(Timestamps.now(clock), id).update();
        } catch (IOException | RuntimeException e) {
            log.warn("Import {} failed", id, e);
            jdbc.sql("UPDATE imports SET status = 'FAILED', failure = ?, finished_at = ? WHERE id = ?")
                    .params(clip(String.valueOf(e.getMessage()), 900), Timestamps.now(clock), id)
                    .update();
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

    private void commit(long id, List<ValidContact> batch, List<Long> lines, List<Rejection> rejections, long read,
            ContactSource source) {
        transactions.executeWithoutResult(tx -> {
            Set<String> mentioned = new java.util.HashSet<>();
            batch.forEach(contact -> mentioned.add(contact.email()));
            rejections.forEach(r -> {
                if (r.email() != null) {
                    mentioned.add(r.email());
                }
            });
            Set<String> suppressed = suppressions.suppressed(mentioned);
            // An erased person's address must not come back even in the report of rejected rows.
            rejections.replaceAll(r -> r.email() != null && suppressed.contains(r.email())
                    ? new Rejection(r.line(), r.reason(), null) : r);
            List<ValidContact> writable = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (suppressed.contains(batch.get(i).email())) {
                    rejections.add(new Rejection(lines.get(i), "the address is on the suppression list (erased or"
                            + " asked never to be contacted)", null));
                } else {
                    writable.add(batch.get(i));
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
                    .params(read, created, updated, unchanged, rejections.size(), id)
                    .update();
        });
        batch.clear();
        lines.clear();
        rejections.clear();
    }

    /** The address as erasure will look for it in the report. */
    private static String email(String raw) {
        return raw == null || raw.isBlank() ? null : clip(ContactValidator.normaliseEmail(raw), 254);
    }

    private static String clip(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }
}
