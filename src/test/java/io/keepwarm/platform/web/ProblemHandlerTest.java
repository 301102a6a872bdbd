package io.keepwarm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

@ExtendWith(OutputCaptureExtension.class)
class ProblemHandlerTest {

    @Test
    void aBrowserThatLeftMidAnswerIsNoErrorInTheLogAndGetsNoProblem(CapturedOutput output) {
        ProblemDetail problem = answer(
                new ClientAbortException(new java.io.IOException("Broken pipe")));

        assertThat(problem).as("nobody is there to read it").isNull();
        assertThat(output).doesNotContain("Unexpected failure");
    }

    @Test
    void aFailureNobodyForesawIsStillLoggedAndAnsweredAsAProblem(CapturedOutput output) {
        ProblemDetail problem = answer(new IllegalStateException("boom"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(output).contains("Unexpected failure");
    }

    @Test
    void aRequestDuringADatabaseOutageIsAnsweredUnavailableWithALineInTheLogNotAStackTrace(CapturedOutput output) {
        // As a request fails while the database is away: the driver refused, or the pool waited for it in vain.
        var refused = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new PSQLException("Connection to 127.0.0.1:5439 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT));
        var waited = new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"));

        for (Exception outage : List.of(refused, waited)) {
            ProblemDetail problem = answer(outage);

            assertThat(problem.getStatus()).isEqualTo(503);
            assertThat(problem.getDetail()).contains("The database cannot be reached", "Try again");
        }
        assertThat(output).contains("the database cannot be reached (Connection to 127.0.0.1:5439 refused)")
                .doesNotContain("Unexpected failure").doesNotContain("\tat ");
    }

    @Test
    void aRequestTheDatabaseGaveUpForAnothersSakeIsAnsweredBusyWithRetryAfterNotAsOurFailure(CapturedOutput output) {
        var deadlock = new org.springframework.dao.PessimisticLockingFailureException("PreparedStatementCallback; "
                + "Batch entry 0 INSERT INTO activities VALUES " + "(1, 'PAGE_VIEW'), ".repeat(5000),
                new java.sql.SQLException("ERROR: deadlock detected", "40P01"));

        var answer = new ProblemHandler().unexpected(deadlock);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(answer.getBody().getDetail()).contains("nothing of it was recorded", "Send the same request again");
        assertThat(output).contains("deadlock detected [SQLState 40P01]").doesNotContain("Unexpected failure")
                .doesNotContain("(1, 'PAGE_VIEW'), (1, 'PAGE_VIEW'), (1, 'PAGE_VIEW'), (1, 'PAGE_VIEW'), (1, 'PAGE_VIEW'),"
                        .repeat(10));
    }

    @Test
    void aFailedStatementIsLoggedAFewHundredCharactersAMessageWithItsRootCause(CapturedOutput output) {
        var failed = new org.springframework.jdbc.UncategorizedSQLException("PreparedStatementCallback",
                "INSERT INTO activities VALUES " + "(1, 'PAGE_VIEW'), ".repeat(5000),
                new java.sql.SQLException("ERROR: value too long for type character varying(20)", "22001"));

        new ProblemHandler().unexpected(failed);

        assertThat(output).contains("Unexpected failure").contains("characters more left out")
                .contains("value too long for type character varying(20) [SQLState 22001]").contains("\tat ");
        assertThat(output.getAll().lines().mapToInt(String::length).max().orElse(0)).isLessThan(1000);
    }

    private static ProblemDetail answer(Exception e) {
        var answer = new ProblemHandler().unexpected(e);
        return answer == null ? null : answer.getBody();
    }

    @Test
    void invalidInputAddsItsOwnPropertiesNextToTheErrors() {
        InvalidInputException located = new InvalidInputException("line 1, column 14: wrong",
                List.of(new FieldError("rule", "line 1, column 14: wrong"))) {
            @Override
            public Map<String, Object> problemProperties() {
                return Map.of("line", 1, "column", 14);
            }
        };

        ProblemDetail problem = new ProblemHandler().invalidInput(located);

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).isEqualTo("line 1, column 14: wrong");
        assertThat(problem.getProperties()).containsEntry("line", 1).containsEntry("column", 14)
                .containsEntry("errors", located.errors());
    }
}
