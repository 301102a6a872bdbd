package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.UnexpectedRollbackException;

class DatabaseFailuresTest {

    @Test
    void aLostOrRefusedConnectionALockTimeoutOrADeadlockIsTheDatabasesMomentAndWorthTryingAgain() {
        assertThat(DatabaseFailures.passing(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))
                .as("filed by Spring as non-transient").isTrue();
        assertThat(DatabaseFailures.passing(new CannotCreateTransactionException("Could not open JDBC Connection"))).isTrue();
        assertThat(DatabaseFailures.passing(new CannotAcquireLockException("canceling statement due to lock timeout"))).isTrue();
        assertThat(DatabaseFailures.passing(new PessimisticLockingFailureException("deadlock detected"))).isTrue();
    }

    @Test
    void aRefusedRowOrStatementIsTheWorksOwnFailureAndWouldFailAgain() {
        assertThat(DatabaseFailures.passing(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(DatabaseFailures.passing(new BadSqlGrammarException("select", "SELECT x", new SQLException("no column"))))
                .isFalse();
        assertThat(DatabaseFailures.passing(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseFailures.passing(new UnexpectedRollbackException("marked rollback-only")))
                .as("a step that failed inside and was swallowed fails the same way every time").isFalse();
        assertThat(DatabaseFailures.passing(new DataAccessResourceFailureException("index row size exceeds maximum",
                new SQLException("index row size 3000 exceeds btree maximum", "54000")))).isFalse();
    }
}
