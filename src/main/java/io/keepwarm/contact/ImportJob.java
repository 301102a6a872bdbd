package io.keepwarm.contact;

import java.time.Instant;
import java.util.List;

/**
 * An import of a file: its progress while it runs, its counts when done.
 *
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
