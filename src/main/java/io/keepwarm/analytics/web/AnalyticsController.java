package io.keepwarm.analytics.web;

import io.keepwarm.analytics.Analytics;
import io.keepwarm.analytics.ContentReport;
import io.keepwarm.analytics.FunnelReport;
import io.keepwarm.analytics.HandoffWeeks;
import io.keepwarm.analytics.Period;
import io.keepwarm.analytics.StageVelocity;
import io.keepwarm.analytics.TouchWeeks;
import io.keepwarm.platform.InvalidInputException;
import java.time.Instant;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The figures over HTTP; from and to are instants (from inclusive, to exclusive), both or neither. */
@RestController
@RequestMapping("/api/v1/analytics")
class AnalyticsController {

    private final Analytics analytics;

    AnalyticsController(Analytics analytics) {
        this.analytics = analytics;
    }

    /** The funnel now, and conversions, flows and contacts recycled back over the period (default: this month). */
    @Operation(summary = "The funnel, with conversions, flows and contacts recycled back", description = """
            Conversions are cohort figures: of the contacts that entered a stage in the period (their first entry),
            how many have moved on to a later stage of the path so far, whenever they moved, also after the period
            ended: a past month's conversion can still grow. Flows and recycledBack count moves made in the period.""")
    @GetMapping("/funnel")
    FunnelReport funnel(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return analytics.funnel(period(from, to));
    }

    /** Median time in each stage and where contacts go from it (default: the last 90 days). */
    @GetMapping("/stage-velocity")
    StageVelocity stageVelocity(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return analytics.stageVelocity(period(from, to));
    }

    /** Touches sent and suppressed by reason per week (default: this week and the eleven before). */
    @Operation(summary = "Touches sent and suppressed per week", description = """
            Weeks start on Monday at midnight in the account's time zone (`zone`). An email is sent in the week the mail
            server accepted it, not when it was handed to the outbox: one waiting there, failed or in doubt is not
            counted. A suppressed touch counts in the week it was suppressed, not when it would have gone. A program's tasks for the owner are not
            touches.""")
    @GetMapping("/touches")
    TouchWeeks touches(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return analytics.touchWeeks(period(from, to));
    }

    /** MQLs and hand-offs per week, accepted and rejected by reason, with SLA and time to decide (default: 12 weeks). */
    @GetMapping("/handoffs")
    HandoffWeeks handoffs(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return analytics.handoffWeeks(period(from, to));
    }

    /**
     * Per piece of content: touches sent in the period, the contacts who opened, clicked and were handed off to sales
     * within 30 days after, and offers accepted on its landing page (default: the last 90 days).
     */
    @GetMapping("/content")
    ContentReport content(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return analytics.content(period(from, to));
    }

    private static Period period(Instant from, Instant to) {
        if (from == null && to == null) {
            return null;
        }
        if (from == null || to == null) {
            throw InvalidInputException.field(from == null ? "from" : "to", "is required when the other is given");
        }
        return new Period(from, to);
    }
}
