package io.keepwarm.bench;

import static io.keepwarm.bench.BenchSupport.fresh;
import static io.keepwarm.bench.BenchSupport.start;

import io.keepwarm.content.ContentDraft;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.Engine;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.Programs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stream's figures as its page and {@code GET /api/v1/programs/{id}/stats} work them out, the content exhaustion
 * forecast of every active contact included, beside a baseline that only reads the same enrollments page by page as
 * the forecast does, in the same run. Arguments: database, enrolled contacts.
 */
public final class ForecastBench {

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int enrolled = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        System.out.printf("Forecast bench: a stream of %,d active contacts and a pool of 10 pieces, on %s%n", enrolled, db);
        Instant now = Instant.parse("2026-03-03T14:00:00Z");
        try (ConfigurableApplicationContext context = start(db, Map.of("keepwarm.clock", "simulated", "keepwarm.clock-runs", "false",
                "keepwarm.clock-start", now.toString()))) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            fresh(context.getBean(Flyway.class));
            long program = setUp(context, jdbc, enrolled, now, db);
            Engine engine = context.getBean(Engine.class);
            Enrollments enrollments = context.getBean(Enrollments.class);
            engine.stats(program); // warm-up, not counted
            List<Double> stats = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                long counted = engine.stats(program).runningOut().values().stream().mapToLong(Long::longValue).sum();
                stats.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                long read = 0;
                String cursor = null;
                do {
                    var page = enrollments.list(program, Enrollment.Status.ACTIVE, cursor, 500);
                    read += page.items().size();
                    cursor = page.nextCursor();
                } while (cursor != null);
                baseline.add((System.nanoTime() - start) / 1e6);
                System.out.printf("round %d: stats %.0f ms (%,d contacts forecast), baseline %.0f ms (%,d read)%n",
                        round + 1, stats.getLast(), counted, baseline.getLast(), read);
            }
            double statsMs = BenchSupport.median(stats);
            double baselineMs = BenchSupport.median(baseline);
            System.out.printf("stats of a stream of %,d: %.0f ms (median of 3); the enrollments read alone %.0f ms;"
                    + " %.1f× the baseline's time%n", enrolled, statsMs, baselineMs, statsMs / baselineMs);
        }
    }

    private static long setUp(ConfigurableApplicationContext context, JdbcClient jdbc, int n, Instant now, String db)
            throws Exception {
        var ts = Timestamps.of(now);
        BenchSupport.contactsWithConsent(jdbc, n, now);
        ContentLibrary library = context.getBean(ContentLibrary.class);
        JsonMapper json = context.getBean(JsonMapper.class);
        List<Long> pool = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            pool.add(library.create(json.readValue("""
                    {"name": "Guide %d", "type": "ARTICLE", "status": "LIVE",
                     "variants": {"email": {"subject": "Guide %d", "html": "<p>Something useful.</p>"}}}"""
                    .formatted(i, i), ContentDraft.class)).item().id());
        }
        Programs programs = context.getBean(Programs.class);
        var program = programs.create(json.readValue("""
                {"name": "forecast", "kind": "STREAM", "cadence": {"type": "every", "period": "P28D", "at": "10:00"},
                 "pool": %s}""".formatted(pool), Program.Draft.class));
        programs.activate(program.id());
        jdbc.sql("""
                INSERT INTO enrollments (program_id, contact_id, active_contact_id, status, source, enrolled_at, step,
                    occurrence, next_due_at)
                SELECT ?, g, g, 'ACTIVE', 'API', ?, 0, 0, ? FROM generate_series(1, ?) g(g)""")
                .params(program.id(), ts, Timestamps.of(now.plusSeconds(86_400)), n).update();
        jdbc.sql(db.equals("postgres") ? "VACUUM ANALYZE" : "ANALYZE").update();
        return program.id();
    }
}
