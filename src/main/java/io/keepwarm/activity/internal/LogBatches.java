package io.keepwarm.activity.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The batches the activity log is followed by: a writer takes a batch id for the rows it is about to write and
 * hands the batch over in the same transaction, so the follower sees it exactly when the rows are committed.
 */
@Component
public class LogBatches {

    private final JdbcClient jdbc;
    private final Clock clock;

    LogBatches(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new batch id to tag rows with. */
    public long open() {
        return jdbc.sql("SELECT NEXTVAL('activity_batch_ids')").query(Long.class).single();
    }

    /** Hands the batch to the follower once the caller's transaction commits. */
    public void close(long batchId, int size) {
        jdbc.sql("INSERT INTO activity_batches (id, size, logged_at) VALUES (?, ?, ?)")
                .params(batchId, size, Timestamps.now(clock)).update();
    }
}
