package io.keepwarm.engine.internal;

import io.keepwarm.engine.Engine;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the engine every few seconds of real time; the clock it reads may be the simulated one. */
@Component
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class EngineJob {

    private final Engine engine;

    EngineJob(Engine engine) {
        this.engine = engine;
    }

    @Scheduled(fixedDelayString = "${keepwarm.engine.tick:PT10S}")
    void tick() {
        engine.tick();
    }
}
