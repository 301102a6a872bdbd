package io.keepwarm.activity.web;

import io.keepwarm.activity.Events;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Activity sent in from outside, in batches. */
@RestController
class EventController {

    /** @param createUnknown whether an email no contact has becomes a contact (ADMIN and MARKETER callers only) */
    record Batch(List<Events.Incoming> events, Boolean createUnknown) {}

    private final Events events;

    EventController(Events events) {
        this.events = events;
    }

    @PostMapping("/api/v1/events")
    Events.Result accept(@RequestBody Batch batch, Authentication caller) {
        if (batch.events() == null || batch.events().isEmpty()) {
            throw InvalidInputException.field("events", "give at least one event");
        }
        if (batch.events().size() > Events.MAX_BATCH) {
            throw InvalidInputException.field("events", "at most " + Events.MAX_BATCH + " events a call, not "
                    + batch.events().size());
        }
        boolean create = Boolean.TRUE.equals(batch.createUnknown());
        if (create && caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .noneMatch(a -> a.equals("ROLE_ADMIN") || a.equals("ROLE_MARKETER"))) {
            throw new ForbiddenException("Only an ADMIN or MARKETER key may create contacts from events (createUnknown)");
        }
        return events.accept(batch.events(), create);
    }
}
