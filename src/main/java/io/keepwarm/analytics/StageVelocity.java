package io.keepwarm.analytics;

import io.keepwarm.lifecycle.Stage;
import java.util.List;
import java.util.Map;

/** How long contacts stay in each stage and where they go when they leave it. */
public record StageVelocity(Period period, List<StageTime> stages) {

    /**
     * One stage.
     *
     * @param exits how many stays in this stage ended in the period
     * @param medianDaysToExit the median length, in days, of those stays; null without exits
     * @param exitsTo where those stays went, by stage
     * @param conversionTo the share of the exits that went to each stage (exitsTo / exits)
     * @param now how many contacts are in the stage now
     * @param medianDaysSoFar how long, in days, the contacts in the stage now have been there (median); null if none
     */
    public record StageTime(Stage stage, long exits, Double medianDaysToExit, Map<Stage, Long> exitsTo,
            Map<Stage, Double> conversionTo, long now, Double medianDaysSoFar) {}
}
