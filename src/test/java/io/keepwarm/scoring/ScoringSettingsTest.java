package io.keepwarm.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScoringSettingsTest {

    private final ScoringSettings settings = new ScoringSettings(Duration.ofHours(1), 100, "B", 60, 40, 20);

    @Test
    void lessThanASecondStillDecays() {
        assertThat(settings.decay(100, Duration.ofMillis(900))).isLessThan(100);
    }

    @Test
    void decayingInManySmallStepsComesToTheSameAsOnce() {
        double stepwise = 100;
        for (int i = 0; i < 3600; i++) {
            stepwise = settings.decay(stepwise, Duration.ofMillis(1500));
        }
        assertThat(stepwise).isCloseTo(settings.decay(100, Duration.ofMillis(1500 * 3600)),
                org.assertj.core.data.Offset.offset(1e-9));
    }
}
