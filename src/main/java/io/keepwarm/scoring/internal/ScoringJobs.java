package io.keepwarm.scoring.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks for scores due to decay every hour of real time (each score decays at most once a day of the clock), and for
 * a regrade the fit rules asked for every few seconds.
 */
@Component
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class ScoringJobs {

    private final ScoreDecay decay;
    private final FitGrading grading;

    ScoringJobs(ScoreDecay decay, FitGrading grading) {
        this.decay = decay;
        this.grading = grading;
    }

    @Scheduled(fixedDelayString = "${keepwarm.scoring.decay-every:PT1H}", initialDelayString = "PT1M")
    void decay() {
        decay.run();
    }

    @Scheduled(fixedDelayString = "${keepwarm.scoring.regrade-delay:PT5S}", initialDelayString = "PT10S")
    void regrade() {
        grading.regradeDue();
    }
}
