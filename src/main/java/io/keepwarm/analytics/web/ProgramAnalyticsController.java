package io.keepwarm.analytics.web;

import io.keepwarm.analytics.ProgramAnalytics;
import io.keepwarm.analytics.ProgramFigures;
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
    @GetMapping("/api/v1/analytics/programs/{id}")
    ProgramFigures program(@PathVariable long id) {
        return analytics.program(id);
    }
}
