package io.keepwarm.handoff.web;

import io.keepwarm.handoff.Alert;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The logged-in user's alerts, newest first, and marking them read. */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {

    private final Alerts alerts;

    AlertController(Alerts alerts) {
        this.alerts = alerts;
    }

    @GetMapping
    Page<Alert> mine(@RequestParam(defaultValue = "false") boolean unread, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return alerts.mine(unread, cursor, Cursor.limit(limit));
    }

    @PostMapping("/{id}/read")
    Alert read(@PathVariable long id) {
        return alerts.read(id);
    }
}
