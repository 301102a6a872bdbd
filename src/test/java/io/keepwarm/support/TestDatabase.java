package io.keepwarm.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.ActiveProfilesResolver;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Picks the database of this test run (system property keepwarm.test.db: h2 or postgres). On PostgreSQL it
 * makes sure the server answers and the test database exists; outside CI an unreachable server skips the
 * tests with a notice, in CI (CI=true) it fails them.
 */
public final class TestDatabase implements ActiveProfilesResolver, ExecutionCondition {

    private static final String ADMIN_URL = System.getenv().getOrDefault("KEEPWARM_TEST_DB_ADMIN_URL",
            "jdbc:postgresql://localhost:5432/postgres");
    public static final String USER = System.getenv().getOrDefault("KEEPWARM_TEST_DB_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("KEEPWARM_TEST_DB_PASSWORD", "");
    /**
     * The database of this test JVM: the one KEEPWARM_TEST_DB_URL names for the first, that name with "_2" for the
     * second JVM of a run (surefire's fork number), and so on, since each run starts by emptying its database.
     */
    private static final String URL = forkOwn(System.getenv().getOrDefault("KEEPWARM_TEST_DB_URL",
            "jdbc:postgresql://localhost:5432/keepwarm_test?reWriteBatchedInserts=true"),
            Integer.parseInt(System.getProperty("keepwarm.test.fork", "fork-1").replaceFirst("^fork-", "")));
    /** The database the URL names, made when missing: CI names one of its own, apart from a developer's runs. */
    private static final String DATABASE = URL.replaceFirst("^jdbc:postgresql://[^/]*/", "").replaceFirst("[?].*$", "");

    static {
        // application-postgres.yml reads it, so the Spring contexts of this JVM use its own database.
        System.setProperty("keepwarm.test.db-url", URL);
    }

    private static volatile String unreachable;
    private static volatile boolean checked;

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("keepwarm.test.db", "h2"));
    }

    static String forkOwn(String url, int fork) {
        return fork <= 1 ? url : url.replaceFirst("^(jdbc:postgresql://[^/]*/[^?]*)", "$1_" + fork);
    }

    /** The JDBC URL with its connections working in a schema of their own. */
    public static String inSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * A database for one test class's context alone (a browser test's server on a real port): the schema of that
     * name on PostgreSQL, an in-memory database of that name on H2.
     */
    public static void ownDatabase(DynamicPropertyRegistry properties, String name) {
        properties.add("spring.datasource.url", () -> ownUrl(name));
        if (postgres()) {
            properties.add("spring.flyway.schemas", () -> name);
        }
    }

    /** The JDBC URL of {@link #ownDatabase}'s database, for a test that connects without Spring (with USER, PASSWORD). */
    public static String ownUrl(String name) {
        return postgres() ? inSchema(URL, name)
                : "jdbc:h2:mem:keepwarm_" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1";
    }

    @Override
    public String[] resolve(Class<?> testClass) {
        return postgres() ? new String[] {"test", "postgres"} : new String[] {"test"};
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!postgres()) {
            return ConditionEvaluationResult.enabled("H2 in memory");
        }
        String problem = check();
        if (problem == null) {
            return ConditionEvaluationResult.enabled("PostgreSQL reachable");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + problem);
        }
        return ConditionEvaluationResult.disabled("SKIPPED on PostgreSQL: " + problem);
    }

    private static synchronized String check() {
        if (!checked) {
            checked = true;
            try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
                boolean exists;
                try (var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    s.setString(1, DATABASE);
                    exists = s.executeQuery().next();
                }
                if (!exists) {
                    if (!DATABASE.matches("[a-z_][a-z0-9_]*")) {
                        throw new SQLException("database '" + DATABASE + "' of KEEPWARM_TEST_DB_URL does not exist"
                                + " and is not a plain name to create");
                    }
                    try (var s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            } catch (SQLException e) {
                unreachable = "PostgreSQL is not reachable at " + ADMIN_URL + " (" + e.getMessage() + ")";
                System.err.println("\n*** NOTICE: " + unreachable + " - the PostgreSQL tests are skipped ***\n");
            }
        }
        return unreachable;
    }

}
