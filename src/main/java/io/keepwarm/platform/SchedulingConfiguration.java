package io.keepwarm.platform;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Turns on the modules' {@code @Scheduled} jobs unless keepwarm.jobs.enabled is false (as in tests, which call the
 * jobs themselves after moving the simulated clock), side by side.
 *
 * <p>With virtual threads on, Spring Boot's own scheduler ({@code SimpleAsyncTaskScheduler}) runs every fixed-delay
 * job on one scheduler thread, one after another: a long mail drain would hold up the engine tick and the triggers,
 * and a slow trigger webhook the mail. A pool of virtual threads with a thread for every job lets each job wait only
 * for itself; a fixed-delay job still never overlaps itself, its next run is timed from the end of the last. Being a
 * {@code SmartLifecycle}, the pool lets a graceful stop wait for the jobs in flight
 * (spring.lifecycle.timeout-per-shutdown-phase). It is an {@code Executor} too, which is why application.yml sets
 * spring.task.execution.mode to force: Spring Boot would otherwise leave out its applicationTaskExecutor.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class SchedulingConfiguration {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SchedulingConfiguration.class);

    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setVirtualThreads(true);
        scheduler.setThreadNamePrefix("job-");
        // A job's run that lost to another transaction (a deadlock) is run again at its next moment: one line says so.
        // Any other failure keeps its stack trace, with each message cut (a failed batch statement's holds its values).
        scheduler.setErrorHandler(failure -> {
            if (Contention.lost(failure)) {
                log.warn("A scheduled job lost to another transaction; its next run does the work: {}",
                        LoggedFailures.summary(failure));
            } else {
                log.error("A scheduled job failed", LoggedFailures.capped(failure));
            }
        });
        return scheduler;
    }

    /** Runs once every {@code @Scheduled} method is known, before any is scheduled. */
    @Bean
    SchedulingConfigurer aThreadPerJob(ThreadPoolTaskScheduler scheduler) {
        return jobs -> scheduler.setPoolSize(Math.max(1, jobs.getFixedDelayTaskList().size()
                + jobs.getFixedRateTaskList().size() + jobs.getCronTaskList().size()
                + jobs.getTriggerTaskList().size()));
    }
}
