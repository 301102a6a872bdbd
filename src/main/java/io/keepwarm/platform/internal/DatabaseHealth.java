package io.keepwarm.platform.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * The database's part of /actuator/health, answered within a few seconds when the database does not answer. Spring
 * Boot's own check waits for a connection as long as a request does (the pool's 30 s), so in an outage the health
 * check said DOWN only after half a minute, past a load balancer's probe timeout; requests keep their full wait. One
 * check runs at a time: probes arriving while it waits share its answer, so a silent database never holds more than
 * one waiting check. The bean's name replaces Spring Boot's check of the same name ("db").
 * <p>
 * An outage is logged once as it begins and once as it ends, in a line each: Spring Boot's check logged a warning with
 * a stack trace at every probe, hundreds of lines a minute under a load balancer's probes.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

    /** Under the common probe timeouts (a load balancer's 5 s), and over a healthy database's answer under load. */
    static final Duration LIMIT = Duration.ofSeconds(3);

    private final DataSource dataSource;
    private final Duration limit;
    private CompletableFuture<Health> running;
    private boolean down;

    @Autowired
    DatabaseHealth(DataSource dataSource) {
        this(dataSource, LIMIT);
    }

    DatabaseHealth(DataSource dataSource, Duration limit) {
        this.dataSource = dataSource;
        this.limit = limit;
    }

    @Override
    public Health health() {
        Health health;
        try {
            health = check().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException silent) {
            health = Health.down().withDetail("error", "The database did not answer within " + limit.toSeconds() + " s")
                    .build();
        } catch (ExecutionException failed) {
            health = Health.down(failed.getCause()).build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Health.down(interrupted).build();
        }
        told(health);
        return health;
    }

    private synchronized CompletableFuture<Health> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::ask,
                    task -> Thread.ofVirtual().name("database-health").start(task));
        }
        return running;
    }

    /** As Spring Boot's check without a validation query: a connection from the pool that the driver finds valid. */
    private Health ask() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(0) ? Health.up().build()
                    : Health.down().withDetail("error", "The database's connection is not valid").build();
        } catch (SQLException | RuntimeException e) {
            // The pool's "request timed out" names the driver's failure beneath it: the one that says what is wrong.
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
            return Health.down().withDetail("error", cause == e ? e.toString() : e + ", as " + cause).build();
        }
    }

    private synchronized void told(Health health) {
        boolean nowDown = !Status.UP.equals(health.getStatus());
        if (nowDown && !down) {
            log.warn("The database cannot be reached ({}); /actuator/health says DOWN until it can",
                    health.getDetails().get("error"));
        } else if (!nowDown && down) {
            log.info("The database answers again; /actuator/health says UP");
        }
        down = nowDown;
    }
}
