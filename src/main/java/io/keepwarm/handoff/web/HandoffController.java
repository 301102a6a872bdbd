package io.keepwarm.handoff.web;

import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.HandoffJob;
import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.handoff.HandoffState;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hand-offs to sales: the list and report, the rep's accept or reject, reassigning, the SLA, and running the job now.
 */
@RestController
@RequestMapping("/api/v1")
class HandoffController {

    record RejectRequest(RejectReason reason, String note, LocalDate readyOn) {}

    /** The rep to give the hand-off to; null (or no body) for rep choice past its current rep. */
    record ReassignRequest(Long repId) {}

    private final Handoffs handoffs;
    private final HandoffSettings settings;
    private final HandoffJob job;
    private final Users users;

    HandoffController(Handoffs handoffs, HandoffSettings settings, HandoffJob job, Users users) {
        this.handoffs = handoffs;
        this.settings = settings;
        this.job = job;
        this.users = users;
    }

    /**
     * Hand-offs in id order with {@code state}, {@code rep} ({@code me}, {@code team} or a user id) and
     * {@code contact}. A rep sees their own unless they name a rep they manage, or their team ({@code team}: theirs
     * and their reps'); ADMIN and MARKETER everyone's unless they name a rep.
     */
    @GetMapping("/handoffs")
    Page<Handoff> list(@RequestParam(required = false) HandoffState state, @RequestParam(required = false) String rep,
            @RequestParam(required = false) Long contact, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return handoffs.listOf(state, reps(rep, users.caller()), contact, cursor, Cursor.limit(limit));
    }

    /**
     * Rejections by reason and each rep's hand-offs by state, of those created since an instant (default: ever); for
     * ADMIN and MARKETER, as on the home page, since it compares the reps, and for a sales manager, of their team.
     */
    @GetMapping("/handoffs/report")
    Handoffs.Report report(@RequestParam(required = false) Instant since) {
        return handoffs.report(since);
    }

    /** One hand-off, for its rep, their manager, ADMIN and MARKETER. */
    @GetMapping("/handoffs/{id}")
    Handoff one(@PathVariable long id) {
        return handoffs.read(id);
    }

    @PostMapping("/handoffs/{id}/accept")
    Handoff accept(@PathVariable long id) {
        return handoffs.accept(id);
    }

    @PostMapping("/handoffs/{id}/reject")
    Handoff reject(@PathVariable long id, @RequestBody RejectRequest request) {
        return handoffs.reject(id, new Handoffs.Rejection(request.reason(), request.note(), request.readyOn()));
    }

    /** Gives an open hand-off to another rep (ADMIN, MARKETER, the rep's manager). */
    @PostMapping("/handoffs/{id}/reassign")
    Handoff reassign(@PathVariable long id, @RequestBody(required = false) ReassignRequest request) {
        return handoffs.reassign(id, request == null ? null : request.repId());
    }

    @GetMapping("/handoffs/settings")
    HandoffSettings.Sla sla() {
        return settings.current();
    }

    @PutMapping("/handoffs/settings")
    HandoffSettings.Sla changeSla(@RequestBody HandoffSettings.Change change) {
        return settings.change(change);
    }

    @PostMapping("/admin/handoffs/run")
    HandoffJob.Report run() {
        return job.run();
    }

    /** The reps whose hand-offs the caller lists (null: everyone's), or why they may not. */
    private List<Long> reps(String rep, Caller caller) {
        if (rep == null || rep.equals("me")) {
            if (rep == null && caller.seesAll()) {
                return null;
            }
            return List.of(caller.me("rep", caller.seesAll()
                    ? "name the rep with ?rep=<user id>, or leave rep out for everyone's hand-offs"
                    : "a SALES key lists no rep's hand-offs, which are the rep's own; log in as the rep, or list them"
                            + " with an ADMIN or MARKETER key (?rep=<user id>, or no rep for everyone's)"));
        }
        if (rep.equals("team")) {
            if (caller.user() == null) {
                throw InvalidInputException.field("rep", "'team' is the team of the logged-in manager, and an API key"
                        + " acts for no user: name a rep by id, or log in as their manager");
            }
            return handoffs.team();
        }
        long id;
        try {
            id = Long.parseLong(rep);
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("rep", "must be 'me', 'team' or a user id, not '" + rep + "'");
        }
        if (!caller.seesAll() && (caller.user() == null || caller.user().id() != id)
                && !caller.manages(users.find(id).orElse(null))) {
            throw new ForbiddenException("A rep lists their own hand-offs and those of the reps they manage"
                    + " (rep=team for all of them); other reps' are for ADMIN, MARKETER and those reps' manager");
        }
        return List.of(id);
    }
}
