package io.keepwarm.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseHealthTest {

    @Test
    void aDatabaseThatStopsAnsweringIsReportedDownWithinSecondsNotAfterThePoolsHalfMinuteWait() throws Exception {
        // A database host gone silent: the connection is taken (into the socket's backlog) and nothing ever answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/keepwarm")) {
            DatabaseHealth health = new DatabaseHealth(pool, DatabaseHealth.LIMIT);

            long start = System.nanoTime();
            Health first = health.health();
            Health second = health.health();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(first.getStatus()).isEqualTo(Status.DOWN);
            assertThat(second.getStatus()).as("the next probe, while the first check still waits").isEqualTo(Status.DOWN);
            assertThat(first.getDetails().get("error")).isEqualTo("The database did not answer within 3 s");
            assertThat(took).as("two probes, each within its limit and far within the pool's 30 s")
                    .isLessThan(Duration.ofSeconds(15));
            // Gone for good: the pool's own connection attempts end now, not after their timeouts, and it closes.
            silent.close();
        }
    }

    @Test
    void anOutageUnderALoadBalancersProbesIsLoggedOnceInALineNotAStackTraceAtEveryProbe(CapturedOutput output)
            throws Exception {
        int closed;
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = taken.getLocalPort();
        }
        try (HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + closed + "/keepwarm")) {
            pool.setConnectionTimeout(250);
            DatabaseHealth health = new DatabaseHealth(pool, DatabaseHealth.LIMIT);

            for (int probe = 0; probe < 5; probe++) {
                assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            }
        }

        assertThat(output.getAll().lines().filter(line -> line.contains("The database cannot be reached")))
                .singleElement().asString().contains("/actuator/health says DOWN");
        assertThat(output.getAll()).doesNotContain("health check failed").doesNotContain("\tat ");
    }

    @Test
    void aDatabaseThatAnswersIsUp() {
        try (HikariDataSource pool = pool("jdbc:h2:mem:health-up")) {
            // A limit no first connection misses, even on a loaded machine loading H2's classes for it.
            assertThat(new DatabaseHealth(pool, Duration.ofSeconds(30)).health().getStatus()).isEqualTo(Status.UP);
        }
    }

    /** A pool as Keepwarm's: a request waits up to 30 s for a connection. */
    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("keepwarm");
        pool.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        pool.setInitializationFailTimeout(-1);
        return pool;
    }
}
