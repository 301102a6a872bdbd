package io.keepwarm.platform.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The database's part of /actuator/health, answered within a few seconds when the database does not answer. Spring
 * Boot's own check waits for a connection as long as a request does (the pool's 30 s), so in an outage the health
 * check said DOWN only after half a minute, past a load balancer's probe timeout; requests keep their full wait. One
 * check runs at a time: probes arriving while it waits share its answer, so a silent database never holds more than
 * one waiting check. The bean's name replaces Spring Boot's check of the same name ("db").
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator {

    /** Under the common probe timeouts (a load balancer's 5 s), and over a healthy database's answer under load. */
    static final Duration LIMIT = Duration.ofSeconds(3);

    private final HealthIndicator database;
    private final Duration limit;
    private CompletableFuture<Health> running;

    @Autowired
    DatabaseHealth(DataSource dataSource) {
        this(dataSource, LIMIT);
    }

    DatabaseHealth(DataSource dataSource, Duration limit) {
        this.database = new DataSourceHealthIndicator(dataSource);
        this.limit = limit;
    }

    @Override
    public Health health() {
        try {
            return check().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException silent) {
            return Health.down().withDetail("error", "The database did not answer within " + limit.toSeconds() + " s")
                    .build();
        } catch (ExecutionException failed) {
            return Health.down(failed.getCause()).build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Health.down(interrupted).build();
        }
    }

    private synchronized CompletableFuture<Health> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(database::health,
                    task -> Thread.ofVirtual().name("database-health").start(task));
        }
        return running;
    }
}
