package io.keepwarm.contact;

import java.time.Instant;
import java.util.List;

/**
 * An import of a file: its progress while it runs, its counts when done. Every row read is counted once, as
 * {@code created + updated + unchanged + repeated + rejected}: the first three count contacts, one for each person the
 * file names.
 *
 * @param updated contacts that existed before the import and that it changed
 * @param unchanged contacts that existed before the import and that it left as they were
 * @param repeated rows repeated in the file: a row for the contact an earlier row of the file wrote, merged into it (its
 *     values replace that row's, as the file's later word), counted here and not as created, updated or unchanged, and
 *     named with the earlier row's line in {@link Imports#repeats}
 * @param warned rows imported with a value that was not applied (a company detail an earlier row of the file gave
 *     otherwise), each named with what happened in {@link Imports#warnings}
 * @param noted rows imported as they were, with a note a person may want to read (a "no" to consent the contact had
 *     withdrawn, which stays withdrawn; a new contact of the United States, Canada or Australia without a state or
 *     province, which gets the account's time zone), each in {@link Imports#notes}
 * @param ignoredColumns the file's columns that no contact field took (CSV only)
 */
public record ImportJob(
        long id,
        String fileName,
        String format,
        Status status,
        long rowsRead,
        long created,
        long updated,
        long unchanged,
        long rejected,
        long repeated,
        long warned,
        long noted,
        String failure,
        List<String> ignoredColumns,
        String createdBy,
        Instant createdAt,
        Instant finishedAt) {

    /** Where the job is. */
    public enum Status {
        RUNNING,
        DONE,
        FAILED
    }
}
