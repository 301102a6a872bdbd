package io.keepwarm.lifecycle.web;

import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.LifecycleJob;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.http.HttpStatus;
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

/** Lifecycle stages, readiness, the rules and the funnel over HTTP. */
@RestController
@RequestMapping("/api/v1")
class LifecycleController {

    record StageRequest(Stage to, String reasonCode, String reason) {}

    record ReadinessRequest(LocalDate readyOn, String reason) {}

    record RulesRequest(Integer lostReturnDays, Integer dormantAfterMonths, Map<Stage, String> labels) {}

    private final Lifecycle lifecycle;
    private final Readiness readiness;
    private final LifecycleRules rules;
    private final LifecycleJob job;

    LifecycleController(Lifecycle lifecycle, Readiness readiness, LifecycleRules rules, LifecycleJob job) {
        this.lifecycle = lifecycle;
        this.readiness = readiness;
        this.rules = rules;
        this.job = job;
    }

    @PostMapping("/contacts/{id}/stage")
    Lifecycle.CurrentStage move(@PathVariable long id, @RequestBody StageRequest request) {
        String actor = Actors.current();
        // API keys authenticate as "api-key:<name>"; anyone else on the API is a logged-in person.
        ActorType type = actor.startsWith("api-key:") ? ActorType.API : ActorType.USER;
        return lifecycle.moveByRequest(id, new Lifecycle.Move(request.to(), request.reasonCode(), request.reason()), type,
                actor);
    }

    @GetMapping("/contacts/{id}/stage")
    Lifecycle.CurrentStage stage(@PathVariable long id) {
        return lifecycle.currentAsRead(id);
    }

    @GetMapping("/contacts/{id}/stage-history")
    Lifecycle.History history(@PathVariable long id) {
        return lifecycle.history(id);
    }

    @PutMapping("/contacts/{id}/readiness")
    Readiness.View setReadiness(@PathVariable long id, @RequestBody ReadinessRequest request) {
        return readiness.setByRequest(id, request.readyOn(), request.reason());
    }

    @DeleteMapping("/contacts/{id}/readiness")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clearReadiness(@PathVariable long id) {
        readiness.clearByRequest(id);
    }

    @GetMapping("/lifecycle/rules")
    LifecycleRules.View rules() {
        return rules.view();
    }

    @PutMapping("/lifecycle/rules")
    LifecycleRules.View changeRules(@RequestBody RulesRequest request) {
        return rules.change(new LifecycleRules.Change(request.lostReturnDays(), request.dormantAfterMonths(),
                request.labels()));
    }

    /** Counts per stage now, or at a past instant ({@code at}, e.g. 2026-03-01T00:00:00Z). */
    @GetMapping("/lifecycle/funnel")
    Lifecycle.Funnel funnel(@RequestParam(required = false) Instant at) {
        return lifecycle.funnel(at);
    }

    /** Contacts whose expected-ready date has arrived, of one owner (a user id) or of all. */
    @GetMapping("/lifecycle/ready")
    Page<Readiness.ReadyContact> ready(@RequestParam(required = false) Long owner,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Page<Readiness.ReadyContact> ready = readiness.ready(owner, cursor, Cursor.limit(limit));
        // As on the contact's stage: a reason that may repeat another rep's rejection note is left out for them.
        return new Page<>(ready.items().stream()
                .map(r -> r.reason() == null || lifecycle.readsRejectionsOf(r.contactId()) ? r : r.withoutReason())
                .toList(), ready.nextCursor());
    }

    /** Runs the recycling and readiness job now (handy with the simulated clock) and says what it did. */
    @PostMapping("/admin/lifecycle/run")
    LifecycleJob.Report run() {
        return job.run();
    }
}
