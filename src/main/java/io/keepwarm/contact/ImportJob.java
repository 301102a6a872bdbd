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

    /**
     * Whether an older Keepwarm counted this job, before a repeated row was counted apart (5 December 2026): it counted
     * the row as repeated and also as the contact it then updated or left unchanged, so the counts add up to more than
     * the rows read, by the repeats. Which of updated and unchanged holds them was not kept, so the counts are shown as
     * stored, with a note. A job older still (before repeats were recorded at all) cannot be told from a file without
     * repeats: nothing kept says which rows wrote the same contact.
     */
    public boolean repeatsCountedTwice() {
        return repeated > 0 && created + updated + unchanged + rejected == rowsRead;
    }

    /** Where the job is. */
    public enum Status {
        RUNNING,
        DONE,
        FAILED
    }
}
