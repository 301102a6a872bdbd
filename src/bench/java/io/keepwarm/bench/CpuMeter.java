package io.keepwarm.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CPU time spent by this JVM and by the PostgreSQL backends serving the bench database, read from /proc. On a
 * shared two-core machine wall time swings with what else runs; the CPU a step costs does much less, so it tells
 * a real saving from a quiet minute. Zero for PostgreSQL where /proc cannot be read (another host, or H2).
 */
final class CpuMeter {

    private static final double TICK_MS = 10; // USER_HZ is 100 on Linux

    private final JdbcClient jdbc;
    private final boolean postgres;

    CpuMeter(JdbcClient jdbc, String db) {
        this.jdbc = jdbc;
        this.postgres = db.equals("postgres");
    }

    /** JVM and database CPU so far, in milliseconds. */
    record Reading(double jvmMs, double dbMs) {

        Reading minus(Reading earlier) {
            return new Reading(jvmMs - earlier.jvmMs, dbMs - earlier.dbMs);
        }
    }

    Reading read() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
        double db = 0;
        if (postgres) {
            for (Integer pid : jdbc.sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
                    .query(Integer.class).list()) {
                db += ticks(pid) * TICK_MS;
            }
        }
        return new Reading(jvm, db);
    }

    private static long ticks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (java.io.IOException | RuntimeException unreadable) {
            return 0;
        }
    }
}
