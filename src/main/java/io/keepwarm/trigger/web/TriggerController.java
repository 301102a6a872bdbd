package io.keepwarm.trigger.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import io.keepwarm.segment.Segments;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Firing;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.TriggerJobs;
import io.keepwarm.trigger.Triggers;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Triggers over HTTP: "when" a cue, "if" a condition in the segment text syntax, "do" a list of actions. */
@RestController
@RequestMapping("/api/v1")
class TriggerController {

    /** A trigger as written; the members only a GET shows (the server's to set) are taken and ignored. */
    @JsonIgnoreProperties({"id", "kind", "webhookSecret", "createdBy", "createdAt", "updatedAt", "listeningSince"})
    record TriggerRequest(String name, String description, Trigger.Status status, Cue when, String condition,
            List<Action> actions) {

        Trigger.Draft draft() {
            return new Trigger.Draft(name, description, status, when, condition, actions);
        }
    }

    /**
     * A trigger as the API shows it.
     *
     * @param kind STATIC (dates), DYNAMIC (pipeline moves) or CUSTOMER (the contact's cues)
     * @param webhookSecret the secret its webhook calls are signed with, when it has a webhook action
     * @param listeningSince when it began listening for its "when" as it now is (created, resumed, or the "when"
     *     changed): a "days since" trigger fires for days from a week before then on, not for the whole history
     */
    record TriggerView(long id, String name, String description, Trigger.Status status, Cue.Kind kind, Cue when,
            String condition, List<Action> actions, String webhookSecret, String createdBy, Instant createdAt,
            Instant updatedAt, Instant listeningSince) {}

    private final Triggers triggers;
    private final TriggerJobs jobs;
    private final Segments segments;

    TriggerController(Triggers triggers, TriggerJobs jobs, Segments segments) {
        this.triggers = triggers;
        this.jobs = jobs;
        this.segments = segments;
    }

    @PostMapping("/triggers")
    ResponseEntity<TriggerView> create(@RequestBody BodyAsRead<TriggerRequest> body) {
        Trigger trigger = triggers.create(body.checked(request -> triggers.problems(null, request.draft())).draft());
        return ResponseEntity.created(URI.create("/api/v1/triggers/" + trigger.id())).body(view(trigger));
    }

    @GetMapping("/triggers")
    Page<TriggerView> list(@RequestParam(required = false) Trigger.Status status,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Page<Trigger> page = triggers.list(status, cursor, Cursor.limit(limit));
        return new Page<>(page.items().stream().map(this::view).toList(), page.nextCursor());
    }

    @GetMapping("/triggers/{id}")
    TriggerView get(@PathVariable long id) {
        return view(triggers.get(id));
    }

    @PutMapping("/triggers/{id}")
    TriggerView update(@PathVariable long id, @RequestBody BodyAsRead<TriggerRequest> body) {
        return view(triggers.update(id, body.checked(request -> triggers.problems(id, request.draft())).draft()));
    }

    /** Pauses a trigger as it is, even one that names something deleted since. */
    @PostMapping("/triggers/{id}/pause")
    TriggerView pause(@PathVariable long id) {
        return view(triggers.setStatus(id, Trigger.Status.PAUSED));
    }

    /** Resumes a trigger once its checks pass again. */
    @PostMapping("/triggers/{id}/resume")
    TriggerView resume(@PathVariable long id) {
        return view(triggers.setStatus(id, Trigger.Status.ACTIVE));
    }

    /**
     * Gives a trigger that calls webhooks a new signing secret (its {@code webhookSecret} in the answer), for one seen by
     * someone it should not have been: the old one signs nothing from now on. A trigger without a webhook is a 409.
     */
    @PostMapping("/triggers/{id}/webhook-secret")
    TriggerView renewWebhookSecret(@PathVariable long id) {
        return view(triggers.renewWebhookSecret(id));
    }

    @DeleteMapping("/triggers/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        triggers.delete(id);
    }

    @GetMapping("/triggers/{id}/firings")
    Page<Firing> firings(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return triggers.firings(id, cursor, Cursor.limit(limit));
    }

    @GetMapping("/contacts/{id}/trigger-firings")
    Page<Firing> firingsOf(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return triggers.firingsOf(id, cursor, Cursor.limit(limit));
    }

    /** Matches queued cues, runs the date job and makes due webhook calls now (with the simulated clock above all). */
    @PostMapping("/admin/triggers/run")
    TriggerJobs.Report run() {
        return jobs.runAll();
    }

    private TriggerView view(Trigger t) {
        return new TriggerView(t.id(), t.name(), t.description(), t.status(), t.when().kind(), t.when(),
                t.condition() == null ? null : segments.print(t.condition()), t.actions(), t.webhookSecret(),
                t.createdBy(), t.createdAt(), t.updatedAt(), t.listeningSince());
    }
}
