package io.keepwarm.analytics.web;

import io.keepwarm.analytics.ProgramAnalytics;
import io.keepwarm.analytics.ProgramFigures;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A program's figures per step over HTTP. */
@RestController
class ProgramAnalyticsController {

    private final ProgramAnalytics analytics;

    ProgramAnalyticsController(ProgramAnalytics analytics) {
        this.analytics = analytics;
    }

    /** For each step (a sequence) or the stream: contacts waiting, touches sent, suppressed by reason, goals reached. */
    @Operation(summary = "A program's figures per step", description = """
            One row per step of a sequence (step 0 the first), or one for a stream's cadence (step 0); -1 holds one-off
            sends and -2 the figures of steps an edit removed. `waiting` counts active contacts at the step that runs
            next for them, except that a contact in a wait step is counted at the wait itself, not at the step after
            it; `converted` counts contacts who reached the goal while at the step, one who reached it during a wait
            counted at the wait (unless the step after the wait is the goal step). The program page shows the same
            figures at the same steps. `touched` counts touches whose email the mail server accepted (or call tasks
            made); an email still waiting in the outbox is in `planned`, and one failed or in doubt in `failed`.""")
    @GetMapping("/api/v1/analytics/programs/{id}")
    ProgramFigures program(@PathVariable long id) {
        return analytics.program(id);
    }
}
