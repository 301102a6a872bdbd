package io.keepwarm.activity.web;

import io.keepwarm.activity.Events;
import io.keepwarm.platform.InvalidInputException;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Activity sent in from outside, in batches. */
@RestController
class EventController {

    record Batch(List<Events.Incoming> events) {}

    private final Events events;

    EventController(Events events) {
        this.events = events;
    }

    @PostMapping("/api/v1/events")
    Events.Result accept(@RequestBody Batch batch) {
        if (batch.events() == null || batch.events().isEmpty()) {
            throw InvalidInputException.field("events", "give at least one event");
        }
        if (batch.events().size() > Events.MAX_BATCH) {
            throw InvalidInputException.field("events", "at most " + Events.MAX_BATCH + " events a call, not "
                    + batch.events().size());
        }
        return events.accept(batch.events());
    }
}
