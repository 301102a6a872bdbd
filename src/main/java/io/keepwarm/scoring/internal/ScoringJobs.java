package io.keepwarm.scoring.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Looks for scores due to decay every hour of real time; each score decays at most once a day of the clock. */
@Component
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class ScoringJobs {

    private final ScoreDecay decay;

    ScoringJobs(ScoreDecay decay) {
        this.decay = decay;
    }

    @Scheduled(fixedDelayString = "${keepwarm.scoring.decay-every:PT1H}", initialDelayString = "PT1M")
    void decay() {
        decay.run();
    }
}
