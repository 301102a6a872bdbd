package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;

class LoggedFailuresTest {

    @Test
    void aFailedBatchStatementIsLoggedAsAFewHundredCharactersWithItsSqlStateAndItsRootCause() {
        String statement = "INSERT INTO activities (contact_id, type) VALUES " + "(1, 'PAGE_VIEW'), ".repeat(6000);
        SQLException root = new SQLException("ERROR: deadlock detected", "40P01");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 " + statement + " was aborted", "40P01",
                new int[0], root);
        var failure = new PessimisticLockingFailureException("PreparedStatementCallback; " + batch.getMessage(), batch);

        Throwable logged = LoggedFailures.capped(failure);

        int lines = 0;
        for (Throwable t = logged; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).hasSizeLessThan(LoggedFailures.MOST + 200);
            lines++;
        }
        assertThat(lines).as("every cause is kept").isEqualTo(3);
        assertThat(logged.getMessage()).startsWith(PessimisticLockingFailureException.class.getName()
                + ": PreparedStatementCallback; Batch entry 0 INSERT INTO activities").contains("characters more left out");
        assertThat(logged.getCause().getMessage()).endsWith("[SQLState 40P01]");
        assertThat(logged.getCause().getCause().getMessage()).contains("deadlock detected").contains("40P01");
        assertThat(logged.getCause().getCause().getStackTrace()).isEqualTo(root.getStackTrace());
        assertThat(LoggedFailures.summary(failure)).isEqualTo("SQLException: ERROR: deadlock detected [SQLState 40P01]");
    }

    @Test
    void aFailureOfShortMessagesIsLoggedAsItIs() {
        var failure = new IllegalStateException("a bug", new SQLException("no such column", "42703"));
        assertThat(LoggedFailures.capped(failure)).isSameAs(failure);
    }

    @Test
    void aDeadlockOrSerializationFailureIsLostToAnotherTransactionAndWorthRunningAgain() {
        assertThat(Contention.lost(new PessimisticLockingFailureException("deadlock detected"))).isTrue();
        assertThat(Contention.lost(new IllegalStateException("wrapped", new SQLException("could not serialize", "40001"))))
                .isTrue();
        assertThat(Contention.lost(new IllegalStateException("x", new SQLException("duplicate key", "23505")))).isFalse();
    }
}
