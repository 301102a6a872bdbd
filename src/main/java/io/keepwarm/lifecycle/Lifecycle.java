package io.keepwarm.lifecycle;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.Actors;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.RepEdits;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.internal.StageStore;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Lifecycle stages: move contacts along the transition table, and read where they are and have been. */
@Service
public class Lifecycle {

    /** A move someone asks for. */
    public record Move(Stage to, String reasonCode, String reason) {}

    /** Where a contact stands now. */
    public record CurrentStage(long contactId, Stage stage, String label, Instant enteredAt, Duration timeInStage,
            Readiness.View readiness) {}

    /** One recorded move. */
    public record Transition(Stage from, Stage to, Instant at, ActorType actorType, String actor, String reasonCode,
            String reason) {

        /** The reason code a rep's rejection of a hand-off is recorded with, before its reason: REJECTED_NOT_READY. */
        public static final String REJECTED = "REJECTED";

        boolean rejection() {
            return reasonCode != null && reasonCode.startsWith(REJECTED + "_");
        }

        /** That it was a rejection, without who decided, their reason or their note. */
        Transition withoutDecider() {
            return new Transition(from, to, at, actorType, null, REJECTED, null);
        }
    }

    /** One stay in a stage; exitedAt is null for the stay that lasts. */
    public record Stay(Stage stage, Instant enteredAt, Instant exitedAt, Duration duration) {}

    /** A contact's moves, oldest first, and the stays they make up. */
    public record History(long contactId, List<Transition> transitions, List<Stay> stages) {}

    /** How many contacts are in each stage at an instant; every stage is present. */
    public record Funnel(Instant at, Map<Stage, Long> counts, long total) {}

    static final int MAX_REASON_CODE = 60;
    static final int MAX_REASON = 500;

    private final StageStore store;
    private final Contacts contacts;
    private final Readiness readiness;
    private final LifecycleRules rules;
    private final List<StageHolds> holds;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final RepEdits repEdits;
    private final Users users;
    private final Clock clock;

    Lifecycle(StageStore store, Contacts contacts, Readiness readiness, LifecycleRules rules, List<StageHolds> holds,
            ApplicationEventPublisher events, AuditLog audit, RepEdits repEdits, Users users, Clock clock) {
        this.repEdits = repEdits;
        this.users = users;
        this.store = store;
        this.contacts = contacts;
        this.readiness = readiness;
        this.rules = rules;
        this.holds = holds;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    public CurrentStage current(long contactId) {
        Contact contact = contacts.get(contactId);
        StageStore.Current current = store.current(contactId).orElse(new StageStore.Current(Stage.NEW, contact.createdAt()));
        return view(contactId, current);
    }

    /** The stage of each of these contacts (NEW where none was recorded), for a list that shows many at once. */
    public Map<Long, Stage> stagesOf(java.util.Collection<Long> contactIds) {
        Map<Long, Stage> recorded = store.stagesOf(contactIds);
        Map<Long, Stage> stages = new LinkedHashMap<>();
        contactIds.forEach(id -> stages.put(id, recorded.getOrDefault(id, Stage.NEW)));
        return stages;
    }

    /**
     * Moves the contact as a person or an integration asks: a SALES caller only a contact they may change (see
     * {@link RepEdits}); then as {@link #move}.
     */
    @Transactional
    public CurrentStage moveByRequest(long contactId, Move move, ActorType actorType, String actor) {
        contacts.get(contactId);
        repEdits.checkMayChange(contactId);
        return move(contactId, move, actorType, actor);
    }

    /**
     * Moves the contact if the table allows this actor the move, and, for a program, trigger or job, if nothing holds
     * the contact where it is ({@link StageHolds}); answers where it stands afterwards. The contact is locked first, as
     * the batch moves lock theirs, so a first move made meanwhile by another transaction is seen, not collided with.
     */
    @Transactional
    public CurrentStage move(long contactId, Move move, ActorType actorType, String actor) {
        String reasonCode = clean(move.reasonCode());
        String reason = clean(move.reason());
        checkShape(move.to(), reasonCode, reason);
        contacts.lockExisting(List.of(contactId));
        Contact contact = contacts.get(contactId);
        Stage from = store.currentForUpdate(contactId).map(StageStore.Current::stage).orElse(Stage.NEW);
        Transitions.Rule rule = ruleFor(from, move.to(), actorType);
        if (rule.reasonRequired() && reason == null) {
            throw InvalidInputException.field("reason", "is required to move from " + from + " to " + move.to()
                    + " (" + rule.meaning() + ")");
        }
        if (!actorType.person()) {
            hold(contactId).ifPresent(hold -> {
                throw new ConflictException("The " + actorType + " move to " + move.to() + " is refused: " + hold.why(),
                        Map.of("from", from, "to", move.to(), "held", hold.why()));
            });
        }
        Instant now = clock.instant();
        store.move(contact.id(), from, move.to(), now, actorType, actor, reasonCode, reason);
        events.publishEvent(new ContactStagesChanged(List.of(new StageChange(contactId, from, move.to(), now,
                actorType.name(), actor, reasonCode, reason))));
        audit.recordAs(audited(actorType, actor), "STAGE_CHANGED", "contact", contactId,
                details(from, move.to(), actorType, reasonCode, reason));
        return view(contactId, new StageStore.Current(move.to(), now));
    }

    /**
     * What keeps programs, triggers and jobs from moving the contact now (a rep deciding its hand-off), or empty; a
     * person may. Asked before an automatic move that must not fail (a program's step), since a refusal thrown inside
     * the move would mark the caller's whole transaction rollback-only.
     */
    public Optional<StageHolds.Hold> hold(long contactId) {
        return Optional.ofNullable(held(List.of(contactId)).get(contactId));
    }

    private Map<Long, StageHolds.Hold> held(Collection<Long> contactIds) {
        Map<Long, StageHolds.Hold> held = new LinkedHashMap<>();
        holds.forEach(h -> h.held(contactIds).forEach(held::putIfAbsent));
        return held;
    }

    /**
     * Moves each of these contacts, each by its own move, where the table lets this actor make it (a reason given
     * where one is required) and, for an automatic actor, nothing holds it; the others, and ids that are no
     * contacts, stay as they are. One pass for many contacts: the readiness rule promotes a whole scored batch at
     * once. The contacts are locked in id order before their stages are read, so a move another transaction made
     * meanwhile (an enrollment's first move) is seen once it commits and the rules apply to where it left them.
     * Answers the contacts moved.
     */
    @Transactional
    public List<Long> moveWhereAllowed(Map<Long, Move> moves, ActorType actorType, String actor) {
        moves.values().forEach(m -> checkShape(m.to(), clean(m.reasonCode()), clean(m.reason())));
        List<Long> ids = contacts.lockExisting(moves.keySet());
        Map<Long, Stage> stored = store.stagesForUpdate(ids);
        Set<Long> heldIds = actorType.person() || ids.isEmpty() ? Set.of() : held(ids).keySet();
        Instant now = clock.instant();
        List<StageStore.Move> made = new ArrayList<>();
        for (long id : ids) {
            Move move = moves.get(id);
            Stage from = stored.getOrDefault(id, Stage.NEW);
            String reasonCode = clean(move.reasonCode());
            String reason = clean(move.reason());
            boolean allowed = !heldIds.contains(id) && Transitions.allowed(from, move.to(), actorType)
                    && (reason != null || !Transitions.find(from, move.to()).orElseThrow().reasonRequired());
            if (allowed) {
                made.add(new StageStore.Move(0, id, from, move.to(), now, actorType, actor, reasonCode, reason));
            }
        }
        return record(made, stored.keySet(), actorType, actor, now);
    }

    /**
     * Moves those of these contacts that are still NEW to the move's stage, where the table lets this actor and, for
     * an automatic actor, nothing holds them; a contact anywhere else stays there (an MQL is never sent back). For a
     * whole batch at once, as enrolling a segment of any size does: a read of the batch's stage rows and a batch of
     * writes, never a move per contact. A NEW contact has no stage row to lock, so the contacts' own rows are locked
     * in id order: a batch that moved one of them first is waited for, and the contact, no longer NEW once it commits
     * (nothing moves back), is left where that batch put it. Answers the contacts moved.
     */
    @Transactional
    public List<Long> moveNew(Collection<Long> contactIds, Move move, ActorType actorType, String actor) {
        String reasonCode = clean(move.reasonCode());
        String reason = clean(move.reason());
        checkShape(move.to(), reasonCode, reason);
        if (contactIds.isEmpty() || !Transitions.allowed(Stage.NEW, move.to(), actorType)) {
            return List.of();
        }
        List<Long> ids = contacts.lockExisting(contactIds);
        Set<Long> moved = store.stagesOf(ids).keySet();
        List<Long> fresh = ids.stream().filter(id -> !moved.contains(id)).toList();
        Set<Long> heldIds = actorType.person() || fresh.isEmpty() ? Set.of() : held(fresh).keySet();
        Instant now = clock.instant();
        List<StageStore.Move> made = fresh.stream().filter(id -> !heldIds.contains(id))
                .map(id -> new StageStore.Move(0, id, Stage.NEW, move.to(), now, actorType, actor, reasonCode, reason))
                .toList();
        return record(made, Set.of(), actorType, actor, now);
    }

    /** Writes the moves (the contacts in {@code stored} have a stage row), tells the listeners and the audit. */
    private List<Long> record(List<StageStore.Move> made, Set<Long> stored, ActorType actorType, String actor,
            Instant now) {
        Map<Long, Map<String, Object>> audited = new LinkedHashMap<>();
        made.forEach(m -> audited.put(m.contactId(), details(m.from(), m.to(), actorType, m.reasonCode(), m.reason())));
        store.moveEach(made, stored);
        if (!made.isEmpty()) {
            events.publishEvent(new ContactStagesChanged(made.stream().map(m -> new StageChange(m.contactId(),
                    m.from(), m.to(), now, actorType.name(), actor, m.reasonCode(), m.reason())).toList()));
        }
        audit.recordAllAs(audited(actorType, actor), "STAGE_CHANGED", "contact", audited);
        return made.stream().map(StageStore.Move::contactId).toList();
    }

    /**
     * The contact's stage as the caller may read it: an expected-ready date set when a rep rejected the lead repeats
     * their note, so a caller who sees that rejection only as "rejected" in the {@link #history} sees the date without
     * its reason.
     */
    public CurrentStage currentAsRead(long contactId) {
        CurrentStage current = current(contactId);
        Readiness.View ready = current.readiness();
        if (ready == null || ready.reason() == null || readsRejectionsOf(contactId)) {
            return current;
        }
        return new CurrentStage(contactId, current.stage(), current.label(), current.enteredAt(),
                current.timeInStage(), new Readiness.View(ready.readyOn(), null, ready.surfacedAt()));
    }

    /**
     * Whether the caller reads every rejection of the contact whole (decider, reason and note), and so the reason of a
     * ready date, which may repeat a rejection's note.
     */
    public boolean readsRejectionsOf(long contactId) {
        Caller caller = users.caller();
        if (seesRejections(contactId, caller)) {
            return true;
        }
        return transitions(contactId).stream().noneMatch(t -> t.rejection() && !decidedBy(t, caller));
    }

    private boolean seesRejections(long contactId, Caller caller) {
        return caller.seesAll() || repEdits.mayChange(contactId) && contacts.get(contactId).ownerId() != null;
    }

    /**
     * The contact's moves and stays as the caller may read them: a hand-off's rejection carries its rep's reason and
     * note, which another rep sees only as "rejected", as the contact page shows another rep's hand-off.
     */
    public History history(long contactId) {
        Contact contact = contacts.get(contactId);
        Caller caller = users.caller();
        boolean seesRejections = seesRejections(contactId, caller);
        List<Transition> transitions = transitions(contactId).stream()
                .map(t -> seesRejections || !t.rejection() || decidedBy(t, caller) ? t : t.withoutDecider())
                .toList();
        Instant now = clock.instant();
        List<Stay> stays = new ArrayList<>();
        Stage stage = transitions.isEmpty() ? Stage.NEW : transitions.getFirst().from();
        Instant entered = contact.createdAt();
        for (Transition t : transitions) {
            stays.add(new Stay(stage, entered, t.at(), Duration.between(entered, t.at())));
            stage = t.to();
            entered = t.at();
        }
        stays.add(new Stay(stage, entered, null, Duration.between(entered, now)));
        return new History(contactId, transitions, stays);
    }

    private static boolean decidedBy(Transition t, Caller caller) {
        return caller.user() != null && caller.user().username().equals(t.actor());
    }

    /** The contact's moves, oldest first; none for a contact never moved or unknown. */
    public List<Transition> transitions(long contactId) {
        return store.history(contactId).stream()
                .map(m -> new Transition(m.from(), m.to(), m.at(), m.actorType(), m.actor(), m.reasonCode(), m.reason()))
                .toList();
    }

    /** Counts per stage now (at null) or as they were at a past instant, rebuilt from the history. */
    public Funnel funnel(Instant at) {
        Instant now = clock.instant();
        if (at != null && at.isAfter(now)) {
            throw InvalidInputException.field("at", "must not be in the future (now is " + now + ")");
        }
        Map<Stage, Long> moved = at == null ? store.countsNow() : store.countsAt(at);
        long all = at == null ? contacts.count() : contacts.countCreatedAtOrBefore(at);
        Map<Stage, Long> counts = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            counts.put(stage, moved.getOrDefault(stage, 0L));
        }
        long movedTotal = moved.values().stream().mapToLong(Long::longValue).sum();
        // Contacts without a move are NEW; a clock set backwards could make the difference negative.
        counts.put(Stage.NEW, Math.max(0, all - movedTotal));
        return new Funnel(at == null ? now : at, counts, counts.values().stream().mapToLong(Long::longValue).sum());
    }

    private Transitions.Rule ruleFor(Stage from, Stage to, ActorType actorType) {
        if (from == to) {
            throw new ConflictException("The contact is already in " + to, Map.of("from", from, "to", to,
                    "allowed", Transitions.allowedFrom(from, actorType)));
        }
        Set<Stage> allowed = Transitions.allowedFrom(from, actorType);
        if (!allowed.contains(to)) {
            boolean personOnly = Transitions.find(from, to).map(Transitions.Rule::personOnly).orElse(false);
            throw new ConflictException("A contact cannot move from " + from + " to " + to
                    + (personOnly ? " automatically; only a person may, with a reason" : "")
                    + ". Allowed from " + from + ": " + (allowed.isEmpty() ? "nothing" : allowed),
                    Map.of("from", from, "to", to, "allowed", allowed));
        }
        return Transitions.find(from, to).orElseThrow();
    }

    private static void checkShape(Stage to, String reasonCode, String reason) {
        List<FieldError> errors = new ArrayList<>();
        if (to == null) {
            errors.add(new FieldError("to", "is required: the stage to move to"));
        }
        if (reasonCode != null && reasonCode.length() > MAX_REASON_CODE) {
            errors.add(new FieldError("reasonCode", "must have at most " + MAX_REASON_CODE + " characters"));
        }
        if (reason != null && reason.length() > MAX_REASON) {
            errors.add(new FieldError("reason", "must have at most " + MAX_REASON + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The move breaks rules; the contact stays where it is", errors);
        }
    }

    /**
     * Who the audit names for a move: the program, trigger or rule that made it (as the stage history does), not the
     * request it happened in (an API key's enrollment call, whose program then moves its contacts); a person or an API
     * key as the request's actor.
     */
    private static String audited(ActorType actorType, String actor) {
        return actorType.person() || actor == null ? Actors.current() : actor;
    }

    private static Map<String, Object> details(Stage from, Stage to, ActorType actorType, String reasonCode,
            String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from);
        details.put("to", to);
        details.put("actorType", actorType);
        details.put("reasonCode", reasonCode);
        details.put("reason", reason);
        return details;
    }

    private CurrentStage view(long contactId, StageStore.Current current) {
        return new CurrentStage(contactId, current.stage(), rules.labels().get(current.stage()), current.enteredAt(),
                Duration.between(current.enteredAt(), clock.instant()), readiness.of(contactId).orElse(null));
    }

    private static String clean(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
