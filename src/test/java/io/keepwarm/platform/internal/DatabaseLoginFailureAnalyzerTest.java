package io.keepwarm.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.support.MetaDataAccessException;

class DatabaseLoginFailureAnalyzerTest {

    /** Spring Boot's analyzers as it finds them on a failed start; those that need the context are left out. */
    private static FailureAnalysis report(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader
                .forDefaultResourceLocation(DatabaseLoginFailureAnalyzerTest.class.getClassLoader())
                .load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((m, e) -> {}));
        return analyzers.stream().map(analyzer -> analyzer.analyze(failure)).filter(Objects::nonNull).findFirst()
                .orElse(null);
    }

    /** As Spring reports a connection refused on start: Flyway, the first to ask for one, could not be made. */
    private static Throwable startFailedOn(SQLException refused) {
        return new BeanCreationException("flyway", "Failed to instantiate [org.flywaydb.core.Flyway]",
                new IllegalStateException(new MetaDataAccessException("Could not get Connection for extracting meta-data",
                        new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", refused))));
    }

    @Test
    void aStartWithAPasswordTheDatabaseRefusesSaysToFixTheDatabaseUserAndPasswordRatherThanOnlyAStackTrace()
            throws Exception {
        // PostgreSQL's answer to a wrong password (this machine's server trusts every login, so it is made here).
        var postgres = new PSQLException("FATAL: password authentication failed for user \"keepwarm\"",
                PSQLState.INVALID_PASSWORD);
        SQLException h2;
        try (Connection made = DriverManager.getConnection("jdbc:h2:mem:login-refused;DB_CLOSE_DELAY=-1", "sa", "right")) {
            h2 = catchThrowableOfType(SQLException.class,
                    () -> DriverManager.getConnection("jdbc:h2:mem:login-refused", "sa", "wrong").close());
        }

        for (SQLException refused : List.of(postgres, h2)) {
            FailureAnalysis analysis = report(startFailedOn(refused));

            assertThat(analysis).as("a report of its own for " + refused.getMessage()).isNotNull();
            assertThat(analysis.getDescription()).contains("refused its login").contains(refused.getMessage());
            assertThat(analysis.getAction()).contains("KEEPWARM_DB_USER", "KEEPWARM_DB_PASSWORD", "Running it for real");
        }
    }

    @Test
    void aStartOnADatabaseThatDoesNotExistSaysToCreateItOrCorrectTheUrl() {
        // PostgreSQL's answer, with its state for it (the driver names no constant for it).
        var missing = new SQLException("FATAL: database \"keepwarm\" does not exist", "3D000");

        FailureAnalysis analysis = report(startFailedOn(missing));

        assertThat(analysis.getDescription()).contains("KEEPWARM_DB_URL does not exist", "database \"keepwarm\"");
        assertThat(analysis.getAction()).contains("Create that database", "KEEPWARM_DB_URL");
    }

    @Test
    void aStartOnADatabaseServerThatCannotBeReachedSaysToCheckTheHostAndPortOfTheUrl() throws Exception {
        int closed;
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = taken.getLocalPort();
        }
        List<SQLException> away = new ArrayList<>();
        // The PostgreSQL driver's own answers: nothing listens on the port; the host has no address; the host takes
        // the connection and never answers.
        away.add(refusedBy("jdbc:postgresql://127.0.0.1:" + closed + "/keepwarm"));
        away.add(refusedBy("jdbc:postgresql://no-such-host.invalid:5432/keepwarm"));
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            away.add(refusedBy("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/keepwarm?socketTimeout=1"));
        }

        for (SQLException failure : away) {
            FailureAnalysis analysis = report(startFailedOn(failure));

            assertThat(analysis).as("a report of its own for " + failure.getMessage()).isNotNull();
            assertThat(analysis.getDescription()).contains("KEEPWARM_DB_URL could not be reached",
                    failure.getMessage());
            assertThat(analysis.getAction()).contains("host and port in KEEPWARM_DB_URL", "Running it for real");
        }
        assertThat(report(startFailedOn(away.get(0))).getDescription()).contains("127.0.0.1:" + closed + " refused");
        assertThat(report(startFailedOn(away.get(1))).getDescription()).contains("no-such-host.invalid");
    }

    private static SQLException refusedBy(String url) {
        return catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "connectTimeout=2",
                        "keepwarm", "secret").close());
    }
}
