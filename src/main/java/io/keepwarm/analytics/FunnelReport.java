package io.keepwarm.analytics;

import io.keepwarm.lifecycle.Stage;
import java.time.Instant;
import java.util.List;

/**
 * The funnel now, and how contacts moved through it over a period, both ways.
 *
 * @param stages how many contacts are in each stage now; every stage is present, in funnel order
 * @param conversions along the forward path (NEW, NURTURE, MQL, SQL, OPPORTUNITY, CUSTOMER): of the contacts that
 *     entered a stage in the period, how many moved on to a later stage of the path afterwards (up to now)
 * @param flows every kind of move made in the period, forward and back, with how many times it was made
 * @param recycledBack how many contacts came back into nurture (to NURTURE or RECYCLED from anywhere but NEW) in the
 *     period: rejected leads, lost deals, recycled and woken-up contacts
 */
public record FunnelReport(Instant at, Period period, List<StageCount> stages, long total, List<Conversion> conversions,
        List<Flow> flows, long recycledBack) {

    /** The contacts in one stage now. */
    public record StageCount(Stage stage, long count) {}

    /**
     * From one stage of the forward path to the next.
     *
     * @param rate converted / entered, null when nobody entered
     */
    public record Conversion(Stage from, Stage to, long entered, long converted, Double rate) {}

    /** How often contacts moved from one stage to another in the period. */
    public record Flow(Stage from, Stage to, long moves) {}
}
