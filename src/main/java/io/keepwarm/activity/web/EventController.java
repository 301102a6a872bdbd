package io.keepwarm.activity.web;

import io.keepwarm.activity.Events;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.web.NulsAnsweredPerItem;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Activity sent in from outside, in batches. */
@RestController
class EventController {

    /**
     * @param events read one by one ({@link IncomingEvents}), so an event with a value of the wrong kind is
     *     rejected alone, with every other mistake it has, as an event with any other mistake is
     * @param createUnknown whether an email no contact has becomes a contact (ADMIN and MARKETER callers only)
     */
    record Batch(@ArraySchema(schema = @Schema(implementation = Events.Incoming.class)) List<JsonNode> events,
            Boolean createUnknown) {}

    private final Events events;
    private final IncomingEvents incoming;

    EventController(Events events, IncomingEvents incoming) {
        this.events = events;
        this.incoming = incoming;
    }

    /**
     * A NUL character in an event is that event's mistake ({@link Events#problems}), not the batch's: the rest of the
     * batch is kept, and the body is read without looking for one.
     */
    @PostMapping("/api/v1/events")
    Events.Result accept(@RequestBody @NulsAnsweredPerItem Batch batch, Authentication caller) {
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
        List<Events.Incoming> readable = new ArrayList<>();
        List<Integer> places = new ArrayList<>();
        List<Events.Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < batch.events().size(); i++) {
            JsonNode event = batch.events().get(i);
            IncomingEvents.Read read = incoming.read(event);
            if (read.unreadable().isEmpty()) {
                readable.add(read.event());
                places.add(i);
                continue;
            }
            // Its other mistakes come in the same answer: the sender fixes the event once.
            List<FieldError> mistakes = new ArrayList<>(read.unreadable());
            if (read.event() != null) {
                mistakes.addAll(events.problems(read.event(),
                        read.unreadable().stream().map(FieldError::field).collect(Collectors.toSet())));
            }
            rejected.add(Events.Rejected.of(i, IncomingEvents.id(event), mistakes));
        }
        Events.Result result = readable.isEmpty() ? new Events.Result(0, 0, List.of())
                : events.accept(readable, create);
        // The readable events were numbered among themselves: back to their places in the batch as sent.
        result.rejected().forEach(r -> rejected.add(new Events.Rejected(places.get(r.index()), r.id(), r.message(),
                r.errors())));
        rejected.sort(Comparator.comparingInt(Events.Rejected::index));
        return new Events.Result(result.accepted(), result.duplicates(), rejected);
    }
}
