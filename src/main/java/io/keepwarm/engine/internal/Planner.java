package io.keepwarm.engine.internal;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ContactPatch;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Tags;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.ContentChoices;
import io.keepwarm.engine.Pressure;
import io.keepwarm.engine.Reason;
import io.keepwarm.engine.Touch;
import io.keepwarm.engine.TouchPlanned;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.StageHolds;
import io.keepwarm.lifecycle.Transitions;
import io.keepwarm.platform.Actors;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.Step;
import io.keepwarm.program.Schedules;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Moves one due enrollment forward: checks the program's goal, then walks a sequence's steps until one plans a
 * touch and a wait (or the end) stops it, or plans a stream's next touch from its pool and its next cadence
 * moment. Touches are planned under their natural key, so a repeated walk plans nothing twice.
 */
@Component
public class Planner {

    static final Duration DEFAULT_STALE_AFTER = Touch.DEFAULT_STALE_AFTER;
    private static final int MAX_STEPS_PER_WALK = 100;

    private final Enrollments enrollments;
    private final TouchStore touches;
    private final Segments segments;
    private final Contacts contacts;
    private final Tags tags;
    private final Lifecycle lifecycle;
    private final ApplicationEventPublisher events;
    private final ContentLibrary library;
    private final AuditLog audit;
    private final BranchPasses branchPasses;
    private final Pressure pressure;
    private final Clock clock;

    Planner(Enrollments enrollments, TouchStore touches, Segments segments, Contacts contacts, Tags tags,
            Lifecycle lifecycle, ApplicationEventPublisher events, ContentLibrary library, AuditLog audit,
            BranchPasses branchPasses, Pressure pressure, Clock clock) {
        this.branchPasses = branchPasses;
        this.pressure = pressure;
        this.library = library;
        this.audit = audit;
        this.enrollments = enrollments;
        this.touches = touches;
        this.segments = segments;
        this.contacts = contacts;
        this.tags = tags;
        this.lifecycle = lifecycle;
        this.events = events;
        this.clock = clock;
    }

    /**
     * What walking one enrollment did. UNREACHABLE: a stream's contact no email can reach, whose last cadence touch
     * was suppressed for the same reason already, moved on to the next cadence moment without another.
     */
    public enum Outcome { PLANNED, WAITING, COMPLETED, GOAL_REACHED, EXHAUSTED, UNREACHABLE }

    /** What a batch of one program's enrollments shares, read once for the batch instead of once per contact. */
    private final class Batch {
        final Map<Long, ZoneId> zones;
        /** The language each contact reads (their own, else the account's), as the caller read it with the lock. */
        final Map<Long, String> reads;
        final Set<Long> reachedGoal;
        final ContentHistory history;
        final Map<Long, Set<Long>> plannedNow;
        final Map<Long, Optional<ContentItem>> pieces;
        final Map<Long, Set<Long>> segmentMembers = new java.util.HashMap<>();
        final Map<Long, List<String>> tagged;
        final List<Long> contactIds;
        final List<TouchStore.Plan> plans = new java.util.ArrayList<>();
        final List<Enrollments.Move> moves = new java.util.ArrayList<>();
        final List<Long> replenished = new java.util.ArrayList<>();
        final List<BranchPasses.Pass> passes = new java.util.ArrayList<>();
        final Set<Long> lastPieces = new java.util.HashSet<>();
        /** A stream's contacts no email can reach now, with why. */
        final Map<Long, Reason> unreachable;
        /** Of those, by enrollment, the reason their last cadence touch was suppressed for (absent: not suppressed). */
        final Map<Long, String> suppressedLast;

        Batch(Program program, List<Enrollment> batch, Map<Long, Optional<ContentItem>> pieces, Map<Long, ZoneId> zones,
                Map<Long, String> reads, Map<Long, Set<Long>> plannedNow) {
            this.pieces = pieces;
            this.zones = zones;
            this.reads = reads;
            this.plannedNow = plannedNow;
            contactIds = batch.stream().map(Enrollment::contactId).distinct().toList();
            reachedGoal = program.goal() == null ? Set.of() : segments.matching(program.goal(), contactIds);
            // The contacts' content history, one statement for the batch: a stream chooses by it, and the sending
            // after the walk, in this transaction and with the contacts locked, is handed it for the send-time check
            // of every piece planned here that goes once, instead of reading it again.
            history = touches.history(contactIds, ContentHistory.sentOnce(program));
            // A stream chooses by the contacts' own choices; a sequence's piece is judged when it is sent.
            tagged = program.kind() == ProgramKind.STREAM ? tags.ofAll(contactIds) : Map.of();
            unreachable = program.kind() == ProgramKind.STREAM ? pressure.cannotEmail(contactIds, clock.instant())
                    : Map.of();
            suppressedLast = unreachable.isEmpty() ? Map.of() : touches.lastCadenceSuppressed(batch.stream()
                    .filter(e -> unreachable.containsKey(e.contactId())).map(Enrollment::id).toList());
        }

        Optional<ContentItem> piece(long id) {
            return pieces.computeIfAbsent(id, library::find);
        }

        boolean inSegment(long segmentId, long contactId) {
            return segmentMembers.computeIfAbsent(segmentId,
                    id -> segments.matching(segments.get(id).rule(), contactIds)).contains(contactId);
        }
    }

    /**
     * What walking a batch did, and the touches it planned, all due now and not yet written; {@code lastPieces} are the
     * stream enrollments whose planned piece is the last their pool holds for them (out of content once it goes);
     * {@code history} what the batch's contacts have had of every piece planned here that goes once.
     */
    public record Walked(Map<Outcome, Integer> outcomes, List<TouchStore.Plan> plans, Set<Long> lastPieces,
            ContentHistory history) {}

    /**
     * Walks a batch of one program's due enrollments and moves them on. The touches it plans are left to the
     * caller, who sends them in the same transaction ({@link Dispatcher#sendPlanned}). {@code pieces} holds the
     * content read so far, by id, and takes what this batch reads; {@code zones} holds the contacts' time zones, as
     * the caller read them when it locked the contacts, and {@code reads} the language each reads (their own, else the
     * account's), read with them. {@code plannedNow} holds, by contact, the pieces planned so
     * far in the caller's transaction (not yet written, so not in the content history), and takes this batch's: a
     * contact in two streams with the same piece gets it once.
     */
    public Walked advanceAll(Program program, List<Enrollment> enrollments, Map<Long, Optional<ContentItem>> pieces,
            Map<Long, ZoneId> zones, Map<Long, String> reads, Map<Long, Set<Long>> plannedNow) {
        Batch batch = new Batch(program, enrollments, pieces, zones, reads, plannedNow);
        Map<Outcome, Integer> outcomes = new java.util.EnumMap<>(Outcome.class);
        for (Enrollment e : enrollments) {
            // The steps' effects (a tag, an attribute) are the program's doing, whoever's request runs the engine.
            outcomes.merge(Actors.actingAs(actor(program), () -> advance(program, e, batch)), 1, Integer::sum);
        }
        this.enrollments.moveAll(batch.moves);
        this.enrollments.replenished(batch.replenished);
        branchPasses.recordAll(batch.passes, clock.instant());
        return new Walked(outcomes, batch.plans, batch.lastPieces, batch.history);
    }

    private Outcome advance(Program program, Enrollment enrollment, Batch batch) {
        if (batch.reachedGoal.contains(enrollment.contactId())) {
            enrollments.finish(enrollment, Enrollment.Status.COMPLETED, "GOAL_REACHED");
            return Outcome.GOAL_REACHED;
        }
        return program.kind() == ProgramKind.STREAM ? stream(program, enrollment, batch) : sequence(program, enrollment, batch);
    }

    private Outcome sequence(Program program, Enrollment enrollment, Batch batch) {
        Instant now = clock.instant();
        int step = enrollment.step();
        boolean planned = false;
        for (int walked = 0; walked < MAX_STEPS_PER_WALK; walked++) {
            if (step >= program.steps().size()) {
                enrollments.finish(enrollment, Enrollment.Status.COMPLETED, "FINISHED");
                return Outcome.COMPLETED;
            }
            switch (program.steps().get(step)) {
                // A sequence's touches are keyed by step and the enrollment's round of keys, which an edit of
                // the steps starts anew (Enrollments.followEditedSteps). A piece the contact has is suppressed when
                // it is sent (ALREADY_RECEIVED), and the walk goes on as after a send: the next step at its usual time.
                case Step.Send send -> planned |= plan(batch, program, enrollment, step, enrollment.occurrence(),
                        Touch.Kind.SEND, send.channel(), send.contentId(), null, send.staleAfter());
                case Step.ReadinessCheck check -> planned |= plan(batch, program, enrollment, step, enrollment.occurrence(),
                        Touch.Kind.READINESS, check.channel(), check.contentId(), null, check.staleAfter());
                case Step.Task task -> planned |= plan(batch, program, enrollment, step, enrollment.occurrence(),
                        Touch.Kind.TASK, Channel.PHONE, null, task.text(), null);
                case Step.Wait wait -> {
                    batch.moves.add(new Enrollments.Move(enrollment.id(), step + 1, enrollment.occurrence(),
                            Schedules.afterWait(wait, now, batch.zones.get(enrollment.contactId()))));
                    return planned ? Outcome.PLANNED : Outcome.WAITING;
                }
                case Step.Branch branch -> {
                    boolean holds = holds(branch.rule(), enrollment);
                    batch.passes.add(new BranchPasses.Pass(program.id(), enrollment.id(), step, !holds));
                    if (!holds) {
                        step = branch.elseStep();
                        continue;
                    }
                }
                case Step.Goal goal -> {
                    if (holds(goal.rule(), enrollment)) {
                        enrollments.finish(enrollment, Enrollment.Status.COMPLETED, "GOAL_REACHED");
                        return Outcome.GOAL_REACHED;
                    }
                }
                case Step.SetStage set -> moveStage(program, enrollment, step, set);
                case Step.AddTag add -> tags.add(enrollment.contactId(), List.of(add.tag()));
                case Step.SetAttribute set -> setAttribute(enrollment, set);
            }
            step++;
        }
        // A walk this long without a wait would be a program that never pauses; go on at the next tick.
        batch.moves.add(new Enrollments.Move(enrollment.id(), step, enrollment.occurrence(), now));
        return planned ? Outcome.PLANNED : Outcome.WAITING;
    }

    private Outcome stream(Program program, Enrollment enrollment, Batch batch) {
        ZoneId zone = batch.zones.get(enrollment.contactId());
        // After a pause or a stop, the due time lies cadences back: the next touch is at the first cadence moment
        // still ahead, not one for every moment missed (those would go out one after another).
        Instant now = clock.instant();
        Instant next = Schedules.following(program.cadence(), enrollment.enrolledAt(), now, zone);
        // Not a piece planned for the contact by any program either (it would only be suppressed when the other goes),
        // though only while it is planned: one dropped as stale is free to choose at the next cadence moment.
        Set<Long> taken = batch.history.receivedOrPlanned(enrollment.contactId());
        taken.addAll(batch.plannedNow.getOrDefault(enrollment.contactId(), Set.of()));
        Optional<Long> content = program.pool().stream().filter(id -> !taken.contains(id))
                .filter(id -> suits(batch, id, enrollment.contactId())).findFirst();
        if (content.isEmpty()) {
            enrollments.exhausted(enrollment, clock.instant());
            batch.moves.add(new Enrollments.Move(enrollment.id(), 0, enrollment.occurrence(), next));
            return Outcome.EXHAUSTED;
        }
        if (enrollment.exhaustedAt() != null) {
            batch.replenished.add(enrollment.id());
        }
        // One no email can reach has each cadence touch suppressed: recorded once for the reason, not once a moment (a
        // year of a monthly stream left twelve, and "suppressed" counted a contact twelve times), as Marketo counts a
        // person its stream does not cast to as blocked once. They stay, and move on, so the next moment after the
        // reason lifts (or another stops them) plans a touch again; the piece is kept for them.
        Reason unreachable = batch.unreachable.get(enrollment.contactId());
        if (unreachable != null && unreachable.name().equals(batch.suppressedLast.get(enrollment.id()))) {
            batch.moves.add(new Enrollments.Move(enrollment.id(), 0, enrollment.occurrence(), next));
            return Outcome.UNREACHABLE;
        }
        // Held by a cap or quiet hours, a stream's piece is still worth sending until the next one is due (a contact
        // who wants mail monthly at most lost every other piece of a four-weekly stream to a three-day limit).
        plan(batch, program, enrollment, 0, enrollment.occurrence(), Touch.Kind.SEND, Channel.EMAIL, content.get(), null,
                Duration.between(now, next));
        // The pieces before the chosen one were had or do not suit; none after it left means this one is the last.
        List<Long> after = program.pool().subList(program.pool().indexOf(content.get()) + 1, program.pool().size());
        if (after.stream().filter(id -> !taken.contains(id)).noneMatch(id -> suits(batch, id, enrollment.contactId()))) {
            batch.lastPieces.add(enrollment.id());
        }
        batch.moves.add(new Enrollments.Move(enrollment.id(), 0, enrollment.occurrence() + 1, next));
        return Outcome.PLANNED;
    }

    /**
     * Plans a one-off piece for each of these enrollments of a stream, keyed as step -1 and the piece's id, so the
     * same piece never goes to a contact twice; contacts who received the piece already are skipped, and so are
     * enrollments that hold this one-off already (the key would refuse it). One merely planned for a contact elsewhere
     * is planned here too: whichever goes first, the other is suppressed when sent.
     */
    public int unscheduled(Program program, List<Enrollment> active, long contentId) {
        ContentHistory history = touches.history(active.stream().map(Enrollment::contactId).toList(), List.of(contentId));
        Set<Long> planned = touches.keyed(active.stream().map(Enrollment::id).toList(), -1, (int) contentId);
        List<TouchStore.Plan> plans = new java.util.ArrayList<>();
        for (Enrollment e : active) {
            if (!history.received(e.contactId()).contains(contentId) && !planned.contains(e.id())) {
                plans.add(touchPlan(program, e, -1, (int) contentId, Touch.Kind.SEND, Channel.EMAIL, contentId, null,
                        Duration.ofDays(7)));
            }
        }
        return flush(program, plans);
    }

    private boolean plan(Batch batch, Program program, Enrollment e, int step, int occurrence, Touch.Kind kind,
            Channel channel, Long contentId, String note, Duration staleAfter) {
        batch.plans.add(touchPlan(program, e, step, occurrence, kind, channel, contentId, note, staleAfter));
        if (contentId != null) {
            batch.plannedNow.computeIfAbsent(e.contactId(), id -> new java.util.HashSet<>()).add(contentId);
        }
        return true;
    }

    private TouchStore.Plan touchPlan(Program program, Enrollment e, int step, int occurrence, Touch.Kind kind,
            Channel channel, Long contentId, String note, Duration staleAfter) {
        Instant now = clock.instant();
        return new TouchStore.Plan(e.id(), program.id(), e.contactId(), step, occurrence, kind, channel, contentId, note,
                now, now.plus(staleAfter == null ? DEFAULT_STALE_AFTER : staleAfter));
    }

    /** Inserts the touches in one go and announces the ones that are new. */
    private int flush(Program program, List<TouchStore.Plan> plans) {
        Map<TouchStore.Plan, Long> planned = touches.planAll(plans, clock.instant());
        planned.forEach((plan, id) -> events.publishEvent(new TouchPlanned(id, program.id(), plan.contactId(), plan.kind())));
        return planned.size();
    }

    private boolean suits(Batch batch, long contentId, long contactId) {
        return StreamPools.suits(batch.piece(contentId), ContentChoices.of(batch.tagged.get(contactId)),
                batch.reads.get(contactId), () -> lifecycle.current(contactId).stage(),
                segment -> batch.inSegment(segment, contactId), clock.instant());
    }

    private boolean holds(Rule rule, Enrollment e) {
        return segments.matching(rule, List.of(e.contactId())).contains(e.contactId());
    }

    /**
     * The transition table has the last word: a program never forces a move it forbids. Nor does it move a lead a
     * rep is deciding: the step is passed over, and the audit says why. Asked before moving, not caught after: a
     * refusal thrown inside the move would mark the whole batch's transaction rollback-only.
     */
    private void moveStage(Program program, Enrollment e, int step, Step.SetStage set) {
        Stage stage = lifecycle.current(e.contactId()).stage();
        if (stage == set.stage() || !Transitions.allowed(stage, set.stage(), ActorType.PROGRAM)) {
            return;
        }
        Optional<StageHolds.Hold> hold = lifecycle.hold(e.contactId());
        if (hold.isPresent()) {
            // The hold by its hand-off and rep (null while it waits for one): the pages say it in their words.
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("contactId", e.contactId());
            details.put("step", step);
            details.put("setStage", set.stage());
            details.put("handoffId", hold.get().handoffId());
            details.put("repId", hold.get().repId());
            audit.recordAs(actor(program), "PROGRAM_STEP_PASSED_OVER", "program", program.id(), details);
            return;
        }
        lifecycle.move(e.contactId(), new Lifecycle.Move(set.stage(), "PROGRAM", program.name()), ActorType.PROGRAM,
                actor(program));
    }

    /** The name a program acts under, in the audit log and a stage's history ("program:7"). */
    private static String actor(Program program) {
        return actor(program.id());
    }

    static String actor(long programId) {
        return "program:" + programId;
    }

    private void setAttribute(Enrollment e, Step.SetAttribute set) {
        // A patch of the one attribute, not an upsert by address: an upsert refuses a suppressed address, and a
        // contact who complained is still a contact whose program sets an attribute. No value clears it.
        Map<String, String> attribute = new HashMap<>();
        attribute.put(set.key(), set.value());
        contacts.patch(e.contactId(), new ContactPatch(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, attribute));
    }

}
