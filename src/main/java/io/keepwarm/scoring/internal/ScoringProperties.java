package io.keepwarm.scoring.internal;

import io.keepwarm.scoring.ScoringSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configuration's scoring settings (keepwarm.scoring.*): the account's until someone saves their own in the app.
 * Checked at start-up, so a bad value fails fast with a message.
 */
@ConfigurationProperties("keepwarm.scoring")
record ScoringProperties(
        @DefaultValue("P90D") Duration halfLife,
        @DefaultValue("100") int readyScore,
        @DefaultValue("B") String readyGrade,
        @DefaultValue("60") int gradeA,
        @DefaultValue("40") int gradeB,
        @DefaultValue("20") int gradeC) {

    ScoringProperties {
        try {
            new ScoringSettings(halfLife, readyScore, readyGrade, gradeA, gradeB, gradeC);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keepwarm.scoring: " + e.getMessage(), e);
        }
    }

    ScoringSettings settings() {
        return new ScoringSettings(halfLife, readyScore, readyGrade, gradeA, gradeB, gradeC);
    }
}
