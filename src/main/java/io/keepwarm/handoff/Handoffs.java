package io.keepwarm.handoff;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.internal.Assignment;
import io.keepwarm.handoff.internal.FirstCalls;
import io.keepwarm.handoff.internal.HandoffStore;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hand-offs to sales: read them, and the rep's decision. Accepting makes the contact SQL (which takes it out of its
 * nurture programs); rejecting needs a reason from the list and sends it back to NURTURE (DISQUALIFIED for the wrong
 * person or bad data). A person's stage move out of MQL is the same decision (see {@link HandoffEvents}). A rep
 * decides only their own hand-offs; ADMIN and MARKETER any. Reassigning gives one to another rep: ADMIN, MARKETER
 * and the rep's manager may.
 */
@Service
public class Handoffs {

    /** A rep's "no": the reason (a note is required with OTHER), and optionally when to ask again. */
    public record Rejection(RejectReason reason, String note, LocalDate readyOn) {}

    /**
     * One rep's hand-offs by state, and their rejections by reason; repId null counts those nobody had.
     *
     * @param missedDeadline hand-offs whose deadline passed while this rep held them, wherever they went since: the
     *     lapse counts against the rep who let it lapse, not whoever holds or decided the lead last
     * @param medianHoursToDecision of the hand-offs this rep decided, the median time from hand-off to decision, as
     *     the analytics' figures count it ({@link HandoffFigures}); null when they decided none
     * @param p90HoursToDecision the time within which nine in ten of their decisions came; null when they decided none
     */
    public record RepCounts(Long repId, String rep, long open, long overdue, long missedDeadline, long accepted,
            long rejected, long cancelled, Map<RejectReason, Long> rejectedByReason, Double medianHoursToDecision,
            Double p90HoursToDecision) {}

    /**
     * The hand-offs open now and those decided since an instant (null: ever), by reason and by rep.
     *
     * @param decisions the decisions of the reps read, with the times to decide and the share in time, as the
     *     analytics' hand-off figures give them for the same reps and span
     */
    public record Report(Instant since, Map<RejectReason, Long> rejectedByReason, List<RepCounts> byRep,
            HandoffFigures.Decisions decisions) {}

    public static final int MAX_NOTE = 2000;
    /** The reason code of a prospect's "have someone call me" move into MQL. */
    private static final String CALL_ME = "CALL_ME";
    private static final int MAX_MOVE_REASON = 500;

    private final HandoffStore store;
    private final Assignment assignment;
    private final Lifecycle lifecycle;
    private final Readiness readiness;
    private final Tasks tasks;
    private final FirstCalls firstCalls;
    private final Users users;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final HandoffFigures figures;
    private final Clock clock;

    Handoffs(HandoffStore store, Assignment assignment, Lifecycle lifecycle, Readiness readiness, Tasks tasks,
            FirstCalls firstCalls, Users users, ApplicationEventPublisher events, AuditLog audit, HandoffFigures figures,
            Clock clock) {
        this.figures = figures;
        this.store = store;
        this.assignment = assignment;
        this.lifecycle = lifecycle;
        this.readiness = readiness;
        this.tasks = tasks;
        this.firstCalls = firstCalls;
        this.users = users;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    public Handoff get(long id) {
        return store.find(id, clock.instant()).orElseThrow(() -> NotFoundException.of("Hand-off", id));
    }

    /** The hand-off, for its rep, their manager, ADMIN and MARKETER. */
    public Handoff read(long id) {
        Handoff handoff = get(id);
        Caller caller = users.caller();
        if (!caller.mayActFor(handoff.repId()) && !managesRep(caller, handoff)) {
            caller.mustActFor(handoff.repId(), "Hand-off " + id);
        }
        return handoff;
    }

    /** Hand-offs in id order, of a state, a rep and a contact (each null: any). */
    public Page<Handoff> list(HandoffState state, Long repId, Long contactId, String cursor, int limit) {
        return listOf(state, repId == null ? null : List.of(repId), contactId, cursor, limit);
    }

    /** Hand-offs in id order, of a state, one of these reps and a contact (each null: any). */
    public Page<Handoff> listOf(HandoffState state, Collection<Long> reps, Long contactId, String cursor, int limit) {
        return Page.of(store.page(state, reps, contactId, Cursor.decode(cursor), limit + 1, clock.instant()), limit,
                Handoff::id);
    }

    /**
     * The signed-in person's team: themselves and the reps they manage (whom their overdue leads come from), leavers
     * included, whose hand-offs may still be open. Empty for an API key, which is nobody's manager.
     */
    public List<Long> team() {
        User me = users.caller().user();
        if (me == null) {
            return List.of();
        }
        List<Long> team = new ArrayList<>();
        team.add(me.id());
        users.managedBy(me.id()).forEach(rep -> team.add(rep.id()));
        return team;
    }

    /**
     * The rep's yes: the contact becomes SQL, the hand-off task closes, and the rep gets the first sales call on the
     * lead, due now (or the hand-off says why there is none).
     */
    @Transactional
    public Handoff accept(long id) {
        Handoff handoff = store.findForUpdate(id, clock.instant()).orElseThrow(() -> NotFoundException.of("Hand-off", id));
        Caller caller = users.caller();
        caller.mustActFor(handoff.repId(), "Hand-off " + id);
        mustBeOpen(handoff);
        decideAccepted(handoff, caller);
        return firstCall(handoff);
    }

    @Transactional
    public Handoff reject(long id, Rejection rejection) {
        Handoff handoff = store.findForUpdate(id, clock.instant()).orElseThrow(() -> NotFoundException.of("Hand-off", id));
        Caller caller = users.caller();
        caller.mustActFor(handoff.repId(), "Hand-off " + id);
        check(rejection, rejection.readyOn() == null ? List.of()
                : readiness.check(handoff.contactId(), rejection.readyOn()));
        mustBeOpen(handoff);
        return rejected(handoff, rejection, caller);
    }

    /**
     * Gives an open hand-off to another rep with a fresh deadline, the contact and the HANDOFF task going with it: to
     * the rep named, or (null) to the one rep choice picks past its rep. For ADMIN, MARKETER and the rep's manager,
     * who gives it within their team only.
     */
    @Transactional
    public Handoff reassign(long id, Long repId) {
        Handoff handoff = store.findForUpdate(id, clock.instant()).orElseThrow(() -> NotFoundException.of("Hand-off", id));
        Caller caller = users.caller();
        if (!mayReassign(caller, handoff)) {
            throw new ForbiddenException("Hand-off " + id + " is reassigned by its rep's manager, a marketer or an admin;"
                    + (caller.user() == null ? " a SALES API key acts for no one" : " you do not manage its rep"));
        }
        mustBeOpen(handoff, "reassigned");
        // A manager gives a lead only within their team, which they may bring it back from; marketing to anyone.
        List<Long> within = caller.seesAll() ? null : team();
        if (repId != null) {
            mayTake(repId, handoff);
            if (within != null && !within.contains(repId)) {
                throw new ForbiddenException("Hand-off " + id + " was not reassigned: "
                        + users.find(repId).map(User::shownName).orElse("user " + repId) + " is not on your team. A"
                        + " sales manager gives a lead to one of their reps or takes it themselves; an admin or a"
                        + " marketer can give it to another team");
            }
        }
        String by = caller.user() == null ? users.shown(Actors.current()) : caller.user().displayName();
        Long byUser = caller.user() == null ? null : caller.user().id();
        Long rep = assignment.reassign(handoff, repId, Assignment.Handover.BY_HAND, by, byUser, within,
                        clock.instant())
                .orElseThrow(() -> new ConflictException("No other rep can take hand-off " + id + " now: every other"
                        + (within == null ? " SALES user" : " member of your team") + " is away or disabled. Name a rep"
                        + " with repId, or bring one back first"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("handoffId", id);
        details.put("from", handoff.repId());
        details.put("to", rep);
        audit.record("HANDOFF_REASSIGNED", "contact", handoff.contactId(), details);
        return get(id);
    }

    /**
     * Whether the caller may give this hand-off to another rep: ADMIN, MARKETER and its rep's manager may, and a manager
     * their own (one they gave themselves, to hand on to a rep).
     */
    public boolean mayReassign(Handoff handoff) {
        return mayReassign(users.caller(), handoff);
    }

    private boolean mayReassign(Caller caller, Handoff handoff) {
        return caller.role() != Role.SALES || managesRep(caller, handoff)
                || caller.user() != null && Long.valueOf(caller.user().id()).equals(handoff.repId())
                        && !users.managedBy(caller.user().id()).isEmpty();
    }

    /**
     * Whom the caller may give a hand-off to by hand: a manager their team (themselves and their reps); null for
     * anyone (ADMIN, MARKETER).
     */
    public List<Long> reassignableTo() {
        return users.caller().seesAll() ? null : team();
    }

    /**
     * How hand-offs went since an instant (null: ever): rejections by reason, and each rep's hand-offs by state. Open
     * and overdue count every open hand-off, however old (an old overdue lead is the one to chase); accepted, rejected
     * and cancelled count those decided since the instant, as the weekly figures do, and missed deadlines both, against
     * the rep who held each when its deadline passed. Every rep read is listed, one with nothing to count with 0. ADMIN and MARKETER read every
     * rep's; a SALES user who manages reps reads their team's (theirs and their reps'); any other rep is refused.
     */
    public Report report(Instant since) {
        Caller caller = users.caller();
        if (caller.seesAll()) {
            return report(since, null);
        }
        List<Long> team = team();
        if (team.size() < 2) {
            throw new ForbiddenException("The hand-off report compares reps: it is for ADMIN, MARKETER and a sales"
                    + " manager, who reads their team's; " + (caller.user() == null ? "a SALES API key acts for no one"
                    : "you manage no rep (an admin sets a rep's manager)") + ". Your own hand-offs are at"
                    + " /api/v1/handoffs?rep=me");
        }
        return report(since, team);
    }

    /**
     * The report of these reps' hand-offs only, each of them listed even with nothing to count (null: everyone's, every
     * SALES user listed, and those nobody had).
     */
    private Report report(Instant since, List<Long> only) {
        Instant now = clock.instant();
        List<User> everyone = users.list();
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        Map<Long, long[]> byState = new LinkedHashMap<>();
        (only != null ? only : everyone.stream().filter(u -> u.role() == Role.SALES && u.enabled()).map(User::id)
                .toList()).forEach(rep -> byState.put(rep, new long[5]));
        Map<Long, Map<RejectReason, Long>> repReasons = new LinkedHashMap<>();
        for (HandoffStore.Count count : store.counts(since, now)) {
            if (only != null && (count.repId() == null || !only.contains(count.repId()))) {
                continue;
            }
            long[] states = byState.computeIfAbsent(count.repId(), r -> new long[5]);
            states[count.state().ordinal()] += count.count();
            if (count.overdue()) {
                states[4] += count.count();
            }
            if (count.reason() != null) {
                byReason.merge(count.reason(), count.count(), Long::sum);
                repReasons.computeIfAbsent(count.repId(), r -> new EnumMap<>(RejectReason.class))
                        .merge(count.reason(), count.count(), Long::sum);
            }
        }
        // Up to now and the millisecond of now, as the analytics' periods end, so both count the same decisions.
        Instant until = now.plusMillis(1);
        Map<Long, HandoffFigures.Decisions> decided = figures.byRep(since, until, only);
        if (only == null) {
            decided.keySet().forEach(rep -> byState.computeIfAbsent(rep, r -> new long[5]));
        }
        Map<Long, String> names = new TreeMap<>();
        everyone.forEach(u -> names.put(u.id(), u.displayName()));
        List<RepCounts> reps = new ArrayList<>();
        byState.forEach((rep, s) -> {
            HandoffFigures.Decisions d = decided.get(rep);
            reps.add(new RepCounts(rep, rep == null ? null : names.get(rep), s[HandoffState.OPEN.ordinal()], s[4],
                    rep == null || d == null ? 0 : d.missedDeadline(), s[HandoffState.ACCEPTED.ordinal()],
                    s[HandoffState.REJECTED.ordinal()], s[HandoffState.CANCELLED.ordinal()],
                    repReasons.getOrDefault(rep, Map.of()), d == null ? null : d.medianHoursToDecision(),
                    d == null ? null : d.p90HoursToDecision()));
        });
        // Those nobody had come last, after every rep.
        reps.sort(Comparator.comparing(r -> r.repId() == null));
        return new Report(since, byReason, reps, figures.of(since, until, only));
    }

    /**
     * Accepts on a call with the contact, without asking who may: the caller checked (a rep's REACHED_READY on their
     * own lead). The call was the first one.
     */
    Handoff accepted(Handoff handoff, Caller caller) {
        decideAccepted(handoff, caller);
        store.firstCall(handoff.id(), null, "No first call: the lead was accepted on a call with the contact");
        return get(handoff.id());
    }

    private void decideAccepted(Handoff handoff, Caller caller) {
        String actor = Actors.current();
        store.decide(handoff.id(), HandoffState.ACCEPTED, clock.instant(), actor, null, null);
        assignment.acceptedBy(handoff.contactId(), handoff.repId());
        lifecycle.move(handoff.contactId(), new Lifecycle.Move(Stage.SQL, "HANDOFF_ACCEPTED",
                "Hand-off " + handoff.id() + " accepted by " + actor), actorType(caller), actor);
        settled(handoff);
    }

    /**
     * Accepts the hand-off of a lead a person moved to SQL themselves (the caller checked): the move was the
     * acceptance, and the rest of it follows as after {@link #accept}.
     */
    Handoff acceptedByMove(Handoff handoff) {
        store.decide(handoff.id(), HandoffState.ACCEPTED, clock.instant(), Actors.current(), null, null);
        assignment.acceptedBy(handoff.contactId(), handoff.repId());
        settled(handoff);
        return firstCall(handoff);
    }

    /** Rejects without asking who may: the caller checked (a rep's REACHED_NOT_NOW on their own lead, too). */
    Handoff rejected(Handoff handoff, Rejection rejection, Caller caller) {
        String actor = Actors.current();
        String note = clean(rejection.note());
        store.decide(handoff.id(), HandoffState.REJECTED, clock.instant(), actor, rejection.reason(), note);
        Stage to = rejection.reason().disqualifies() ? Stage.DISQUALIFIED : Stage.NURTURE;
        String why = "Hand-off " + handoff.id() + " rejected by " + actor + ": " + rejection.reason()
                + (note == null ? "" : " (" + note + ")");
        lifecycle.move(handoff.contactId(), new Lifecycle.Move(to, "REJECTED_" + rejection.reason(), clip(why)),
                actorType(caller), actor);
        if (rejection.readyOn() != null) {
            readiness.set(handoff.contactId(), rejection.readyOn(), clip(note == null ? why : note));
        }
        return settledRejection(handoff, rejection.reason(), note);
    }

    /**
     * Rejects the hand-off of a lead a person moved out of MQL themselves, for the reason they gave with the move
     * (the caller checked, and {@link #rejectionOf} read the reason): the move was the rejection.
     */
    Handoff rejectedByMove(Handoff handoff, Rejection rejection) {
        String note = clean(rejection.note());
        store.decide(handoff.id(), HandoffState.REJECTED, clock.instant(), Actors.current(), rejection.reason(), note);
        return settledRejection(handoff, rejection.reason(), note);
    }

    /**
     * The reject reason a person gave with their move of a lead out of MQL, checked as {@link #reject} checks it and
     * against where the move goes: a reason that disqualifies goes to DISQUALIFIED, any other back to nurture
     * (NURTURE, or RECYCLED on its way there). Without one the move is refused, and the refusal says how to reject.
     */
    static Rejection rejectionOf(Handoff handoff, Stage to, String reasonCode, String reason) {
        String how = "contact " + handoff.contactId() + " has an open hand-off (" + handoff.id() + "), and moving it"
                + " out of MQL rejects it: give reasonCode, one of " + List.of(RejectReason.values())
                + " (the reason is the rejection's note), or reject it with POST /api/v1/handoffs/" + handoff.id()
                + "/reject";
        RejectReason code = RejectReason.of(reasonCode)
                .orElseThrow(() -> InvalidInputException.field("reasonCode", (reasonCode == null || reasonCode.isBlank()
                        ? "is required: " : "'" + reasonCode.strip() + "' is no reject reason: ") + how));
        if (!code.fits(to)) {
            throw InvalidInputException.field("reasonCode", code + (code.disqualifies()
                    ? " disqualifies the lead: move it to DISQUALIFIED, or give a reason that sends it back to nurture"
                    : " sends the lead back to nurture: move it to NURTURE, or give WRONG_PERSON or BAD_DATA to"
                            + " disqualify it") + "; " + how);
        }
        Rejection rejection = new Rejection(code, reason, null);
        check(rejection, List.of());
        return rejection;
    }

    /**
     * What is left to do once the lead is accepted: the rep's first sales call ({@link FirstCalls}), titled with why and
     * carrying the hand-off's context; the hand-off task it replaces was closed. The hand-off keeps which, or why there
     * is none, in words, for whoever accepted it. Not after a call that was itself the acceptance (reached and ready):
     * the rep has just spoken to them.
     */
    private Handoff firstCall(Handoff handoff) {
        String title = askedToBeCalled(handoff) ? "First call: asked to be called" : "First call after hand-off";
        FirstCalls.Given call = firstCalls.give(handoff.contactId(), handoff.repId(), title,
                handoff.context() == null ? "Why now: " + handoff.why() : handoff.context());
        store.firstCall(handoff.id(), call.taskId(), call.said());
        return get(handoff.id());
    }

    /** Whether the lead came from a "have someone call me": the move into MQL that opened the hand-off says so. */
    private boolean askedToBeCalled(Handoff handoff) {
        return lifecycle.transitions(handoff.contactId()).stream()
                .filter(t -> t.to() == Stage.MQL && !t.at().isAfter(handoff.createdAt()))
                .reduce((a, b) -> b).map(t -> CALL_ME.equals(t.reasonCode())).orElse(false);
    }

    /** What follows every acceptance: the rep's task done, the event, the audit. */
    private void settled(Handoff handoff) {
        tasks.close(handoff.contactId(), TaskKind.HANDOFF, "Hand-off " + handoff.id() + " accepted");
        events.publishEvent(new HandoffAccepted(handoff.id(), handoff.contactId(), handoff.repId()));
        audit.record("HANDOFF_ACCEPTED", "contact", handoff.contactId(), Map.of("handoffId", handoff.id()));
    }

    /** What follows every rejection: the rep's task done, the event, the audit. */
    private Handoff settledRejection(Handoff handoff, RejectReason reason, String note) {
        tasks.close(handoff.contactId(), TaskKind.HANDOFF, "Hand-off " + handoff.id() + " rejected: " + reason);
        events.publishEvent(new HandoffRejected(handoff.id(), handoff.contactId(), handoff.repId(), reason));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("handoffId", handoff.id());
        details.put("reason", reason);
        details.put("note", note);
        audit.record("HANDOFF_REJECTED", "contact", handoff.contactId(), details);
        return get(handoff.id());
    }

    /** A person's decision through the app is a USER move, through an API key an API move; a job's is SYSTEM. */
    static ActorType actorType(Caller caller) {
        return caller.user() != null ? ActorType.USER : caller.role() != null ? ActorType.API : ActorType.SYSTEM;
    }

    private static void mustBeOpen(Handoff handoff) {
        mustBeOpen(handoff, "accepted or rejected");
    }

    private static void mustBeOpen(Handoff handoff, String what) {
        if (handoff.state() != HandoffState.OPEN) {
            throw new ConflictException("Hand-off " + handoff.id() + " is " + handoff.state() + "; only an open hand-off"
                    + " is " + what, Map.of("state", handoff.state()));
        }
    }

    /** Whether the caller manages the hand-off's rep (whom its overdue alert reaches). */
    private boolean managesRep(Caller caller, Handoff handoff) {
        return handoff.repId() != null && caller.manages(users.find(handoff.repId()).orElse(null));
    }

    /** Refuses a named rep who cannot take a lead now, saying why. */
    private void mayTake(long repId, Handoff handoff) {
        User rep = users.find(repId).orElseThrow(() -> InvalidInputException.field("repId", "no user has the id " + repId));
        String problem = rep.role() != Role.SALES ? "is a " + rep.role() + " user; leads go to SALES users"
                : !rep.enabled() ? "is disabled and cannot take leads"
                : rep.away() ? "is away; mark them back first, or leave repId out and rep choice picks someone here"
                : Long.valueOf(repId).equals(handoff.repId()) ? "has hand-off " + handoff.id() + " already"
                : null;
        if (problem != null) {
            throw InvalidInputException.field("repId", rep.username() + " " + problem);
        }
    }

    /**
     * Every mistake of the rejection at once, with those of its ready-on date ({@code dateErrors}), so a person fixes
     * them in one go rather than one per try.
     */
    private static void check(Rejection rejection, List<FieldError> dateErrors) {
        List<FieldError> errors = new ArrayList<>();
        if (rejection.reason() == null) {
            errors.add(new FieldError("reason", "is required, one of " + List.of(RejectReason.values())));
        }
        String note = clean(rejection.note());
        if (rejection.reason() == RejectReason.OTHER && note == null) {
            errors.add(new FieldError("note", "is required with OTHER: say why the lead is not for sales"));
        }
        if (note != null && note.length() > MAX_NOTE) {
            errors.add(new FieldError("note", "must have at most " + MAX_NOTE + " characters"));
        }
        errors.addAll(dateErrors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The rejection was not recorded; the hand-off stays open", errors);
        }
    }

    private static String clean(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String clip(String text) {
        return text.length() > MAX_MOVE_REASON ? text.substring(0, MAX_MOVE_REASON - 1) + "…" : text;
    }
}
