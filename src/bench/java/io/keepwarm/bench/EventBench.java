package io.keepwarm.bench;

import static io.keepwarm.bench.BenchSupport.start;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.Triggers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Event ingestion as an integration sends it: batches of 1,000 events posted to {@code /api/v1/events} by a few
 * clients at once, while the activity feed scores them and matches them to triggers behind the log, as the job
 * does. Throughput counts until the last event is followed (scored and matched), not just accepted. The baseline is
 * a raw JDBC batch insert of the same events into the same table by as many threads, in the same run. Latencies:
 * each API call (p50, p99), and each event's wait from being logged to being followed (p95).
 *
 * <p>{@code ./mvnw -Pbench -DskipTests verify -Dbench.case=events -Dbench.db=postgres -Dbench.rows=200000}
 */
final class EventBench {

    private static final int CONTACTS = 10_000;
    private static final int BATCH = 1000;
    private static final int CLIENTS = Integer.parseInt(BenchSupport.env("KEEPWARM_BENCH_CLIENTS", "4"));
    private static final String[] TYPES = {"PAGE_VIEW", "PAGE_VIEW", "PAGE_VIEW", "PAGE_VIEW", "EMAIL_OPENED",
            "EMAIL_OPENED", "EMAIL_CLICKED", "EMAIL_CLICKED", "FORM_SUBMITTED", "REPLIED"};
    private static final String[] TARGETS = {"https://example.com/pricing", "https://example.com/blog/cooling",
            "https://example.com/white-paper-hpc", "https://example.com/"};

    private EventBench() {}

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "postgres";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int batches = Math.max(1, events / BATCH);
        try (ConfigurableApplicationContext context = start(db, Map.of())) {
            BenchSupport.fresh(context.getBean(org.flywaydb.core.Flyway.class));
            setUp(context);
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            String key = context.getBean(ApiKeys.class).create("bench", Role.MARKETER).key();

            // Warm-up, not counted: the JIT compiler and the database's caches.
            ingest(context, base, key, bodies("warm", Math.min(batches, 20)));
            CpuMeter cpu = new CpuMeter(context.getBean(JdbcClient.class), db);
            CpuMeter.Reading start = cpu.read();
            double raw = direct(context, batches, "raw", false);
            CpuMeter.Reading rawCpu = cpu.read().minus(start);
            context.getBean(JdbcClient.class).sql("DELETE FROM activities WHERE client_event_id LIKE 'raw-%'").update();
            // The floor's statements are PostgreSQL's (VALUES as a table, ON CONFLICT DO UPDATE).
            boolean postgres = db.equals("postgres");
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            if (postgres) {
                jdbc.sql("CREATE TABLE bench_scores_before AS SELECT * FROM contact_scores").update();
            }
            start = cpu.read();
            double floor = postgres ? direct(context, batches, "floor", true) : Double.NaN;
            CpuMeter.Reading floorCpu = cpu.read().minus(start);
            if (postgres) {
                undoFloor(jdbc);
            }
            List<String> runBodies = bodies("run", batches);
            start = cpu.read();
            Run run = ingest(context, base, key, runBodies);
            CpuMeter.Reading runCpu = cpu.read().minus(start);
            int total = batches * BATCH;

            double ratio = run.perSecond / raw;
            System.out.printf("""
                    events: %,d in batches of %,d from %d clients, on %s, %,d contacts, %d scoring rules
                      ingest + score + trigger: %,.0f events/s (accepted in %.2f s, all followed in %.2f s)
                      raw batch insert (baseline): %,.0f events/s
                      floor, the rows alone (events, their score changes and scores, no HTTP, rules or triggers): %,.0f events/s, %.2fx the baseline
                      ratio: %.2fx (target >= 0.5x, >= 20,000 events/s)
                      API latency per 1,000-event batch: p50 %.1f ms, p99 %.1f ms (target p99 <= 100 ms)
                      logged-to-followed per event: p50 %.0f ms, p95 %.0f ms (target p95 <= 5,000 ms)
                      logged-to-fired per trigger firing (%,d firings of %d triggers): p50 %.0f ms, p95 %.0f ms (target p95 <= 5,000 ms)
                      CPU per event: Keepwarm %.1f µs in the JVM (the bench's clients included) + %.1f µs in PostgreSQL; baseline %.1f + %.1f µs; floor %.1f + %.1f µs
                    """, batches * BATCH, BATCH, CLIENTS, db, CONTACTS,
                    context.getBean(ScoringRules.class).behaviourRules().size(), run.perSecond, run.acceptedSeconds,
                    run.followedSeconds, raw, floor, floor / raw, ratio, run.p50, run.p99, run.lagP50, run.lagP95, run.firings,
                    context.getBean(Triggers.class).list(null, null, 100).items().size(), run.firedP50, run.firedP95,
                    1000 * runCpu.jvmMs() / total, 1000 * runCpu.dbMs() / total, 1000 * rawCpu.jvmMs() / total,
                    1000 * rawCpu.dbMs() / total, 1000 * floorCpu.jvmMs() / total, 1000 * floorCpu.dbMs() / total);
        }
    }

    private record Run(double perSecond, double acceptedSeconds, double followedSeconds, double p50, double p99,
            double lagP50, double lagP95, int firings, double firedP50, double firedP95) {}

    private static void setUp(ConfigurableApplicationContext context) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        Timestamp ts = Timestamp.from(Instant.now());
        jdbc.sql("""
                INSERT INTO contacts (email, first_name, time_zone, source, validity, created_at, updated_at)
                SELECT 'c' || g || '@example.com', 'First' || MOD(g, 1000), 'UTC', 'IMPORT', 'VALID', ?, ?
                  FROM generate_series(1, ?) g(g)""").params(ts, ts, CONTACTS).update();
        ScoringRules rules = context.getBean(ScoringRules.class);
        rules.save(null, new ScoringRules.BehaviourRule(null, "Visited pricing", io.keepwarm.activity.ActivityType.PAGE_VIEW,
                null, "/pricing", 10, 5, Duration.ofDays(7), true));
        rules.save(null, new ScoringRules.BehaviourRule(null, "Read a white paper",
                io.keepwarm.activity.ActivityType.PAGE_VIEW, null, "*white-paper-*", 15, null, null, true));
        rules.save(null, new ScoringRules.BehaviourRule(null, "Clicked", io.keepwarm.activity.ActivityType.EMAIL_CLICKED,
                null, null, 3, 10, Duration.ofDays(1), true));
        rules.save(null, new ScoringRules.BehaviourRule(null, "Submitted a form",
                io.keepwarm.activity.ActivityType.FORM_SUBMITTED, null, null, 20, null, null, true));
        rules.save(null, new ScoringRules.BehaviourRule(null, "Replied", io.keepwarm.activity.ActivityType.REPLIED, null,
                null, 30, null, null, true));
        // Triggers on customer cues, each with a condition, as an account has them: every reply, pricing visit and
        // white-paper form is matched and its condition checked; the one contact in a hundred tagged vip fires.
        // KEEPWARM_BENCH_TRIGGERS=false leaves them out, to see what they cost.
        if (!Boolean.parseBoolean(BenchSupport.env("KEEPWARM_BENCH_TRIGGERS", "true"))) {
            return;
        }
        jdbc.sql("INSERT INTO contact_tags (contact_id, tag) SELECT id, 'vip' FROM contacts WHERE MOD(id, 100) = 0").update();
        Triggers triggers = context.getBean(Triggers.class);
        triggers.create(new Trigger.Draft("VIP replied", null, null, new Cue.Activity(ActivityType.REPLIED, null, null),
                "tag = \"vip\"", List.of(new Action.AddTag("replied-vip"), new Action.AdjustScore(10))));
        triggers.create(new Trigger.Draft("VIP on pricing", null, null,
                new Cue.Activity(ActivityType.PAGE_VIEW, null, "/pricing"), "tag = \"vip\" and score >= 20",
                List.of(new Action.AddTag("pricing-vip"))));
        triggers.create(new Trigger.Draft("VIP white paper", null, null,
                new Cue.Activity(ActivityType.FORM_SUBMITTED, null, "*white-paper-*"), "tag = \"vip\"",
                List.of(new Action.AdjustScore(5))));
    }

    /** The request bodies: each a batch of events about random contacts, with ids unique to the run. */
    private static List<String> bodies(String run, int batches) {
        SplittableRandom random = new SplittableRandom(42);
        List<String> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            StringBuilder json = new StringBuilder(BATCH * 120).append("{\"events\":[");
            for (int i = 0; i < BATCH; i++) {
                json.append(i == 0 ? "" : ",").append("{\"id\":\"").append(run).append('-').append(b).append('-').append(i)
                        .append("\",\"contactId\":").append(1 + random.nextInt(CONTACTS))
                        .append(",\"type\":\"").append(TYPES[random.nextInt(TYPES.length)])
                        .append("\",\"target\":\"").append(TARGETS[random.nextInt(TARGETS.length)]).append("\"}");
            }
            bodies.add(json.append("]}").toString());
        }
        return bodies;
    }

    private static Run ingest(ConfigurableApplicationContext context, String base, String key, List<String> bodies)
            throws Exception {
        ActivityFeed feed = context.getBean(ActivityFeed.class);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        long firstId = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM activities").query(Long.class).single();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        // The follower, as the scheduled job runs it: a batch at a time, a short pause when nothing waits.
        Future<?> follower = pool.submit(() -> {
            while (true) {
                int followed = feed.followBatch();
                if (followed == 0 && !sending.get()) {
                    return null;
                }
                if (followed == 0) {
                    Thread.sleep(10);
                }
            }
        });
        long start = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build();
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add((System.nanoTime() - sent) / 1e6);
                    if (response.statusCode() != 200 || !response.body().contains("\"accepted\":" + BATCH)) {
                        throw new IllegalStateException("batch " + i + ": " + response.statusCode() + " " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        double accepted = (System.nanoTime() - start) / 1e9;
        sending.set(false);
        follower.get();
        double followed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        // From logged to scored: each scored event's score change is written when its batch is followed.
        List<Double> lags = jdbc.sql("""
                SELECT EXTRACT(EPOCH FROM (s.changed_at - a.recorded_at)) * 1000
                  FROM score_changes s JOIN activities a ON a.id = s.activity_id WHERE a.id > ?""")
                .param(firstId).query(Double.class).list().stream().sorted().toList();
        // From logged to fired: each firing of an activity trigger names its activity as its occurrence.
        List<Double> fired = jdbc.sql("""
                SELECT EXTRACT(EPOCH FROM (f.fired_at - a.recorded_at)) * 1000
                  FROM trigger_firings f JOIN activities a ON a.id = CAST(SUBSTRING(f.occurrence FROM 10) AS BIGINT)
                 WHERE f.occurrence LIKE 'activity:%' AND a.id > ?""")
                .param(firstId).query(Double.class).list().stream().sorted().toList();
        return new Run(bodies.size() * (double) BATCH / followed, accepted, followed, percentile(sorted, 0.50),
                percentile(sorted, 0.99), percentile(lags, 0.50), percentile(lags, 0.95), fired.size(),
                percentile(fired, 0.50), percentile(fired, 0.95));
    }

    /**
     * The same events straight into the table: JDBC batches of 1,000, a transaction each, as many threads. With
     * {@code scored}, the floor under Keepwarm's ingestion: each batch also leaves the rows scoring must leave, and
     * nothing else (no HTTP, JSON, idempotency check, rule caps, decay, grades or triggers): a log batch, a score
     * change for each event the bench's rules score, naming its activity, and each contact's score added up, all
     * written by the database from the batch's rows in one statement each. If this cannot reach half the baseline,
     * no ingestion that keeps a score history per activity can.
     */
    private static double direct(ConfigurableApplicationContext context, int count, String run, boolean scored)
            throws Exception {
        JdbcTemplate template = context.getBean(JdbcTemplate.class);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        var transactions = context.getBean(org.springframework.transaction.support.TransactionTemplate.class);
        SplittableRandom random = new SplittableRandom(42);
        List<List<Object[]>> batches = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (int b = 0; b < count; b++) {
            List<Object[]> rows = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                rows.add(new Object[] {1L + random.nextInt(CONTACTS), TYPES[random.nextInt(TYPES.length)], now,
                        TARGETS[random.nextInt(TARGETS.length)], now, run + "-" + b + "-" + i});
            }
            batches.add(rows);
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                    List<Object[]> rows = batches.get(i);
                    transactions.executeWithoutResult(status -> {
                        if (!scored) {
                            template.batchUpdate("""
                                    INSERT INTO activities (contact_id, type, occurred_at, target, recorded_at, client_event_id)
                                    VALUES (?, ?, ?, ?, ?, ?)""", rows);
                            return;
                        }
                        long batch = jdbc.sql("SELECT NEXTVAL('activity_batch_ids')").query(Long.class).single();
                        template.batchUpdate("""
                                INSERT INTO activities (contact_id, type, occurred_at, target, recorded_at, client_event_id,
                                                        batch_id)
                                VALUES (?, ?, ?, ?, ?, ?, ?)""", rows.stream().map(row -> {
                                    Object[] tagged = java.util.Arrays.copyOf(row, row.length + 1);
                                    tagged[row.length] = batch;
                                    return tagged;
                                }).toList());
                        jdbc.sql("INSERT INTO activity_batches (id, size, logged_at) VALUES (?, ?, ?)")
                                .params(batch, rows.size(), now).update();
                        jdbc.sql("""
                                INSERT INTO score_changes (contact_id, activity_id, cause, reason, points, score_after, changed_at)
                                SELECT a.contact_id, a.id, 'RULE', 'floor', r.points, 0, ? FROM activities a
                                  JOIN (VALUES ('PAGE_VIEW', '%/pricing', 10), ('PAGE_VIEW', '%white-paper-%', 15),
                                               ('EMAIL_CLICKED', '%', 3), ('FORM_SUBMITTED', '%', 20), ('REPLIED', '%', 30))
                                       AS r(type, target, points) ON a.type = r.type AND a.target LIKE r.target
                                 WHERE a.batch_id = ?""").params(now, batch).update();
                        // In contact order, as the follower locks them: writers of overlapping batches never deadlock.
                        jdbc.sql("""
                                INSERT INTO contact_scores (contact_id, score, updated_at, exact_score, decayed_at)
                                SELECT s.contact_id, SUM(s.points), ?, SUM(s.points), ? FROM score_changes s
                                  JOIN activities a ON a.id = s.activity_id
                                 WHERE a.batch_id = ? GROUP BY s.contact_id ORDER BY s.contact_id
                                ON CONFLICT (contact_id) DO UPDATE SET score = contact_scores.score + EXCLUDED.score,
                                   exact_score = contact_scores.exact_score + EXCLUDED.exact_score,
                                   updated_at = EXCLUDED.updated_at""").params(now, now, batch).update();
                    });
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return batches.size() * (double) BATCH / seconds;
    }

    /** Leaves the tables as the floor found them, so that the measured run starts where it would have. */
    private static void undoFloor(JdbcClient jdbc) {
        jdbc.sql("DELETE FROM score_changes WHERE reason = 'floor'").update();
        jdbc.sql("DELETE FROM activity_batches WHERE id IN (SELECT batch_id FROM activities WHERE client_event_id LIKE 'floor-%')")
                .update();
        jdbc.sql("DELETE FROM activities WHERE client_event_id LIKE 'floor-%'").update();
        jdbc.sql("DELETE FROM contact_scores").update();
        jdbc.sql("INSERT INTO contact_scores SELECT * FROM bench_scores_before").update();
        jdbc.sql("DROP TABLE bench_scores_before").update();
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
