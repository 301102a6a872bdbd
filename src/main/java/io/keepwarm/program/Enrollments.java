package io.keepwarm.program;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Zones;
import io.keepwarm.program.internal.EnrollmentStore;
import io.keepwarm.program.internal.ProgramStore;
import io.keepwarm.program.internal.StepMoves;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.segment.Segments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who is in which program: enroll (by hand, API, segment or trigger), end, list, and what an edit would touch. */
@Service
public class Enrollments {

    /**
     * What an enroll call did; {@code notInNurture} counts contacts left out because sales has them or they were
     * disqualified (see {@link #NOT_ENROLLED_STAGES}).
     */
    public record Enrolled(int enrolled, int alreadyIn, int notAgain, int notInNurture) {}

    /**
     * The stages whose contacts a nurture program does not take: the very stages that end their enrollments
     * ({@link #takesOutOfNurture}). Sales has an SQL or an open deal, and a disqualified contact is the wrong person;
     * enrolled anyway, they would only leave again at their next stage move, or get nurture mail meanwhile. A customer
     * may be enrolled (service reminders and check-ins are for them), and so may a customer's new deal.
     */
    public static final Set<Stage> NOT_ENROLLED_STAGES = java.util.EnumSet.of(Stage.SQL, Stage.OPPORTUNITY,
            Stage.DISQUALIFIED);

    /** How many enrolled contacts a change to the program would affect, before it is saved. */
    public record Impact(long active, long affected, String why) {}

    /** The reason code of the move a NEW contact makes to NURTURE as a program takes it. */
    public static final String ENROLLED = "ENROLLED";

    /** The end reason of an enrollment whose contact reached the program's goal. */
    public static final String GOAL_REACHED = "GOAL_REACHED";

    /** The end reason of a merged duplicate's enrollment in a program the survivor is in: the survivor's goes on. */
    public static final String MERGED = "MERGED";

    /**
     * The end reasons of enrollments whose contact's stage took it out (ENTERED_ and the stage; HANDOFF_ACCEPTED before
     * the stage said it): such a contact has not been through the program, and may come back to it.
     */
    public static final List<String> TAKEN_OUT_BY_STAGE = List.of(enteredStage(Stage.SQL),
            enteredStage(Stage.OPPORTUNITY), enteredStage(Stage.DISQUALIFIED), "HANDOFF_ACCEPTED");

    private static final int MAX_IDS = 10_000;

    private final ProgramStore programs;
    private final EnrollmentStore store;
    private final Contacts contacts;
    private final Users users;
    private final Lifecycle lifecycle;
    private final AuditLog audit;
    private final Zones zones;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Segments segments;

    Enrollments(ProgramStore programs, EnrollmentStore store, Contacts contacts, Users users, Lifecycle lifecycle,
            AuditLog audit, Zones zones, Clock clock, ApplicationEventPublisher events, Segments segments) {
        this.segments = segments;
        this.users = users;
        this.zones = zones;
        this.lifecycle = lifecycle;
        this.programs = programs;
        this.store = store;
        this.contacts = contacts;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Enrolls the contacts an active program may take: not already in it, and not back again when it takes each
     * contact once. A sequence starts at once; a stream first touches at its next cadence moment in the
     * contact's own zone.
     */
    @Transactional
    public Enrolled enroll(long programId, Collection<Long> contactIds, Enrollment.Source source) {
        Program program = program(programId);
        if (program.status() != ProgramStatus.ACTIVE) {
            throw new ConflictException("Program '" + program.name() + "' is " + program.status()
                    + "; only an ACTIVE program takes contacts");
        }
        return admit(program, contactIds, source);
    }

    /**
     * Enrolls contacts who entered the program's audience segment, as {@link #enroll} does; a paused program takes
     * them too and holds them until it is resumed.
     */
    @Transactional
    public Enrolled enrollAudience(long programId, Collection<Long> contactIds) {
        Program program = program(programId);
        if (program.status() != ProgramStatus.ACTIVE && program.status() != ProgramStatus.PAUSED) {
            throw new ConflictException("Program '" + program.name() + "' is " + program.status()
                    + "; only an ACTIVE or PAUSED program takes its audience");
        }
        return admit(program, contactIds, Enrollment.Source.SEGMENT);
    }

    /**
     * A program that takes each contact once takes back one its stage took out (a lost deal back in nurture), where
     * it left off: a stream sends what the contact has not had anyway, a sequence goes on from the step it had reached
     * rather than send its first pieces again.
     */
    private Enrolled admit(Program program, Collection<Long> contactIds, Enrollment.Source source) {
        return admit(program, contactIds, source, null);
    }

    /** As above, a sequence's contacts starting at the steps given (null: as above). */
    private Enrolled admit(Program program, Collection<Long> contactIds, Enrollment.Source source,
            Map<Long, Integer> steps) {
        Admission admission = admission(program, contactIds, steps);
        List<EnrollmentStore.New> fresh = admission.fresh();
        store.insert(program.id(), fresh, source, clock.instant());
        enterNurture(program, fresh);
        if (!fresh.isEmpty() && source != Enrollment.Source.SEGMENT) {
            audit.record("CONTACTS_ENROLLED", "program", program.id(), Map.of("count", fresh.size(), "source", source));
        }
        return admission.enrolled();
    }

    /**
     * A NEW contact a program takes is in nurture from then on, or the funnel shows nobody in NURTURE while the
     * programs are full; one already further along (an MQL, a customer in a service program) stays where it is.
     */
    private void enterNurture(Program program, List<EnrollmentStore.New> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        lifecycle.moveNew(fresh.stream().map(EnrollmentStore.New::contactId).toList(),
                new Lifecycle.Move(Stage.NURTURE, ENROLLED, "Enrolled in program '" + program.name() + "'"),
                ActorType.PROGRAM, "program:" + program.id());
    }

    /** Whom an enroll call would take, and what it would answer; nothing is written. */
    private record Admission(List<EnrollmentStore.New> fresh, Enrolled enrolled) {}

    private Admission admission(Program program, Collection<Long> contactIds, Map<Long, Integer> steps) {
        long programId = program.id();
        Set<Long> ids = new LinkedHashSet<>(contactIds);
        Set<Long> outOfNurture = outOfNurture(ids).keySet();
        ids.removeAll(outOfNurture);
        Set<Long> active = store.blocked(programId, ids, false);
        boolean once = program.reenrollment() == Reenrollment.NEVER;
        Set<Long> ever = once ? store.blocked(programId, ids, true) : active;
        Map<Long, Integer> resume = program.kind() != ProgramKind.SEQUENCE ? Map.of() : steps != null ? steps
                : once ? store.takenOutByStage(programId, ids) : Map.of();
        Instant now = clock.instant();
        List<EnrollmentStore.New> fresh = new ArrayList<>();
        for (Contacts.OwnerAndZone contact : contacts.ownersAndZones(ids)) {
            if (!ever.contains(contact.contactId())) {
                int step = resume.getOrDefault(contact.contactId(), 0);
                ZoneId zone = zones.ofContact(contact.timeZone(), contact.country());
                fresh.add(new EnrollmentStore.New(contact.contactId(), step,
                        step > 0 ? resumedDue(program, step, now, zone) : firstDue(program, now, zone)));
            }
        }
        return new Admission(fresh, new Enrolled(fresh.size(), active.size(), ever.size() - active.size(),
                outOfNurture.size()));
    }

    /**
     * What enrolling these contacts would do, as {@link #enroll} answers it, in whatever state the program is: a
     * person asked before activating a program learns how many of its audience it takes at once.
     */
    public Enrolled wouldEnroll(long programId, Collection<Long> contactIds) {
        return admission(program(programId), contactIds, null).enrolled();
    }

    /**
     * Those of these contacts a nurture program does not take, with their stage: in SQL, DISQUALIFIED, or in
     * OPPORTUNITY unless they came to it as a customer (whose programs a new deal keeps, as {@link #takesOutOfNurture}
     * says). The engine asks it again as it sends: a touch a finished sequence left waiting has no enrollment to end.
     */
    public Map<Long, Stage> outOfNurture(Collection<Long> contactIds) {
        Map<Long, Stage> out = new java.util.LinkedHashMap<>();
        lifecycle.stagesOf(contactIds).forEach((id, stage) -> {
            if (takesOutOfNurture(stage == Stage.OPPORTUNITY ? cameFrom(id) : null, stage)) {
                out.put(id, stage);
            }
        });
        return out;
    }

    /** The stage the contact's last move came from; null before any. */
    private Stage cameFrom(long contactId) {
        List<Lifecycle.Transition> moves = lifecycle.transitions(contactId);
        return moves.isEmpty() ? null : moves.getLast().from();
    }

    /**
     * Contacts back in nurture from sales (recycled, rejected, a lost deal after the recycle delay, a disqualified
     * contact a person brought back) go back into each program their stage took them out of, where that program still
     * runs (active, or paused and holding them until resumed) and they still fit its audience segment, judged now:
     * waiting for the segment to take them again left them out for good where it never let them go (an audience by tag
     * or list). A program that takes each contact once takes them too, as an enrollment their stage ended does not
     * count ({@link #TAKEN_OUT_BY_STAGE}); so does one that takes contacts again after an end. Only the latest place
     * counts: one a person removed them from afterwards, or that they finished, stays ended. A program without an
     * audience (people enroll by hand) takes them back as well: someone chose to put them there, and only sales
     * interrupted it, as a paused Marketo engagement program or a HubSpot sequence resumed after a deal goes cold.
     * A sequence goes on from the step it had reached (after a wait, once that wait has passed again from now), a
     * stream at its next cadence moment with the pieces they have not had, so nothing is sent twice.
     */
    @Transactional
    public void takeBack(Collection<Long> contactIds) {
        Map<Long, List<EnrollmentStore.LeftForStage>> byProgram = new java.util.LinkedHashMap<>();
        store.leftForStage(contactIds).forEach(l -> byProgram.computeIfAbsent(l.programId(), p -> new ArrayList<>()).add(l));
        byProgram.forEach((programId, left) -> {
            Program program = program(programId);
            Set<Long> fit = program.audienceSegmentId() == null ? null : segments.matching(
                    segments.get(program.audienceSegmentId()).rule(),
                    left.stream().map(EnrollmentStore.LeftForStage::contactId).toList());
            Map<Enrollment.Source, List<Long>> bySource = new java.util.EnumMap<>(Enrollment.Source.class);
            Map<Long, Integer> steps = new HashMap<>();
            left.stream().filter(l -> fit == null || fit.contains(l.contactId())).forEach(l -> {
                bySource.computeIfAbsent(l.source(), s -> new ArrayList<>()).add(l.contactId());
                steps.put(l.contactId(), l.step());
            });
            bySource.forEach((source, ids) -> admit(program, ids, source, steps));
        });
    }

    /**
     * Contacts back in nurture from a stage that kept them out of it (disqualified, or with sales) enter each running
     * program whose audience segment holds them now, as a contact entering that segment does ({@link #enrollAudience}),
     * where the program's re-enrollment allows it: once through a program that takes each contact once, they stay out
     * of it; one that takes contacts again after an end takes them again. Without this, a contact whose audience took
     * it while it was out (a tag given meanwhile, a program started meanwhile) was never enrolled: it stays in the
     * segment, and only a contact entering one is enrolled. Nothing is sent twice: a stream sends what they have not
     * had, and a sequence passes over a piece they have. Runs after {@link #takeBack}, which puts them back where they
     * stood in the programs their stage took them out of.
     */
    @Transactional
    public void enterAudiences(Collection<Long> contactIds) {
        for (Program program : programs.runningWithAudience()) {
            Set<Long> fit = segments.matching(segments.get(program.audienceSegmentId()).rule(), contactIds);
            if (!fit.isEmpty()) {
                admit(program, fit, Enrollment.Source.SEGMENT);
            }
        }
    }

    /**
     * Enrolls contacts named by a person or an integrator; unknown contacts are a 400, and a SALES caller's contacts
     * owned by others a 403 (a rep puts their own contacts in programs), and then nobody is enrolled.
     */
    @Transactional
    public Enrolled enrollByRequest(long programId, List<Long> contactIds, Enrollment.Source source) {
        if (contactIds == null || contactIds.isEmpty() || contactIds.size() > MAX_IDS) {
            throw InvalidInputException.field("contactIds", "give from 1 to " + MAX_IDS + " contact ids");
        }
        List<Contacts.OwnerAndZone> found = contacts.ownersAndZones(contactIds);
        Set<Long> known = new java.util.HashSet<>();
        found.forEach(c -> known.add(c.contactId()));
        List<Long> unknown = contactIds.stream().filter(id -> !known.contains(id)).distinct().limit(20).toList();
        if (!unknown.isEmpty()) {
            throw InvalidInputException.field("contactIds", "no contact has the id " + unknown + "; nobody was enrolled");
        }
        mustOwn(found, "enrolls", "Nobody was enrolled");
        Map<Long, Stage> out = outOfNurture(contactIds);
        if (!out.isEmpty()) {
            Map<Long, Stage> shown = new java.util.LinkedHashMap<>();
            out.entrySet().stream().limit(20).forEach(e -> shown.put(e.getKey(), e.getValue()));
            throw new ConflictException("Contact " + shown.entrySet().stream().map(e -> e.getKey() + " is " + e.getValue())
                    .collect(java.util.stream.Collectors.joining(", ")) + ": a nurture program does not take a contact"
                    + " in " + NOT_ENROLLED_STAGES + " (sales has them, or they were disqualified); move them back to"
                    + " nurture first, or leave them out. Nobody was enrolled",
                    Map.of("notInNurture", shown.entrySet().stream().map(e -> Map.of("contactId", e.getKey(),
                            "stage", e.getValue())).toList()));
        }
        return enroll(programId, contactIds, source);
    }

    /**
     * After a live sequence's steps were edited, moves its contacts to their places in the new steps (see
     * {@link io.keepwarm.program.internal.StepMoves}): nobody active takes a step again that they had passed, and an
     * ended enrollment's place moves alike, so each step's figures stay with the step. The engine follows with the
     * touches ({@link SequenceStepsEdited}).
     */
    @Transactional
    public void followEditedSteps(long programId, List<Step> before, List<Step> after) {
        if (!before.equals(after)) {
            retimeChangedWaits(programId, before, after);
            store.moveToEditedSteps(programId, StepMoves.places(before, after));
            events.publishEvent(new SequenceStepsEdited(programId, java.util.Arrays.stream(
                    StepMoves.kept(before, after)).boxed().toList()));
        }
    }

    /**
     * A stream whose cadence changed: each active contact's next touch moves to the new cadence's first moment still
     * ahead, as the engine counts one after a pause. Left at the moment the old cadence gave, the next touch went out
     * on the old day ("first Tuesday") although the marketer had moved the stream to another ("second Tuesday"), and
     * the contact's page and the preview said so.
     */
    public void followEditedCadence(long programId, Cadence before, Cadence after) {
        if (after == null || after.equals(before)) {
            return;
        }
        Instant now = clock.instant();
        ZoneId accountZone = zones.accountZone();
        String cursor = null;
        do {
            Page<Enrollment> page = store.list(programId, Enrollment.Status.ACTIVE, cursor, 1_000);
            Map<Long, ZoneId> zoneOf = new HashMap<>();
            contacts.ownersAndZones(page.items().stream().map(Enrollment::contactId).toList())
                    .forEach(c -> zoneOf.put(c.contactId(), zones.ofContact(c.timeZone(), c.country())));
            Map<Long, Instant> due = new HashMap<>();
            for (Enrollment e : page.items()) {
                if (e.nextDueAt() != null) {
                    due.put(e.id(), Schedules.following(after, e.enrolledAt(), now,
                            zoneOf.getOrDefault(e.contactId(), accountZone)));
                }
            }
            store.setDue(due);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    /**
     * Contacts waiting in a wait the edit changed wait the new time, counted from when they began waiting (a wait
     * until a weekday keeps no start, so from now); where the wait was removed, they go on now. Otherwise a
     * shortened wait would still hold everyone already in it for the old time.
     */
    private void retimeChangedWaits(long programId, List<Step> before, List<Step> after) {
        Instant now = clock.instant();
        StepMoves.changedWaits(before, after).forEach((place, replacement) -> {
            Step.Wait old = (Step.Wait) before.get(place - 1);
            List<EnrollmentStore.Waiting> waiting;
            for (long afterId = 0; !(waiting = store.waitingAt(programId, place, afterId, 1_000)).isEmpty();
                    afterId = waiting.getLast().id()) {
                Map<Long, ZoneId> zoneOf = new HashMap<>();
                contacts.ownersAndZones(waiting.stream().map(EnrollmentStore.Waiting::contactId).toList())
                        .forEach(c -> zoneOf.put(c.contactId(), zones.ofContact(c.timeZone(), c.country())));
                Map<Long, Instant> due = new HashMap<>();
                ZoneId accountZone = zones.accountZone();
                for (EnrollmentStore.Waiting w : waiting) {
                    ZoneId zone = zoneOf.getOrDefault(w.contactId(), accountZone);
                    due.put(w.id(), replacement.map(wait -> Schedules.afterWait(wait,
                            Schedules.waitBegan(old, w.due(), zone, now), zone)).orElse(now));
                }
                store.setDue(due);
            }
        });
    }

    /**
     * Takes the given contacts out of the program, as a person asks through the API: the ids are required (an
     * empty request must not read as "everyone"). A SALES caller takes out only contacts they own, or nobody.
     */
    @Transactional
    public List<Long> removeByRequest(long programId, List<Long> contactIds) {
        if (contactIds == null || contactIds.isEmpty() || contactIds.size() > MAX_IDS) {
            throw InvalidInputException.field("contactIds", "give from 1 to " + MAX_IDS + " contact ids");
        }
        mustOwn(contacts.ownersAndZones(contactIds), "takes out", "Nobody was taken out");
        return end(programId, contactIds, Enrollment.Status.EXITED, "REMOVED");
    }

    /**
     * Refuses a SALES caller contacts they do not own, naming them: a program's mail goes to the contact in the
     * owner's name and timing, so which of a contact's programs run is the owner's (or marketing's) call.
     */
    private void mustOwn(List<Contacts.OwnerAndZone> found, String verb, String nothingDone) {
        Caller caller = users.caller();
        if (caller.role() != Role.SALES) {
            return;
        }
        Long me = caller.user() == null ? null : caller.user().id();
        List<Long> others = found.stream().filter(c -> me == null || !me.equals(c.ownerId()))
                .map(Contacts.OwnerAndZone::contactId).distinct().sorted().toList();
        if (others.isEmpty()) {
            return;
        }
        String named = others.stream().limit(20).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + (others.size() > 20 ? " and " + (others.size() - 20) + " more" : "");
        throw new ForbiddenException((me == null
                ? "A rep " + verb + " only contacts they own, and a SALES API key acts for no rep (contacts " + named
                        + "): log in as their owner, or ask a marketer or an admin"
                : (others.size() == 1 ? "Contact " + named + " is not yours" : "Contacts " + named + " are not yours")
                        + ": a rep " + verb + " only contacts they own; leave "
                        + (others.size() == 1 ? "it" : "them") + " out, or ask the owner, a marketer or an admin")
                + ". " + nothingDone);
    }

    /** Ends active enrollments; reason says why (GOAL_REACHED, LEFT_SEGMENT, REMOVED, PROGRAM_ARCHIVED ...). */
    @Transactional
    public List<Long> end(long programId, Collection<Long> contactIds, Enrollment.Status status, String reason) {
        program(programId);
        Map<Long, Long> ended = store.end(programId, contactIds, status, reason, clock.instant());
        announceEnded(List.copyOf(ended.keySet()), reason);
        return List.copyOf(ended.values());
    }

    private void announceEnded(List<Long> enrollmentIds, String reason) {
        if (!enrollmentIds.isEmpty()) {
            events.publishEvent(new EnrollmentsEnded(enrollmentIds, reason));
        }
    }

    /**
     * Whether a move takes the contact out of nurture: into SQL (sales has it) or DISQUALIFIED, or into OPPORTUNITY
     * but as a customer's new deal, which keeps the programs meant for customers (service reminders, check-ins).
     */
    public static boolean takesOutOfNurture(Stage from, Stage to) {
        return to == Stage.SQL || to == Stage.DISQUALIFIED || to == Stage.OPPORTUNITY && from != Stage.CUSTOMER;
    }

    /** Why an enrollment ended when its contact entered a stage that takes it out of nurture. */
    public static String enteredStage(Stage stage) {
        return "ENTERED_" + stage;
    }

    /**
     * Why an enrollment ended when a step of its own program moved its contact to a stage that takes it out of nurture
     * (a clean-up sequence's "set stage DISQUALIFIED"): the program's doing, so not among {@link #TAKEN_OUT_BY_STAGE}.
     * A person who brings the contact back to nurture meant to undo the move: taken back to that step, the program
     * moved them out again at the next tick.
     */
    public static String movedByItsStep(Stage stage) {
        return "STEP_SET_" + stage;
    }

    /**
     * Ends every active enrollment of these contacts, who entered a stage that takes them out of nurture, and tells
     * the engine ({@link ContactsLeftNurture}), whether or not they were in a program. Answers the programs each left.
     */
    @Transactional
    public Map<Long, List<Long>> letGo(Collection<Long> contactIds, Stage stage) {
        return letGo(contactIds, stage, Map.of());
    }

    /**
     * The same, where {@code byStep} names, by contact, the program whose own step made the move: that place ends as
     * {@link #movedByItsStep}, the others as {@link #enteredStage}.
     */
    @Transactional
    public Map<Long, List<Long>> letGo(Collection<Long> contactIds, Stage stage, Map<Long, Long> byStep) {
        String reason = enteredStage(stage);
        Instant now = clock.instant();
        Map<Long, List<Long>> stepped = new HashMap<>();
        byStep.forEach((contactId, programId) -> stepped.computeIfAbsent(programId, p -> new ArrayList<>()).add(contactId));
        List<Long> endedByStep = new ArrayList<>();
        Map<Long, List<Long>> leftByStep = new HashMap<>();
        stepped.forEach((programId, ids) -> store.end(programId, ids, Enrollment.Status.EXITED, movedByItsStep(stage),
                now).forEach((enrollmentId, contactId) -> {
                    endedByStep.add(enrollmentId);
                    leftByStep.computeIfAbsent(contactId, c -> new ArrayList<>()).add(programId);
                }));
        announceEnded(endedByStep, movedByItsStep(stage));
        List<Long> ended = new ArrayList<>();
        Map<Long, List<Long>> left = store.endAllOf(contactIds, Enrollment.Status.EXITED, reason, now, ended);
        leftByStep.forEach((contactId, programIds) -> left.computeIfAbsent(contactId, c -> new ArrayList<>())
                .addAll(programIds));
        announceEnded(ended, reason);
        Map<Long, Map<String, Object>> audited = new java.util.LinkedHashMap<>();
        left.forEach((contactId, programIds) -> audited.put(contactId, Map.of("programIds", programIds, "reason", reason)));
        audit.recordAll("CONTACT_LEFT_PROGRAMS", "contact", audited);
        events.publishEvent(new ContactsLeftNurture(stage, List.copyOf(contactIds)));
        return left;
    }

    /** The contact's enrollments in every program, the newest first, at most {@code limit}. */
    public List<Enrollment> ofContact(long contactId, int limit) {
        return store.ofContact(contactId, limit);
    }

    /** The contact's enrollments in every program, the oldest first, in cursor pages; a contact there is not is a 404. */
    public Page<Enrollment> listOfContact(long contactId, Enrollment.Status status, String cursor, int limit) {
        contacts.get(contactId);
        return store.listOfContact(contactId, status, cursor, limit);
    }

    public Page<Enrollment> list(long programId, Enrollment.Status status, String cursor, int limit) {
        program(programId);
        return store.list(programId, status, cursor, limit);
    }

    /**
     * A sequence edit affects the contacts that have not yet passed the first changed step (they stand at it or
     * before it); a stream edit
     * (cadence or pool) affects every active contact. Nothing already sent is sent again either way.
     */
    public Impact impact(long programId, Program.Draft draft) {
        Program program = program(programId);
        List<int[]> byStep = store.activeByStep(programId);
        long active = byStep.stream().mapToLong(s -> s[1]).sum();
        String leaving = whoLeaves(program, draft);
        if (leaving != null) {
            return new Impact(active, active, leaving);
        }
        if (program.kind() == ProgramKind.STREAM) {
            boolean same = program.pool().equals(draft.pool()) && java.util.Objects.equals(program.cadence(), draft.cadence());
            return new Impact(active, same ? 0 : active, same ? "cadence and pool unchanged"
                    : "a stream's cadence or pool applies to every active contact from its next touch (a piece taken out"
                    + " of the pool is not sent where it still waits for quiet hours or a cap)");
        }
        int firstChange = 0;
        while (firstChange < Math.min(program.steps().size(), draft.steps().size())
                && program.steps().get(firstChange).equals(draft.steps().get(firstChange))) {
            firstChange++;
        }
        if (firstChange == program.steps().size() && firstChange == draft.steps().size()) {
            return new Impact(active, 0, "steps unchanged");
        }
        int from = firstChange;
        Set<Integer> inChangedWaits = StepMoves.changedWaits(program.steps(), draft.steps())
                .keySet();
        long affected = byStep.stream().filter(s -> s[0] <= from || inChangedWaits.contains(s[0])).mapToLong(s -> s[1])
                .sum();
        // Steps are counted from 1 here, as the builder and the program's page number them.
        return new Impact(active, affected, "contacts that have not yet passed step " + (from + 1) + " will meet the"
                + " changed steps; those past it carry on, and nobody gets a step again (a changed or removed step's message"
                + " still waiting for quiet hours or a cap is not sent)" + (inChangedWaits.isEmpty() ? ""
                : "; contacts waiting in a changed wait wait the new time from when they began (a removed wait lets"
                        + " them go on now)"));
    }

    /**
     * What a change to when contacts leave means for every active one (a new goal, audience or exit rule), or null
     * when the change leaves those alone: such an edit was reported as reaching nobody and saved without a question.
     */
    private static String whoLeaves(Program program, Program.Draft draft) {
        if (!java.util.Objects.equals(program.goal(), draft.goal())) {
            return "the goal changes: every active contact who meets the new goal leaves at their next touch";
        }
        if (!java.util.Objects.equals(program.audienceSegmentId(), draft.audienceSegmentId())
                || program.exitOnSegmentLeave() != Boolean.TRUE.equals(draft.exitOnSegmentLeave())) {
            return "the audience or its exit rule changes: it decides from now on who enters and whether active"
                    + " contacts who leave the audience exit";
        }
        return null;
    }

    /** How many enrollments the program has by status, with goals reached and contacts out of content. */
    public Map<String, Long> counts(long programId) {
        program(programId);
        return store.counts(programId);
    }

    /** For the engine: locks due enrollments of active programs (see {@link EnrollmentStore#claimDue}). */
    public List<Enrollment> claimDue(Instant now, int limit) {
        return store.claimDue(now, limit);
    }

    /** How an enrollment was stopped: exited, or ended at its goal, and when. */
    public record Stopped(boolean exited, Instant at) {

        /**
         * Whether a touch planned at {@code plannedAt} must not go. An exit stops everything; a goal stops what was
         * planned before it was reached, not what the same walk planned on its way to a goal step.
         */
        public boolean stops(Instant plannedAt) {
            return exited || at.isAfter(plannedAt);
        }
    }

    /**
     * For the engine: which of these enrollments were stopped (exited, or their goal reached), by id. A sequence
     * that simply walked past its last step still sends what it planned.
     */
    public Map<Long, Stopped> stopped(Collection<Long> enrollmentIds) {
        return store.stopped(enrollmentIds);
    }

    /** For the engine: where an enrollment stands after a walk, and when it is due next. */
    public record Move(long enrollmentId, int step, int occurrence, Instant nextDueAt) {}

    /** For the engine: the moves of a whole batch in one go. */
    public void moveAll(List<Move> moves) {
        store.moveAll(moves);
    }

    /** For the engine: a stream has nothing left in its pool for this contact (told once each time it runs out). */
    public void exhausted(Enrollment enrollment, Instant at) {
        if (store.exhausted(enrollment.id(), at)) {
            events.publishEvent(new ProgramExhausted(enrollment.programId(), enrollment.contactId(), enrollment.id()));
        }
    }

    /**
     * For the engine: these enrollments of a stream that had run out of content have a piece again (the pool grew),
     * so they count as out no more and are told again when they next run out.
     */
    public void replenished(List<Long> enrollmentIds) {
        store.replenished(enrollmentIds);
    }

    /** For the engine: ends one enrollment (finished its steps, reached its goal). */
    public void finish(Enrollment enrollment, Enrollment.Status status, String reason) {
        boolean ended = store.endOne(enrollment.id(), status, reason, clock.instant());
        if (ended && GOAL_REACHED.equals(reason)) {
            events.publishEvent(new ProgramGoalReached(enrollment.programId(), enrollment.contactId(), enrollment.id()));
        }
    }

    /**
     * For the engine: a touch about to go found its contact at the program's goal; the enrollment ends as reached,
     * as the next walk would have ended it.
     */
    public void reachedGoal(long enrollmentId, long programId, long contactId) {
        if (store.endOne(enrollmentId, Enrollment.Status.COMPLETED, GOAL_REACHED, clock.instant())) {
            events.publishEvent(new ProgramGoalReached(programId, contactId, enrollmentId));
        }
    }

    /**
     * These active enrollments' contacts were found at their program's goal when their activity arrived: each ends
     * as reached, and the touches they still had waiting are not sent ({@link EnrollmentsEnded}).
     */
    public void reachedGoals(List<Enrollment> reached) {
        List<Long> ended = new ArrayList<>();
        for (Enrollment e : reached) {
            if (store.endOne(e.id(), Enrollment.Status.COMPLETED, GOAL_REACHED, clock.instant())) {
                events.publishEvent(new ProgramGoalReached(e.programId(), e.contactId(), e.id()));
                ended.add(e.id());
            }
        }
        announceEnded(ended, GOAL_REACHED);
    }

    /** The active enrollments of these contacts in the program (a trigger sending one piece within it). */
    public List<Enrollment> activeOf(long programId, Collection<Long> contactIds) {
        program(programId);
        return contactIds.isEmpty() ? List.of() : store.activeOf(programId, contactIds);
    }

    /**
     * A sequence taken up again after a wait (sales had the contact meanwhile) waits it again, in full, from its return:
     * going on at once sent the step after the wait the day the rep handed the lead back ("no project this year").
     */
    private static Instant resumedDue(Program program, int step, Instant now, ZoneId zone) {
        return step <= program.steps().size() && program.steps().get(step - 1) instanceof Step.Wait wait
                ? Schedules.afterWait(wait, now, zone) : now;
    }

    private Instant firstDue(Program program, Instant now, ZoneId zone) {
        return program.kind() == ProgramKind.STREAM ? Schedules.first(program.cadence(), now, zone) : now;
    }

    private Program program(long id) {
        return programs.find(id).orElseThrow(() -> NotFoundException.of("Program", id));
    }
}
