package io.keepwarm.analytics.web;

import io.keepwarm.analytics.Analytics;
import io.keepwarm.analytics.ContentReport;
import io.keepwarm.analytics.FunnelReport;
import io.keepwarm.analytics.HandoffWeeks;
import io.keepwarm.analytics.Period;
import io.keepwarm.analytics.StageVelocity;
import io.keepwarm.analytics.TouchWeeks;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import java.util.List;
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
    private final Handoffs handoffs;
    private final Users users;

    AnalyticsController(Analytics analytics, Handoffs handoffs, Users users) {
        this.analytics = analytics;
        this.handoffs = handoffs;
        this.users = users;
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

    /**
     * MQLs and hand-offs per week, accepted and rejected by reason, with SLA and time to decide (default: 12 weeks), of
     * everyone, or of {@code rep}: {@code team} (the caller's and their reps'), {@code me} or a user id. ADMIN and
     * MARKETER read anyone's (everyone's by default); a sales manager their team's (by default) or one of their reps';
     * a rep who manages nobody is refused, as the figures compare reps.
     */
    @GetMapping("/handoffs")
    HandoffWeeks handoffs(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String rep) {
        return analytics.handoffWeeks(period(from, to), reps(rep));
    }

    /**
     * Per piece of content: touches sent in the period, the contacts who opened, clicked and were handed off to sales
     * within 30 days after, and offers accepted on its landing page (default: the last 90 days).
     */
    @GetMapping("/content")
    ContentReport content(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return analytics.content(period(from, to));
    }

    /** The reps whose hand-offs the figures count (null: everyone's), or why the caller may not read them. */
    private List<Long> reps(String rep) {
        Caller caller = users.caller();
        if (rep == null && caller.seesAll()) {
            return null;
        }
        if (caller.user() == null && !caller.seesAll()) {
            throw new ForbiddenException("The hand-off figures are for ADMIN and MARKETER, and a sales manager's of their"
                    + " team; a SALES API key acts for no one: log in as the manager");
        }
        if (rep == null || rep.equals("team") || rep.equals("me")) {
            if (caller.user() == null) {
                throw InvalidInputException.field("rep", "'team' and 'me' are the logged-in person's, and an API key"
                        + " acts for no one: name a rep by id");
            }
            if ("me".equals(rep)) {
                return List.of(caller.user().id());
            }
            List<Long> team = handoffs.team();
            if (team.size() < 2 && !caller.seesAll()) {
                throw new ForbiddenException("The hand-off figures compare reps: ADMIN and MARKETER read everyone's, a"
                        + " sales manager their team's; you manage no rep (an admin sets a rep's manager). Your own"
                        + " figures are at ?rep=me");
            }
            return team;
        }
        long id;
        try {
            id = Long.parseLong(rep);
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("rep", "must be 'team', 'me' or a user id, not '" + rep + "'");
        }
        if (!users.mayRead(caller, id)) {
            throw new ForbiddenException("A sales manager reads the figures of their team and of each rep they manage;"
                    + " other reps' are for ADMIN, MARKETER and those reps' manager");
        }
        return List.of(id);
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
