package io.keepwarm.bench;

import static io.keepwarm.bench.BenchSupport.RESULTS;
import static io.keepwarm.bench.BenchSupport.fresh;
import static io.keepwarm.bench.BenchSupport.median;
import static io.keepwarm.bench.BenchSupport.start;
import static io.keepwarm.bench.BenchSupport.timed;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.segment.Segment;
import io.keepwarm.segment.Segments;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.segment.internal.RuleText;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts a six-condition segment (three custom attributes, a stage, a tag and opens in a 30-day window) over
 * generated contacts with ten activities each, through Keepwarm's compiled rule and through a hand-written
 * query for the same question, in the same run; then re-checks 10,000 changed contacts incrementally, beside a
 * full rebuild of the same segment. Arguments: database (h2 or postgres), contact count, rounds.
 */
public final class SegmentBench {

    private static final String RULE = """
            plan = "Pro" and employees >= 50 and renewal between today+30d and today+180d
            and stage = NURTURE and tag = "hpc" and opened(email) >= 2 within 30d""";
    private static final int CHANGED = 10_000;

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int contacts = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf("Segment bench: %,d contacts and %,d activities on %s%n", contacts, contacts * 10L, db);
        try (ConfigurableApplicationContext context = start(db)) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            fresh(context.getBean(Flyway.class));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long loadNanos = timed(() -> generate(context, jdbc, contacts, now, db));
            System.out.printf("generated in %.0f s%n", loadNanos / 1e9);

            Segments segments = context.getBean(Segments.class);
            Segment segment = segments.create(new Segments.Draft("bench", null, RuleText.parse(RULE)));
            long compiledCount = segments.count(segment.id());
            long handCount = handWritten(jdbc);
            if (compiledCount != handCount || compiledCount == 0) {
                throw new IllegalStateException("the two queries disagree or match nobody: " + compiledCount + " vs " + handCount);
            }
            List<Double> compiled = new ArrayList<>();
            List<Double> hand = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                hand.add(timed(() -> handWritten(jdbc)) / 1e6);
                compiled.add(timed(() -> segments.count(segment.id())) / 1e6);
                System.out.printf("round %d: hand-written %.0f ms, compiled %.0f ms (%,d contacts match)%n", round,
                        hand.getLast(), compiled.getLast(), compiledCount);
            }

            Membership membership = context.getBean(Membership.class);
            double rebuildMs = timed(() -> membership.refresh(false)) / 1e6;
            List<Long> changed = LongStream.rangeClosed(1, CHANGED).map(i -> 1 + (i * 97) % contacts).boxed().toList();
            jdbc.sql("DELETE FROM contact_tags WHERE contact_id IN (:ids) AND tag = 'hpc'").param("ids", changed).update();
            membership.changed(changed);
            Membership.Refreshed[] refreshed = new Membership.Refreshed[1];
            double incrementalMs = timed(() -> refreshed[0] = membership.refresh(false)) / 1e6;
            System.out.printf("full rebuild %.0f ms; %,d changed contacts re-checked in %.0f ms (%d left)%n",
                    rebuildMs, refreshed[0].contactsChecked(), incrementalMs, refreshed[0].left());
            report(db, contacts, rounds, median(hand), median(compiled), compiledCount, rebuildMs, incrementalMs);
        }
    }

    private static void generate(ConfigurableApplicationContext context, JdbcClient jdbc, int n, Instant now, String db) {
        Attributes attributes = context.getBean(Attributes.class);
        attributes.define(new AttributeDefinition("plan", "Plan", AttributeType.ONE_OF, List.of("Basic", "Pro", "Enterprise"), false));
        attributes.define(new AttributeDefinition("employees", "Employees", AttributeType.NUMBER, List.of(), false));
        attributes.define(new AttributeDefinition("renewal", "Renewal", AttributeType.DATE, List.of(), false));
        var ts = io.keepwarm.platform.Timestamps.of(now);
        var today = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        step("companies", () -> jdbc.sql("""
                INSERT INTO companies (name, name_key, industry, created_at)
                SELECT 'Company ' || g, 'company ' || g,
                       CASE MOD(g, 5) WHEN 0 THEN 'HPC' WHEN 1 THEN 'Manufacturing' WHEN 2 THEN 'Retail'
                                      WHEN 3 THEN 'Plumbing' ELSE 'Finance' END, ?
                  FROM generate_series(1, ?) g(g)""").params(ts, Math.max(1, n / 100)).update());
        step("contacts", () -> jdbc.sql("""
                INSERT INTO contacts (email, first_name, last_name, title, company_id, country, time_zone, source,
                    validity, created_at, updated_at)
                SELECT 'c' || g || '@example.com', 'First' || MOD(g, 1000), 'Last' || MOD(g, 5000),
                       CASE MOD(g, 4) WHEN 0 THEN 'CTO' WHEN 1 THEN 'Engineer' WHEN 2 THEN 'Buyer' ELSE 'Owner' END,
                       1 + MOD(g, ?), 'DE',
                       CASE MOD(g, 3) WHEN 0 THEN 'Europe/Berlin' WHEN 1 THEN 'America/New_York' ELSE 'UTC' END,
                       'IMPORT', 'VALID', ?, ?
                  FROM generate_series(1, ?) g(g)""").params(Math.max(1, n / 100), ts, ts, n).update());
        step("attributes", () -> {
            jdbc.sql("""
                    INSERT INTO contact_attributes (contact_id, attr_key, value_text)
                    SELECT g, 'plan', CASE MOD(g, 3) WHEN 0 THEN 'Basic' WHEN 1 THEN 'Pro' ELSE 'Enterprise' END
                      FROM generate_series(1, ?) g(g)""").param(n).update();
            jdbc.sql("""
                    INSERT INTO contact_attributes (contact_id, attr_key, value_number)
                    SELECT g, 'employees', MOD(g * 31, 500) FROM generate_series(1, ?) g(g)""").param(n).update();
            jdbc.sql("""
                    INSERT INTO contact_attributes (contact_id, attr_key, value_date)
                    SELECT g, 'renewal', CAST(? AS DATE) + MOD(g * 17, 365) FROM generate_series(1, ?) g(g)""")
                    .params(today, n).update();
        });
        step("stages", () -> jdbc.sql("""
                INSERT INTO contact_stages (contact_id, stage, entered_at)
                SELECT g, CASE MOD(g, 4) WHEN 0 THEN 'NURTURE' WHEN 1 THEN 'NURTURE' WHEN 2 THEN 'MQL' ELSE 'LOST' END, ?
                  FROM generate_series(1, ?) g(g) WHERE MOD(g, 10) <> 9""").params(ts, n).update());
        step("tags", () -> jdbc.sql("""
                INSERT INTO contact_tags (contact_id, tag)
                SELECT g, CASE MOD(g / 7, 3) WHEN 0 THEN 'hpc' WHEN 1 THEN 'trade-show' ELSE 'webinar' END
                  FROM generate_series(1, ?) g(g)""").param(n).update());
        // Ten activities per contact, spread over 180 days: opens, visits, clicks, touches and replies. Opens and clicks
        // name their message, as the tracker's do.
        step("activities", () -> {
            long total = n * 10L;
            for (long from = 1; from <= total; from += 1_000_000) {
                jdbc.sql("""
                        INSERT INTO activities (contact_id, type, occurred_at, channel, target, recorded_at, touch_id)
                        SELECT 1 + MOD(g * 7919, ?),
                               CASE MOD(g, 5) WHEN 0 THEN 'EMAIL_OPENED' WHEN 1 THEN 'PAGE_VIEW' WHEN 2 THEN 'TOUCH_SENT'
                                              WHEN 3 THEN 'EMAIL_OPENED' ELSE 'EMAIL_CLICKED' END,
                               CAST(? AS TIMESTAMP WITH TIME ZONE) - MOD(g * 13, 4320) * INTERVAL '1' HOUR,
                               CASE MOD(g, 5) WHEN 1 THEN NULL ELSE 'EMAIL' END,
                               CASE MOD(g, 5) WHEN 1 THEN 'https://example.com/pricing' ELSE NULL END, ?,
                               CASE MOD(g, 5) WHEN 0 THEN g / 5 WHEN 3 THEN g / 5 WHEN 4 THEN g / 5 ELSE NULL END
                          FROM generate_series(?, ?) g(g)""")
                        .params(n, ts, ts, from, Math.min(total, from + 999_999)).update();
            }
        });
        step("statistics", () -> jdbc.sql(db.equals("postgres") ? "VACUUM ANALYZE" : "ANALYZE").update());
    }

    /**
     * The same question as the rule, as a person who knows the schema and the data's three time zones would
     * write it. Like the rule, it reads the time when it runs: the 30-day window moves while the data is made.
     */
    private static long handWritten(JdbcClient jdbc) {
        Instant now = Instant.now();
        Map<String, Object> params = new LinkedHashMap<>();
        for (String zone : List.of("Europe/Berlin", "America/New_York", "UTC")) {
            LocalDate today = LocalDate.ofInstant(now, ZoneId.of(zone));
            String key = zone.substring(0, 2).toLowerCase(java.util.Locale.ROOT);
            params.put(key + "From", today.plusDays(30));
            params.put(key + "To", today.plusDays(180));
        }
        params.put("since", io.keepwarm.platform.Timestamps.of(now.minus(30, ChronoUnit.DAYS)));
        return jdbc.sql("""
                SELECT COUNT(*) FROM contacts c
                  JOIN contact_stages st ON st.contact_id = c.id AND st.stage = 'NURTURE'
                  JOIN contact_attributes p ON p.contact_id = c.id AND p.attr_key = 'plan' AND p.value_text = 'Pro'
                  JOIN contact_attributes e ON e.contact_id = c.id AND e.attr_key = 'employees' AND e.value_number >= 50
                  JOIN contact_attributes r ON r.contact_id = c.id AND r.attr_key = 'renewal'
                       AND r.value_date BETWEEN
                           CASE c.time_zone WHEN 'Europe/Berlin' THEN :euFrom WHEN 'America/New_York' THEN :amFrom ELSE :utFrom END
                       AND CASE c.time_zone WHEN 'Europe/Berlin' THEN :euTo WHEN 'America/New_York' THEN :amTo ELSE :utTo END
                 WHERE EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = 'hpc')
                   AND (SELECT COUNT(DISTINCT a.touch_id) + COUNT(*) - COUNT(a.touch_id) FROM activities a
                         WHERE a.contact_id = c.id AND a.type IN ('EMAIL_OPENED', 'EMAIL_CLICKED')
                           AND a.channel = 'EMAIL' AND a.occurred_at >= :since) >= 2""")
                .params(params).query(Long.class).single();
    }

    private static void step(String name, Runnable step) {
        long start = System.nanoTime();
        step.run();
        System.out.printf("  %s: %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    }

    private static void report(String db, int contacts, int rounds, double handMs, double compiledMs, long matched,
            double rebuildMs, double incrementalMs) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", "segments");
        result.put("database", db);
        result.put("contacts", contacts);
        result.put("activities", contacts * 10L);
        result.put("rounds", rounds);
        result.put("measuredAt", Instant.now().toString());
        result.put("java", System.getProperty("java.version"));
        result.put("matched", matched);
        result.put("handWrittenCountMs", Math.round(handMs));
        result.put("compiledCountMs", Math.round(compiledMs));
        result.put("ratioToHandWritten", Math.round(compiledMs / handMs * 100) / 100.0);
        result.put("fullRebuildMs", Math.round(rebuildMs));
        result.put("incremental10kMs", Math.round(incrementalMs));
        String name = "segments-" + db + "-" + contacts;
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve(name + ".json"), JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        String markdown = """
                | case | database | contacts / activities | rounds | hand-written SQL (baseline) | compiled segment count | ratio | full rebuild | 10,000 changed, incremental | ratio |
                |---|---|---:|---:|---:|---:|---:|---:|---:|---:|
                | six-condition segment | %s | %,d / %,d | %d | %,.0f ms | %,.0f ms | %.2f× | %,.0f ms | %,.0f ms | %.2f× |
                """.formatted(db, contacts, contacts * 10L, rounds, handMs, compiledMs, compiledMs / handMs, rebuildMs,
                incrementalMs, incrementalMs / rebuildMs);
        Files.writeString(RESULTS.resolve(name + ".md"), markdown);
        System.out.println();
        System.out.println(markdown);
    }
}
