package io.keepwarm.platform;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Has PostgreSQL plan one read for its own parameters each time, inside the caller's transaction. A batch read
 * runs as a prepared statement, and PostgreSQL may settle on one generic plan for it after a few runs; for a read
 * of a table that fills as the work goes on ({@code touches}, {@code score_changes}) that plan is made while the
 * table holds few rows, and stays in use as it fills (a tick of 100,000 touches planned three times slower). Only around such reads: a whole transaction on
 * custom plans also re-plans the foreign-key checks of every inserted row, which cost more than they saved.
 * H2 has no generic plans. And after a bulk change, {@link #analyze} refreshes a table's statistics, which custom
 * plans rest on.
 */
@Component
public class CustomPlans {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CustomPlans.class);

    private final JdbcClient jdbc;
    private final boolean postgres;

    CustomPlans(JdbcClient jdbc, Database database) {
        this.jdbc = jdbc;
        this.postgres = database.postgres();
    }

    /**
     * Brings PostgreSQL's statistics of a table up to date after a bulk change (as its manual advises after a bulk
     * load) where autovacuum would come too late: a tick that plans 100,000 touches and sends them at once. Until
     * then the planner still sees the table as it was, which even custom plans get wrong.
     */
    public void analyze(String table) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        if (!postgres) {
            return;
        }
        // Only ever a help: it skips a table a VACUUM or an index build holds rather than wait, and a failure is logged.
        try {
            jdbc.sql("ANALYZE (SKIP_LOCKED) " + table).update();
        } catch (DataAccessException e) {
            log.warn("The statistics of {} were not refreshed", table, e);
        }
    }

    /** Runs the read with custom plans, then puts the transaction's setting back. */
    public void around(Runnable read) {
        if (!postgres) {
            read.run();
            return;
        }
        jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
        read.run();
        jdbc.sql("SET LOCAL plan_cache_mode TO DEFAULT").update();
    }
}
