package io.keepwarm.bench;

import static io.keepwarm.bench.BenchSupport.RESULTS;
import static io.keepwarm.bench.BenchSupport.fresh;
import static io.keepwarm.bench.BenchSupport.start;
import static io.keepwarm.bench.BenchSupport.timed;

import io.keepwarm.content.ContentDraft;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.internal.EngineProperties;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.Programs;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One engine tick over enrolled contacts of which a tenth are due: plan (goal, content choice) and send (contact
 * locks, pressure policy with consent, render, outbox) every due touch, beside a baseline that only claims the
 * same enrollments with FOR UPDATE SKIP LOCKED and inserts as many touch rows, in the same run, and a floor that
 * only writes the rows a sent touch leaves; each after an uncounted warm-up round over half as many other
 * enrollments. Then the time of one claim with 1,000 and with all enrollments pending. Arguments: database,
 * enrolled contacts.
 */
public final class EngineBench {

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int enrolled = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int due = enrolled / 10;
        System.out.printf("Engine bench: %,d enrolled, %,d due, on %s%n", enrolled, due, db);
        // A simulated clock on a Tuesday at 14:00 UTC (15:00 in Berlin, 09:00 in New York): quiet hours hold nothing
        // back, so the figures measure the engine, not the calendar.
        Instant now = Instant.parse("2026-03-03T14:00:00Z");
        try (ConfigurableApplicationContext context = start(db, Map.of("keepwarm.clock", "simulated", "keepwarm.clock-runs", "false",
                "keepwarm.clock-start", now.toString()))) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            fresh(context.getBean(Flyway.class));
            setUp(context, jdbc, enrolled, now, db);
            System.out.printf("engine and baseline on %d workers each%n", context.getBean(EngineProperties.class).workers());
            // A warm-up round over other enrollments, not counted: a running Keepwarm's code was compiled long ago.
            // Measured cold, the JIT compiled the engine while it ran: 124 ms of JVM CPU per 1,000 touches instead
            // of 52, a third of it C2's own threads (JFR). Each of the three runs gets the same warm-up.
            round(context, jdbc, due + 1, due + due / 2, now, db);
            Round measured = round(context, jdbc, 1, due, now, db);
            double baselineMs = measured.baselineMs();
            double planMs = measured.planMs();
            double sendMs = measured.sendMs();
            double floorMs = measured.floorMs();
            double baselineRate = due / (baselineMs / 1000);
            double engineRate = due / ((planMs + sendMs) / 1000);
            double floorRate = due / (floorMs / 1000);
            CpuMeter.Reading baselineCpu = measured.baselineCpu();
            CpuMeter.Reading planCpu = measured.planCpu();
            CpuMeter.Reading sendCpu = measured.sendCpu();
            CpuMeter.Reading floorCpu = measured.floorCpu();

            System.out.printf("baseline %.0f ms (%,.0f rows/s); plan %.0f ms + send %.0f ms (%,.0f touches/s); floor %.0f ms (%,.0f touches/s, %.2f× the baseline)%n",
                    baselineMs, baselineRate, planMs, sendMs, engineRate, floorMs, floorRate, floorRate / baselineRate);
            System.out.printf("CPU ms per 1,000 touches, JVM + PostgreSQL: baseline %.0f + %.0f; plan %.0f + %.0f; send %.0f + %.0f; floor %.0f + %.0f%n",
                    baselineCpu.jvmMs() * 1000 / due, baselineCpu.dbMs() * 1000 / due, planCpu.jvmMs() * 1000 / due,
                    planCpu.dbMs() * 1000 / due, sendCpu.jvmMs() * 1000 / due, sendCpu.dbMs() * 1000 / due,
                    floorCpu.jvmMs() * 1000 / due, floorCpu.dbMs() * 1000 / due);

            Enrollments enrollments = context.getBean(Enrollments.class);
            TransactionTemplate tx = context.getBean(TransactionTemplate.class);
            jdbc.sql("UPDATE enrollments SET next_due_at = ? WHERE id <= 1000").param(Timestamps.of(now.minusSeconds(60))).update();
            jdbc.sql("UPDATE enrollments SET next_due_at = ? WHERE id > 1000").param(Timestamps.of(now.plusSeconds(86_400))).update();
            analyze(jdbc, db);
            double fewMs = claim(tx, enrollments, now);
            jdbc.sql("UPDATE enrollments SET next_due_at = ?").param(Timestamps.of(now.minusSeconds(60))).update();
            analyze(jdbc, db);
            double allMs = claim(tx, enrollments, now);
            System.out.printf("claim of 500: %.1f ms with 1,000 pending, %.1f ms with %,d pending%n", fewMs, allMs, enrolled);
            int workers = context.getBean(EngineProperties.class).workers();
            double baselineCpuPer1000 = (baselineCpu.jvmMs() + baselineCpu.dbMs()) * 1000 / due;
            double engineCpuPer1000 = (planCpu.jvmMs() + planCpu.dbMs() + sendCpu.jvmMs() + sendCpu.dbMs()) * 1000 / due;
            double floorCpuPer1000 = (floorCpu.jvmMs() + floorCpu.dbMs()) * 1000 / due;
            report(db, enrolled, due, workers, baselineRate, engineRate, floorRate, planMs, sendMs, fewMs, allMs,
                    baselineCpuPer1000, engineCpuPer1000, floorCpuPer1000);
        }
    }

    /** Times and CPU of the three runs over one range of enrollments. */
    private record Round(double baselineMs, CpuMeter.Reading baselineCpu, double planMs, CpuMeter.Reading planCpu,
            double sendMs, CpuMeter.Reading sendCpu, double floorMs, CpuMeter.Reading floorCpu) {}

    /**
     * The baseline, the engine's tick and the floor, each over enrollments {@code from..to} (contacts of the same
     * ids) made due, on freshly vacuumed tables. The rows of the baseline and the engine are deleted after their
     * run; the floor's stay, as a history of sent touches the next round finds like a running Keepwarm's tables.
     * (Emptied and vacuumed instead, the tables had the engine's connections re-plan their prepared reads for empty
     * tables: the goal check then scanned all of {@code activities} once per contact, 300 ms a batch.)
     */
    private static Round round(ConfigurableApplicationContext context, JdbcClient jdbc, long from, long to, Instant now,
            String db) throws Exception {
        long count = to - from + 1;
        Engine engine = context.getBean(Engine.class);
        CpuMeter cpu = new CpuMeter(jdbc, db);
        makeDue(jdbc, from, to, now, db);
        CpuMeter.Reading before = cpu.read();
        double baselineMs = timed(() -> baseline(context, now)) / 1e6;
        CpuMeter.Reading baselineCpu = cpu.read().minus(before);
        jdbc.sql("DELETE FROM touches WHERE enrollment_id BETWEEN ? AND ?").params(from, to).update();
        // The engine starts on tables as clean as the baseline had them, not on the baseline's dead rows.
        makeDue(jdbc, from, to, now, db);
        long[] counts = new long[2];
        before = cpu.read();
        double planMs = timed(() -> counts[0] = engine.plan().total()) / 1e6;
        CpuMeter.Reading planned = cpu.read();
        double sendMs = timed(() -> counts[1] = engine.send().count(io.keepwarm.engine.internal.Dispatcher.Outcome.SENT)) / 1e6;
        CpuMeter.Reading planCpu = planned.minus(before);
        CpuMeter.Reading sendCpu = cpu.read().minus(planned);
        long outbox = sentTo(jdbc, from, to);
        if (counts[0] != count || outbox != count) {
            throw new IllegalStateException("the tick did not touch every due contact once: planned " + counts[0]
                    + ", outbox " + outbox + " of " + count);
        }
        Sent message = jdbc.sql("SELECT subject, html, text, unsubscribe_url, links, from_address, from_name FROM outbox_messages WHERE contact_id = ?")
                .param(from).query((rs, n) -> new Sent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)))
                .single();
        Long contentId = jdbc.sql("SELECT content_id FROM touches WHERE contact_id = ?").param(from).query(Long.class).single();
        deleteWritten(jdbc, from, to);
        makeDue(jdbc, from, to, now, db);
        before = cpu.read();
        double floorMs = timed(() -> floor(context, now, contentId, message)) / 1e6;
        CpuMeter.Reading floorCpu = cpu.read().minus(before);
        long floorTouches = sentTo(jdbc, from, to);
        if (floorTouches != count) {
            throw new IllegalStateException("the floor wrote " + floorTouches + " messages of " + count);
        }
        jdbc.sql("UPDATE enrollments SET next_due_at = ? WHERE id BETWEEN ? AND ?")
                .params(Timestamps.of(now.plusSeconds(86_400)), from, to).update();
        analyze(jdbc, db);
        return new Round(baselineMs, baselineCpu, planMs, planCpu, sendMs, sendCpu, floorMs, floorCpu);
    }

    /** Makes enrollments {@code from..to} due as they were enrolled, and vacuums. */
    private static void makeDue(JdbcClient jdbc, long from, long to, Instant now, String db) {
        jdbc.sql("UPDATE enrollments SET next_due_at = ?, step = 0, occurrence = 0 WHERE id BETWEEN ? AND ?")
                .params(Timestamps.of(now.minusSeconds(60)), from, to).update();
        analyze(jdbc, db);
    }

    private static long sentTo(JdbcClient jdbc, long from, long to) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE contact_id BETWEEN ? AND ?").params(from, to)
                .query(Long.class).single();
    }

    /** Deletes what a run wrote for contacts {@code from..to}. */
    private static void deleteWritten(JdbcClient jdbc, long from, long to) {
        for (String table : List.of("outbox_messages", "activities", "touches")) {
            jdbc.sql("DELETE FROM " + table + " WHERE contact_id BETWEEN ? AND ?").params(from, to).update();
        }
        jdbc.sql("DELETE FROM activity_batches b WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.batch_id = b.id)").update();
    }

    private static void setUp(ConfigurableApplicationContext context, JdbcClient jdbc, int n, Instant now, String db) {
        var ts = Timestamps.of(now);
        BenchSupport.contactsWithConsent(jdbc, n, now);
        ContentLibrary library = context.getBean(ContentLibrary.class);
        List<Long> pool = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            var draft = context.getBean(JsonMapper.class).readValue("""
                    {"name": "Guide %d", "type": "ARTICLE", "status": "LIVE", "fallbacks": {"contact.first_name": "there"},
                     "variants": {"email": {"subject": "Guide %d for {{ contact.first_name }}",
                       "html": "<p>Dear {{ contact.first_name }},</p><p>Something useful.</p>"}}}""".formatted(i, i),
                    ContentDraft.class);
            pool.add(library.create(draft).item().id());
        }
        Programs programs = context.getBean(Programs.class);
        var program = programs.create(context.getBean(JsonMapper.class).readValue("""
                {"name": "bench", "kind": "STREAM", "goal": {"activity": "replied"},
                 "cadence": {"type": "every", "period": "P28D", "at": "10:00"}, "pool": %s}""".formatted(pool),
                Program.Draft.class));
        programs.activate(program.id());
        // Due tomorrow; each round makes its range due now.
        jdbc.sql("""
                INSERT INTO enrollments (program_id, contact_id, active_contact_id, status, source, enrolled_at, step,
                    occurrence, next_due_at)
                SELECT ?, g, g, 'ACTIVE', 'API', ?, 0, 0, ? FROM generate_series(1, ?) g(g)""")
                .params(program.id(), ts, Timestamps.of(now.plusSeconds(86_400)), n)
                .update();
        analyze(jdbc, db);
    }

    /**
     * Claims due enrollments in batches of 500, inserts one touch row each (a batched statement) and moves the
     * enrollments on (one statement with an id array), as the engine writes, on as many workers as the engine
     * has: the floor any engine stands on.
     */
    private static void baseline(ConfigurableApplicationContext context, Instant now) throws Exception {
        onEveryWorker(context, () -> claimAndInsertUntilDone(context, now));
    }

    /** Runs {@code work} on as many threads as the engine has workers, and waits for all of them. */
    private static void onEveryWorker(ConfigurableApplicationContext context, Runnable work) throws Exception {
        int workers = context.getBean(EngineProperties.class).workers();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(workers)) {
            List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(pool.submit(work));
            }
            for (var worker : running) {
                worker.get();
            }
        }
    }

    private static void claimAndInsertUntilDone(ConfigurableApplicationContext context, Instant now) {
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        Enrollments enrollments = context.getBean(Enrollments.class);
        JdbcTemplate template = context.getBean(JdbcTemplate.class);
        var ts = Timestamps.of(now);
        var later = Timestamps.of(now.plusSeconds(86_400));
        while (Boolean.TRUE.equals(tx.execute(status -> {
            var claimed = enrollments.claimDue(now, 500);
            template.batchUpdate("""
                    INSERT INTO touches (enrollment_id, program_id, contact_id, step, occurrence, kind, channel,
                        content_id, state, planned_at, due_at, stale_at, attempts)
                    VALUES (?, ?, ?, 0, 0, 'SEND', 'EMAIL', NULL, 'PLANNED', ?, ?, ?, 0)""", claimed, 500, (ps, e) -> {
                ps.setLong(1, e.id());
                ps.setLong(2, e.programId());
                ps.setLong(3, e.contactId());
                ps.setObject(4, ts);
                ps.setObject(5, ts);
                ps.setObject(6, ts);
            });
            template.update("UPDATE enrollments SET next_due_at = ? WHERE id = ANY(?)", ps -> {
                ps.setObject(1, later);
                ps.setArray(2, ps.getConnection().createArrayOf("BIGINT", claimed.stream().map(e -> e.id()).toArray()));
            });
            return !claimed.isEmpty();
        }))) {
            // next batch
        }
    }

    /** One message the engine wrote, to write again as the floor's. */
    private record Sent(String subject, String html, String text, String unsubscribeUrl, String links, String fromAddress,
            String fromName) {}

    /**
     * The floor under the engine: only the rows every sent touch must leave, with no reads but the claim and its
     * own new touch rows, and no logic (no goal, consent, pressure policy, content choice or render). Per batch of 500 due enrollments, as the
     * baseline claims them: the touch rows, inserted already sent; the outbox rows, each a copy of a message the
     * engine wrote (same sender, subject and bodies, its own address and Message-ID), written from the touch rows
     * in one statement; the log batch and a sent activity per touch for the timeline, scoring and triggers, also in one
     * statement; and the enrollments moved on. If this cannot reach half the baseline, no engine that keeps every
     * email and the timeline can.
     */
    private static void floor(ConfigurableApplicationContext context, Instant now, long contentId, Sent m) throws Exception {
        onEveryWorker(context, () -> floorUntilDone(context, now, contentId, m));
    }

    private static void floorUntilDone(ConfigurableApplicationContext context, Instant now, long contentId, Sent m) {
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        Enrollments enrollments = context.getBean(Enrollments.class);
        JdbcTemplate template = context.getBean(JdbcTemplate.class);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        var ts = Timestamps.of(now);
        var later = Timestamps.of(now.plusSeconds(86_400));
        while (Boolean.TRUE.equals(tx.execute(status -> {
            var claimed = enrollments.claimDue(now, 500);
            if (claimed.isEmpty()) {
                return false;
            }
            template.batchUpdate("""
                    INSERT INTO touches (enrollment_id, program_id, contact_id, step, occurrence, kind, channel,
                        content_id, state, planned_at, due_at, stale_at, attempts, sent_at)
                    VALUES (?, ?, ?, 0, 0, 'SEND', 'EMAIL', ?, 'SENT', ?, ?, ?, 1, ?)""", claimed, 500, (ps, e) -> {
                ps.setLong(1, e.id());
                ps.setLong(2, e.programId());
                ps.setLong(3, e.contactId());
                ps.setLong(4, contentId);
                ps.setObject(5, ts);
                ps.setObject(6, ts);
                ps.setObject(7, ts);
                ps.setObject(8, ts);
            });
            Object[] ids = claimed.stream().map(e -> e.id()).toArray();
            template.update("""
                    INSERT INTO outbox_messages (touch_id, contact_id, kind, to_address, from_address, from_name, subject,
                        html, text, unsubscribe_url, links, message_id, status, attempts, next_attempt_at, created_at)
                    SELECT t.id, t.contact_id, 'NURTURE', 'c' || t.contact_id || '@example.com', ?, ?, ?, ?, ?, ?, ?,
                           '<touch-' || t.id || '@bench.example>', 'KEPT', 0, ?, ?
                      FROM touches t WHERE t.enrollment_id = ANY(?)""", ps -> {
                ps.setString(1, m.fromAddress());
                ps.setString(2, m.fromName());
                ps.setString(3, m.subject());
                ps.setString(4, m.html());
                ps.setString(5, m.text());
                ps.setString(6, m.unsubscribeUrl());
                ps.setString(7, m.links());
                ps.setObject(8, ts);
                ps.setObject(9, ts);
                ps.setArray(10, ps.getConnection().createArrayOf("BIGINT", ids));
            });
            long batch = jdbc.sql("SELECT NEXTVAL('activity_batch_ids')").query(Long.class).single();
            template.update("""
                    INSERT INTO activities (contact_id, type, occurred_at, channel, target, recorded_at, batch_id)
                    SELECT t.contact_id, 'TOUCH_SENT', ?, 'EMAIL', 'touch:' || t.id, ?, ? FROM touches t
                     WHERE t.enrollment_id = ANY(?)""", ps -> {
                ps.setObject(1, ts);
                ps.setObject(2, ts);
                ps.setLong(3, batch);
                ps.setArray(4, ps.getConnection().createArrayOf("BIGINT", ids));
            });
            jdbc.sql("INSERT INTO activity_batches (id, size, logged_at) VALUES (?, ?, ?)").params(batch, claimed.size(), ts).update();
            template.update("UPDATE enrollments SET next_due_at = ? WHERE id = ANY(?)", ps -> {
                ps.setObject(1, later);
                ps.setArray(2, ps.getConnection().createArrayOf("BIGINT", ids));
            });
            return true;
        }))) {
            // next batch
        }
    }

    private static double claim(TransactionTemplate tx, Enrollments enrollments, Instant now) {
        List<Double> times = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            tx.execute(status -> enrollments.claimDue(now, 500));
            times.add((System.nanoTime() - start) / 1e6);
        }
        return BenchSupport.median(times);
    }

    private static void analyze(JdbcClient jdbc, String db) {
        jdbc.sql(db.equals("postgres") ? "VACUUM ANALYZE" : "ANALYZE").update();
    }

    private static void report(String db, int enrolled, int due, int workers, double baselineRate, double engineRate,
            double floorRate, double planMs, double sendMs, double fewMs, double allMs, double baselineCpu, double engineCpu,
            double floorCpu) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", "engine");
        result.put("database", db);
        result.put("enrolled", enrolled);
        result.put("due", due);
        result.put("workers", workers);
        result.put("measuredAt", Instant.now().toString());
        result.put("baselineRowsPerSecond", Math.round(baselineRate));
        result.put("touchesPerSecond", Math.round(engineRate));
        result.put("ratioToBaseline", Math.round(engineRate / baselineRate * 100) / 100.0);
        result.put("floorTouchesPerSecond", Math.round(floorRate));
        result.put("floorRatioToBaseline", Math.round(floorRate / baselineRate * 100) / 100.0);
        result.put("planMs", Math.round(planMs));
        result.put("sendMs", Math.round(sendMs));
        result.put("baselineCpuMsPer1000", Math.round(baselineCpu));
        result.put("engineCpuMsPer1000", Math.round(engineCpu));
        result.put("floorCpuMsPer1000", Math.round(floorCpu));
        result.put("claimMsWith1000Pending", fewMs);
        result.put("claimMsWithAllPending", allMs);
        String name = "engine-" + db + "-" + enrolled;
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve(name + ".json"), JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        String markdown = """
                | case | database | enrolled / due | workers | claim + insert touch rows (baseline) | plan + send (engine) | ratio | floor: the rows alone | floor ratio | plan | send | CPU per 1,000: baseline / engine / floor | claim of 500, 1,000 pending | claim of 500, all pending |
                |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | one tick | %s | %,d / %,d | %d | %,.0f rows/s | %,.0f touches/s | %.2f× | %,.0f touches/s | %.2f× | %,.0f ms | %,.0f ms | %,.0f / %,.0f / %,.0f ms | %.1f ms | %.1f ms |
                """.formatted(db, enrolled, due, workers, baselineRate, engineRate, engineRate / baselineRate, floorRate,
                floorRate / baselineRate, planMs, sendMs, baselineCpu, engineCpu, floorCpu, fewMs, allMs);
        Files.writeString(RESULTS.resolve(name + ".md"), markdown);
        System.out.println();
        System.out.println(markdown);
    }
}
