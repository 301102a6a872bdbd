package io.keepwarm.engine.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings the touch engine reads.
 *
 * @param workers how many batches one Keepwarm works on at once, each in its own transaction (KEEPWARM_ENGINE_WORKERS,
 *     default 1): while one waits for the database, another renders. One by default, because a contact's touches
 *     split across two batches are decided in whichever order the batches commit, not in program priority order;
 *     checked at start-up
 */
@ConfigurationProperties("keepwarm.engine")
public record EngineProperties(Integer workers) {

    public EngineProperties {
        workers = workers == null ? 1 : workers;
        if (workers < 1 || workers > 16) {
            throw new IllegalStateException("keepwarm.engine.workers (KEEPWARM_ENGINE_WORKERS) must be 1 to 16, not " + workers);
        }
    }
}
