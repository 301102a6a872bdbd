package io.keepwarm.platform;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on the modules' {@code @Scheduled} jobs unless keepwarm.jobs.enabled is false (as in tests, which call the
 * jobs themselves after moving the simulated clock).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class SchedulingConfiguration {}
