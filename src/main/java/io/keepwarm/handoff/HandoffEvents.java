package io.keepwarm.handoff;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.delivery.CallOutcomeReported;
import io.keepwarm.delivery.TaskCompleted;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.internal.Assignment;
import io.keepwarm.handoff.internal.HandoffContexts;
import io.keepwarm.handoff.internal.HandoffStore;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.StageChange;
import io.keepwarm.lifecycle.Transitions;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ForbiddenException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where hand-offs begin and end outside the rep's decision: a contact becoming MQL (whatever moved it) opens one; a
 * person's move out of MQL is the decision (to SQL: accepted; elsewhere: rejected, for a reason from the list given
 * with the move); a rep's logged call applies its meaning for sales (reached and ready: the rep's open hand-off
 * accepted, or the lead theirs and accepted; reached, not now: the ask-again date, back to nurture), and so does a
 * call a dialer or a CRM reported, as the doing of whoever sent it. The listeners run in the publisher's transaction, so a move and its
 * hand-off commit or roll back together, and a refused decision refuses the move.
 */
@Component
class HandoffEvents {

    /** The stages a "not now" on the phone brings back to nurture (MQL only without a hand-off to decide). */
    private static final Set<Stage> BACK_TO_NURTURE = EnumSet.of(Stage.NEW, Stage.MQL, Stage.DORMANT);
    private static final int MAX_REASON = 500;
    private static final Set<String> PERSONS = Set.of(ActorType.USER.name(), ActorType.API.name());
    private static final String READY = "Reached by phone and ready to talk to sales";
    private static final String NOT_NOW = "Reached by phone: not now";

    private final HandoffStore store;
    private final Handoffs handoffs;
    private final Assignment assignment;
    private final HandoffContexts contexts;
    private final Lifecycle lifecycle;
    private final Readiness readiness;
    private final Tasks tasks;
    private final Users users;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    HandoffEvents(HandoffStore store, Handoffs handoffs, Assignment assignment, HandoffContexts contexts,
            Lifecycle lifecycle, Readiness readiness, Tasks tasks, Users users, ApplicationEventPublisher events,
            AuditLog audit, Clock clock) {
        this.store = store;
        this.handoffs = handoffs;
        this.assignment = assignment;
        this.contexts = contexts;
        this.lifecycle = lifecycle;
        this.readiness = readiness;
        this.tasks = tasks;
        this.users = users;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    void on(ContactStagesChanged changed) {
        List<StageChange> changes = changed.changes();
        open(changes.stream().filter(c -> c.to() == Stage.MQL).toList());
        changes.stream().filter(c -> c.from() == Stage.MQL && c.to() != Stage.MQL).forEach(c ->
                store.openOf(c.contactId(), clock.instant()).ifPresent(h -> decide(h, c)));
    }

    /**
     * A person's move out of MQL decides the open hand-off as accepting or rejecting it would, so it asks what they
     * do (a rep decides only their own) and, to reject, a reason from the list. Programs, triggers and jobs do not get
     * here: the lifecycle refuses their moves of a lead with an open hand-off ({@code HandoffHolds}); a job that moves
     * stages in bulk past it (none leaves MQL today) cancels the hand-off rather than leave it open outside MQL.
     */
    private void decide(Handoff handoff, StageChange move) {
        if (!PERSONS.contains(move.actorType())) {
            cancel(handoff, move.to());
            return;
        }
        Caller caller = users.caller();
        if (!caller.mayActFor(handoff.repId())) {
            String whose = handoff.repId() == null ? "no rep yet" : "another rep (user " + handoff.repId() + ")";
            throw new ForbiddenException(("Contact %d has an open hand-off (%d) assigned to %s; moving it to %s would"
                    + " decide it, and a rep decides only their own hand-offs%s. Ask its rep to accept or reject it, or"
                    + " a marketer to move the contact").formatted(handoff.contactId(), handoff.id(), whose, move.to(),
                            caller.user() == null ? " (a SALES API key acts for no rep)" : ""));
        }
        if (move.to() == Stage.SQL) {
            handoffs.acceptedByMove(handoff);
        } else {
            handoffs.rejectedByMove(handoff, Handoffs.rejectionOf(handoff, move.to(), move.reasonCode(), move.reason()));
        }
    }

    @EventListener
    void on(TaskCompleted completed) {
        switch (completed.outcome()) {
            case REACHED_READY -> ready(completed);
            case REACHED_NOT_NOW -> notNow(completed);
            default -> { }
        }
    }

    /**
     * A call a dialer or a CRM reported means what a rep's logged call does, for no rep: "ready" makes the contact MQL
     * and the hand-off opens as for any new lead (a rep chosen, alerted, given the task); "not now" sets the ask-again
     * date and brings the contact back to nurture. A lead with an open hand-off is left to its rep: no dialer speaks
     * for them. A call taken before a person's latest move of the contact changes nothing: that person decided after it.
     */
    @EventListener
    void on(CallOutcomeReported reported) {
        if (movedByAPersonSince(reported.contactId(), reported.occurredAt())) {
            return;
        }
        switch (reported.outcome()) {
            case REACHED_READY -> readyReported(reported);
            case REACHED_NOT_NOW -> notNowReported(reported);
            default -> { }
        }
    }

    private void readyReported(CallOutcomeReported reported) {
        long contactId = reported.contactId();
        Stage stage = lifecycle.current(contactId).stage();
        if (store.openOf(contactId, clock.instant()).isEmpty() && Transitions.allowed(stage, Stage.MQL, ActorType.API)) {
            lifecycle.move(contactId, new Lifecycle.Move(Stage.MQL, "CALL_REACHED_READY", reason(READY + " (event "
                    + reported.clientEventId() + ")", reported.note())), ActorType.API, reported.sentBy());
        }
    }

    private void notNowReported(CallOutcomeReported reported) {
        String why = reason(NOT_NOW + " (event " + reported.clientEventId() + ")", reported.note());
        readiness.set(reported.contactId(), reported.askAgainOn(), why);
        if (store.openOf(reported.contactId(), clock.instant()).isEmpty()) {
            backToNurture(reported.contactId(), why, ActorType.API, reported.sentBy());
        }
    }

    private boolean movedByAPersonSince(long contactId, Instant call) {
        return lifecycle.transitions(contactId).stream().anyMatch(t -> t.actorType().person() && t.at().isAfter(call));
    }

    /** Opens a hand-off for each contact that became MQL, a batch of them at once (a scored batch's new MQLs). */
    private void open(List<StageChange> intoMql) {
        if (intoMql.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<Long, String> why = new LinkedHashMap<>();
        intoMql.forEach(c -> why.put(c.contactId(), contexts.why(c)));
        Map<Long, Long> opened = store.openAll(why, now);
        Map<Long, Long> reps = assignment.assignAll(opened, why, now);
        Map<Long, Map<String, Object>> audited = new LinkedHashMap<>();
        opened.forEach((contactId, handoffId) -> {
            Long rep = reps.get(contactId);
            events.publishEvent(new HandoffCreated(handoffId, contactId, rep));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("handoffId", handoffId);
            details.put("repId", rep);
            audited.put(contactId, details);
        });
        audit.recordAll("HANDOFF_CREATED", "contact", audited);
    }

    private void cancel(Handoff handoff, Stage to) {
        store.decide(handoff.id(), HandoffState.CANCELLED, clock.instant(), Actors.current(), null,
                "The contact moved from MQL to " + to + " before the rep decided");
        tasks.cancel(handoff.contactId(), TaskKind.HANDOFF, "Hand-off " + handoff.id() + " cancelled: moved to " + to);
        audit.record("HANDOFF_CANCELLED", "contact", handoff.contactId(), Map.of("handoffId", handoff.id(), "to", to));
    }

    /**
     * Reached and ready: the rep's open hand-off is accepted; without one the contact becomes MQL, and the rep who
     * called takes the lead then and there. An admin or a marketer logging the call for someone leaves the lead to rep
     * choice, as any other move to MQL.
     */
    private void ready(TaskCompleted completed) {
        Caller caller = users.caller();
        Optional<Handoff> open = store.openOf(completed.contactId(), clock.instant());
        if (open.isPresent()) {
            if (caller.mayActFor(open.get().repId())) {
                handoffs.accepted(open.get(), caller);
            }
            return;
        }
        ActorType actor = Handoffs.actorType(caller);
        Stage stage = lifecycle.current(completed.contactId()).stage();
        if (!Transitions.allowed(stage, Stage.MQL, actor)) {
            return;
        }
        Lifecycle.Move move = new Lifecycle.Move(Stage.MQL, "CALL_REACHED_READY", reason(READY, completed.note()));
        if (caller.role() == Role.SALES && caller.user() != null) {
            takenOnTheCall(completed.contactId(), stage, move, caller);
        } else {
            lifecycle.move(completed.contactId(), move, actor, Actors.current());
        }
    }

    /**
     * The rep who heard "ready" takes the lead: a hand-off to them, accepted at once (SQL, out of nurture), counted in
     * the report as any other. It opens before the move, so the move's listener finds it open and chooses no rep,
     * alerts nobody and makes no task: the rep would only be told about the call they just made.
     */
    private void takenOnTheCall(long contactId, Stage from, Lifecycle.Move move, Caller caller) {
        Instant now = clock.instant();
        String actor = Actors.current();
        String why = contexts.why(new StageChange(contactId, from, Stage.MQL, now, ActorType.USER.name(), actor,
                move.reasonCode(), move.reason()));
        Long handoffId = store.openAll(Map.of(contactId, why), now).get(contactId);
        if (handoffId == null) {
            return;
        }
        lifecycle.move(contactId, move, ActorType.USER, actor);
        long rep = caller.user().id();
        assignment.toCaller(handoffId, contactId, rep, why, now);
        events.publishEvent(new HandoffCreated(handoffId, contactId, rep));
        audit.record("HANDOFF_CREATED", "contact", contactId, Map.of("handoffId", handoffId, "repId", rep,
                "chosenBy", Handoff.ChosenBy.CALLER));
        handoffs.accepted(store.find(handoffId, now).orElseThrow(), caller);
    }

    /**
     * Reached, not now: the ask-again date; the rep's open hand-off is rejected as not ready, a lead sales had (SQL)
     * is recycled, or back to nurture.
     */
    private void notNow(TaskCompleted completed) {
        Caller caller = users.caller();
        String why = reason(NOT_NOW, completed.note());
        readiness.set(completed.contactId(), completed.askAgainOn(), why);
        Optional<Handoff> open = store.openOf(completed.contactId(), clock.instant());
        if (open.isPresent()) {
            if (caller.mayActFor(open.get().repId())) {
                handoffs.rejected(open.get(), new Handoffs.Rejection(RejectReason.NOT_READY, completed.note(), null), caller);
            }
            return;
        }
        ActorType actor = Handoffs.actorType(caller);
        if (lifecycle.current(completed.contactId()).stage() == Stage.SQL) {
            // Sales had the lead and heard "not now": recycled, it is back in nurture at the lifecycle's next run.
            lifecycle.move(completed.contactId(), new Lifecycle.Move(Stage.RECYCLED, "CALL_NOT_NOW", why), actor,
                    Actors.current());
            return;
        }
        backToNurture(completed.contactId(), why, actor, Actors.current());
    }

    private void backToNurture(long contactId, String why, ActorType actor, String by) {
        Stage stage = lifecycle.current(contactId).stage();
        if (BACK_TO_NURTURE.contains(stage) && Transitions.allowed(stage, Stage.NURTURE, actor)) {
            lifecycle.move(contactId, new Lifecycle.Move(Stage.NURTURE, "CALL_NOT_NOW", why), actor, by);
        }
    }

    private static String reason(String what, String note) {
        String text = note == null ? what : what + ": " + note;
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON - 1) + "…" : text;
    }
}
