package io.keepwarm.bench;

import static io.keepwarm.bench.BenchSupport.RESULTS;
import static io.keepwarm.bench.BenchSupport.fresh;
import static io.keepwarm.bench.BenchSupport.median;
import static io.keepwarm.bench.BenchSupport.start;
import static io.keepwarm.bench.BenchSupport.timed;

import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.ImportJob;
import io.keepwarm.contact.Imports;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a generated contact file through Keepwarm's import job, beside a raw JDBC batch insert of the same
 * rows into the same table in the same run, and reports rows per second, the ratio between the two and the
 * peak heap. Arguments: database (h2 or postgres), row count, and rounds (medians are reported).
 */

public final class ImportBench {

    private static final int BATCH = 2_000;

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path file = ContactFileGenerator.file(RESULTS, rows);
        System.out.printf("Import bench: %,d rows on %s, file %s (%,d bytes)%n", rows, db, file, Files.size(file));

        try (ConfigurableApplicationContext context = start(db)) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            if (!url.contains(db.equals("postgres") ? "postgresql" : "h2")) {
                throw new IllegalStateException("the bench asked for " + db + " but runs on " + url);
            }
            Flyway flyway = context.getBean(Flyway.class);
            DataSource dataSource = context.getBean(DataSource.class);
            Imports imports = context.getBean(Imports.class);

            // Rounds alternate baseline and import, so a slow spell of the machine hits both; medians are reported.
            List<Double> baselines = new ArrayList<>();
            List<Double> importRates = new ArrayList<>();
            List<Double> reimportRates = new ArrayList<>();
            long peakHeap = 0;
            CpuMeter cpu = new CpuMeter(context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class), db);
            for (int round = 1; round <= rounds; round++) {
                fresh(flyway);
                CpuMeter.Reading start = cpu.read();
                baselines.add(rowsPerSecond(rows, timed(() -> rawBatchInsert(dataSource, file))));
                CpuMeter.Reading baselineCpu = cpu.read().minus(start);

                fresh(flyway);
                resetPeakHeap();
                start = cpu.read();
                importRates.add(rowsPerSecond(rows, timed(() -> expect(imports, file, rows, ImportJob::created))));
                CpuMeter.Reading importCpu = cpu.read().minus(start);
                peakHeap = Math.max(peakHeap, peakHeap());
                reimportRates.add(rowsPerSecond(rows, timed(() -> expect(imports, file, rows, ImportJob::unchanged))));
                // CPU per row swings much less than wall time when the machine is shared.
                System.out.printf("round %d: baseline %,.0f rows/s (CPU per row %.1f µs JVM + %.1f µs PostgreSQL),"
                        + " import %,.0f rows/s (%.1f + %.1f µs), ratio %.2f; re-import %,.0f rows/s%n",
                        round, baselines.getLast(), 1000 * baselineCpu.jvmMs() / rows, 1000 * baselineCpu.dbMs() / rows,
                        importRates.getLast(), 1000 * importCpu.jvmMs() / rows, 1000 * importCpu.dbMs() / rows,
                        importRates.getLast() / baselines.getLast(), reimportRates.getLast());
            }
            double baseline = median(baselines);
            double importRate = median(importRates);
            double reimportRate = median(reimportRates);
            report(db, rows, rounds, baseline, importRate, reimportRate, peakHeap);
        }
    }

    /** Runs the import job over the file and checks that every row got the expected outcome. */
    private static void expect(Imports imports, Path file, int rows, java.util.function.ToLongFunction<ImportJob> outcome)
            throws Exception {
        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), ContactSource.IMPORT);
        if (job.status() != ImportJob.Status.DONE || outcome.applyAsLong(job) != rows) {
            throw new IllegalStateException("the import did not treat every row alike: " + job);
        }
    }

    /** The baseline: parse the same file and batch-insert its rows into contacts with plain JDBC. */
    private static void rawBatchInsert(DataSource dataSource, Path file) throws Exception {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection();
                Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO contacts (email, first_name, last_name, phone, title, city, country, time_zone,
                            source, validity, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'IMPORT', 'VALID', ?, ?)""")) {
            c.setAutoCommit(false);
            int pending = 0;
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                insert.setString(1, row.get(0).strip().toLowerCase(Locale.ROOT));
                insert.setString(2, row.get(1));
                insert.setString(3, row.get(2));
                insert.setString(4, row.get(5));
                insert.setString(5, row.get(4));
                insert.setString(6, row.get(6));
                insert.setString(7, row.get(7));
                insert.setString(8, row.get(8));
                insert.setTimestamp(9, now);
                insert.setTimestamp(10, now);
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    c.commit();
                    pending = 0;
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }

    private static double rowsPerSecond(int rows, long nanos) {
        return rows / (nanos / 1e9);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static void resetPeakHeap() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of each heap pool's peak: an upper bound of the heap in use at any moment since the reset. */
    private static long peakHeap() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static void report(String db, int rows, int rounds, double baseline, double importRate,
            double reimportRate, long peakHeap) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", "csv-import");
        result.put("database", db);
        result.put("rows", rows);
        result.put("rounds", rounds);
        result.put("measuredAt", Instant.now().toString());
        result.put("java", System.getProperty("java.version"));
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        result.put("baselineRowsPerSecond", Math.round(baseline));
        result.put("importRowsPerSecond", Math.round(importRate));
        result.put("ratioToBaseline", Math.round(importRate / baseline * 100) / 100.0);
        result.put("reimportUnchangedRowsPerSecond", Math.round(reimportRate));
        result.put("peakHeapBytes", peakHeap);
        String name = "import-" + db + "-" + rows;
        Files.writeString(RESULTS.resolve(name + ".json"), JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        String markdown = """
                | case | database | rows | rounds | raw JDBC batch insert (baseline) | Keepwarm import | ratio | re-import (all unchanged) | peak heap (max %d MB) |
                |---|---|---:|---:|---:|---:|---:|---:|---:|
                | CSV import | %s | %,d | %d | %,.0f rows/s | %,.0f rows/s | %.2f× | %,.0f rows/s | %d MB |
                """.formatted(Runtime.getRuntime().maxMemory() >> 20, db, rows, rounds, baseline, importRate,
                importRate / baseline, reimportRate, peakHeap >> 20);
        Files.writeString(RESULTS.resolve(name + ".md"), markdown);
        System.out.println();
        System.out.println(markdown);
    }
}
