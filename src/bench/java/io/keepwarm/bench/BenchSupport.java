package io.keepwarm.bench;

import io.keepwarm.KeepwarmApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What every bench case needs: a Keepwarm on a fresh database of the asked kind, timing and medians. */
final class BenchSupport {

    static final Path RESULTS = Path.of("bench-results");

    private BenchSupport() {}

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static ConfigurableApplicationContext start(String db) throws Exception {
        return start(db, Map.of());
    }

    static ConfigurableApplicationContext start(String db, Map<String, String> extra) throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>(extra);
        properties.put("server.port", "0");
        properties.put("spring.flyway.clean-disabled", "false");
        properties.put("keepwarm.identity.admin-password", "bench-admin-password");
        properties.put("keepwarm.contacts.import-directory", "bench-results/imports");
        properties.put("logging.level.root", "WARN");
        properties.put("keepwarm.jobs.enabled", "false");
        if (db.equals("postgres")) {
            String url = env("KEEPWARM_BENCH_DB_URL", "jdbc:postgresql://localhost:5432/keepwarm_bench?reWriteBatchedInserts=true");
            createPostgresDatabase(databaseOf(url));
            properties.put("spring.datasource.url", url);
            properties.put("spring.datasource.username", env("KEEPWARM_BENCH_DB_USER", "postgres"));
            properties.put("spring.datasource.password", env("KEEPWARM_BENCH_DB_PASSWORD", ""));
        } else {
            deleteTree(RESULTS.resolve("h2"));
            properties.put("spring.datasource.url",
                    "jdbc:h2:file:./bench-results/h2/keepwarm;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        }
        // As command-line arguments, so they win over application.yml's defaults.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(KeepwarmApplication.class).run(args);
    }

    static void deleteTree(Path directory) throws java.io.IOException {
        if (Files.exists(directory)) {
            try (var paths = Files.walk(directory)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** A new database each run, the one the URL names: no schema left by older code stands in the way. */
    static void createPostgresDatabase(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("KEEPWARM_BENCH_DB_URL names the database '" + name
                    + "'; use lower-case letters, digits and _");
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:5432/postgres",
                env("KEEPWARM_BENCH_DB_USER", "postgres"), env("KEEPWARM_BENCH_DB_PASSWORD", ""))) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            c.createStatement().execute("CREATE DATABASE " + name);
        }
    }

    /** The database name in a PostgreSQL JDBC URL (jdbc:postgresql://host:port/name?options). */
    static String databaseOf(String url) {
        String path = url.substring(url.indexOf("//") + 2);
        String name = path.substring(path.indexOf('/') + 1);
        int options = name.indexOf('?');
        return options < 0 ? name : name.substring(0, options);
    }

    static void fresh(Flyway flyway) {
        flyway.clean();
        flyway.migrate();
    }

    interface Step {
        void run() throws Exception;
    }

    static long timed(Step step) throws Exception {
        System.gc();
        long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    /**
     * Contacts 1..n (ids as the fresh database gives them), a third each in Berlin, New York and UTC, each with
     * email consent granted: whom the engine's and the forecast's streams enroll.
     */
    static void contactsWithConsent(org.springframework.jdbc.core.simple.JdbcClient jdbc, int n, java.time.Instant now) {
        var ts = io.keepwarm.platform.Timestamps.of(now);
        jdbc.sql("""
                INSERT INTO contacts (email, first_name, time_zone, source, validity, created_at, updated_at)
                SELECT 'c' || g || '@example.com', 'First' || MOD(g, 1000),
                       CASE MOD(g, 3) WHEN 0 THEN 'Europe/Berlin' WHEN 1 THEN 'America/New_York' ELSE 'UTC' END,
                       'IMPORT', 'VALID', ?, ? FROM generate_series(1, ?) g(g)""").params(ts, ts, n).update();
        jdbc.sql("""
                INSERT INTO consent_events (contact_id, channel, state, source, recorded_at, recorded_by)
                SELECT g, 'EMAIL', 'GRANTED', 'bench', ?, 'bench' FROM generate_series(1, ?) g(g)""").params(ts, n).update();
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
