package io.keepwarm.engine.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.CustomAttributes;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.LinkSource;
import io.keepwarm.content.Links;
import io.keepwarm.content.Rendered;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.engine.Candidate;
import io.keepwarm.engine.ContentChoices;
import io.keepwarm.engine.Decision;
import io.keepwarm.engine.Pressure;
import io.keepwarm.engine.Reason;
import io.keepwarm.engine.RenderFailures;
import io.keepwarm.engine.Touch;
import io.keepwarm.engine.TouchPlanned;
import io.keepwarm.engine.TouchSent;
import io.keepwarm.engine.TouchSuppressed;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Languages;
import io.keepwarm.platform.Zones;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.Programs;
import io.keepwarm.segment.Segments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Sends a batch of due touches inside the caller's transaction, either claimed (planned earlier and due now) or just
 * planned by the caller: locks the contacts, asks the pressure policy about every touch at once (consent,
 * do-not-contact, suppression, validity, caps, quiet hours, as they are now), renders what may go, hands it to its
 * channel and marks it sent; defers or suppresses the rest with a reason.
 */
@Component
public class Dispatcher {

    /** How long a touch whose piece was pulled back to draft waits before it looks again. */
    private static final Duration DRAFT_WAIT = Duration.ofHours(1);
    /** Why a touch waits for its piece, pulled back to draft, to go live again. */
    private static final String CONTENT_IN_DRAFT = "CONTENT_IN_DRAFT";

    /** Why a touch for a contact who went to sales or was disqualified before it went is not sent. */
    static final String LEFT_NURTURE = "LEFT_NURTURE";

    /** What one batch did. */
    public enum Outcome { SENT, DEFERRED, SUPPRESSED, FAILED }

    private final TouchStore touches;
    private final Programs programs;
    private final Enrollments enrollments;
    private final Contacts contacts;
    private final Pressure pressure;
    private final ContentLibrary content;
    private final LinkSource links;
    private final Delivery delivery;
    private final Activities activities;
    private final Users users;
    private final Segments segments;
    private final ApplicationEventPublisher events;
    private final RunningDry runningDry;
    private final ReadinessAnswers readinessAnswers;
    private final Zones zones;
    private final Languages languages;
    private final Clock clock;

    private final RenderFailures renderFailures;
    private final ReadinessByEmail byEmail;

    Dispatcher(TouchStore touches, Programs programs, Enrollments enrollments, Contacts contacts, Pressure pressure,
            ContentLibrary content, LinkSource links, Delivery delivery, Activities activities, Users users,
            Segments segments, ApplicationEventPublisher events, RunningDry runningDry,
            ReadinessAnswers readinessAnswers, Zones zones, Languages languages, RenderFailures renderFailures,
            ReadinessByEmail byEmail, Clock clock) {
        this.languages = languages;
        this.renderFailures = renderFailures;
        this.byEmail = byEmail;
        this.runningDry = runningDry;
        this.readinessAnswers = readinessAnswers;
        this.zones = zones;
        this.users = users;
        this.segments = segments;
        this.touches = touches;
        this.programs = programs;
        this.enrollments = enrollments;
        this.contacts = contacts;
        this.pressure = pressure;
        this.content = content;
        this.links = links;
        this.delivery = delivery;
        this.activities = activities;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Sends one batch of planned touches that are due; an empty map when nothing was due. {@code claimedFirst} hears
     * the id of the first touch claimed, the one a batch of one that fails is about.
     */
    public Map<Outcome, Integer> sendBatch(int limit, LongConsumer claimedFirst) {
        Instant now = clock.instant();
        Map<Long, Integer> priorities = programs.activePriorities();
        List<Touch> due = new ArrayList<>(touches.claimPlanned(now, List.copyOf(priorities.keySet()), limit));
        if (due.isEmpty()) {
            return new EnumMap<>(Outcome.class);
        }
        claimedFirst.accept(due.getFirst().id());
        due.sort(Comparator.comparing((Touch t) -> priorities.get(t.programId())).thenComparing(Touch::dueAt));
        contacts.lockForSending(due.stream().map(Touch::contactId).distinct().toList());
        Map<Long, Program> running = new HashMap<>();
        List<Touch> claimed = List.copyOf(due);
        Decided decided = decide(due, running, now, true, null);
        List<Long> sentIds = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            Touch touch = due.get(i);
            if (touch.channel() != claimed.get(i).channel()) {
                touches.reroute(touch.id(), touch.channel(), touch.contentId());
            }
            Verdict verdict = decided.verdicts().get(i);
            switch (verdict.state()) {
                case SENT -> sentIds.add(touch.id());
                case PLANNED -> touches.defer(touch.id(), verdict.until(), verdict.reason());
                default -> touches.end(touch.id(), verdict.state(), verdict.reason(), verdict.detail());
            }
        }
        touches.sentAll(sentIds, now);
        Map<Outcome, Integer> outcomes = handOver(due, decided, running, now);
        runningDry.afterSent(sentCadencePieces(due, decided.verdicts(), running), running, now);
        return outcomes;
    }

    /**
     * Sends the touches a planning pass has just planned, all due now, inside its transaction: decides them as a
     * claimed batch is decided, then writes each once, in the state it ends in (sent, deferred, suppressed, failed),
     * and hands the sent ones to their channel. Nothing claims them again or marks them sent afterwards: a tick of
     * 100,000 touches wrote each row once instead of twice and claimed none (an eighth less CPU per touch). A touch
     * whose key was already taken is neither written nor sent again (it cannot be: the planning and the enrollment's
     * move commit together). {@code running} holds the programs the pass has read, by id. The caller has locked the
     * plans' contacts, before walking their enrollments (see {@link io.keepwarm.engine.Engine#plan}).
     * {@code lastPieces} are the stream enrollments whose plan is the last piece their pool holds for them;
     * {@code history} what the planning read, in this transaction, of the plans' contacts and pieces that go once.
     */
    public Map<Outcome, Integer> sendPlanned(List<TouchStore.Plan> plans, Map<Long, Program> running,
            Set<Long> lastPieces, ContentHistory history) {
        if (plans.isEmpty()) {
            return new EnumMap<>(Outcome.class);
        }
        Instant now = clock.instant();
        List<TouchStore.Plan> ordered = new ArrayList<>(plans);
        ordered.sort(Comparator.comparing((TouchStore.Plan p) -> running.get(p.programId()).priority()));
        List<Touch> unwritten = new ArrayList<>(ordered.stream().map(p -> p.touch(0, now)).toList());
        // The walk that planned these has just asked the program's goal.
        Decided decided = decide(unwritten, running, now, false, history);
        List<TouchStore.Plan> settled = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Verdict verdict = decided.verdicts().get(i);
            Touch decidedAs = unwritten.get(i);
            settled.add(ordered.get(i).as(decidedAs.channel(), decidedAs.contentId()).settled(verdict.state(), verdict.reason(), verdict.detail(),
                    verdict.state() == Touch.State.PLANNED
                    ? verdict.until() : ordered.get(i).dueAt()));
        }
        Map<TouchStore.Plan, Long> written = touches.planAll(settled, now);
        List<Touch> due = new ArrayList<>(written.size());
        List<Verdict> verdicts = new ArrayList<>(written.size());
        for (int i = 0; i < settled.size(); i++) {
            Long id = written.get(settled.get(i));
            if (id != null) {
                Touch touch = settled.get(i).touch(id, now);
                events.publishEvent(new TouchPlanned(id, touch.programId(), touch.contactId(), touch.kind()));
                due.add(touch);
                verdicts.add(decided.verdicts().get(i));
            }
        }
        Map<Outcome, Integer> outcomes = handOver(due, new Decided(verdicts, decided.people()), running, now);
        runningDry.afterLastSent(sentCadencePieces(due, verdicts, running).stream()
                .filter(t -> lastPieces.contains(t.enrollmentId())).toList(), now);
        return outcomes;
    }

    /**
     * The streams' cadence pieces among these touches that went: only a piece that goes can leave a contact with
     * nothing (one withheld stays to be offered again).
     */
    private List<Touch> sentCadencePieces(List<Touch> due, List<Verdict> verdicts, Map<Long, Program> running) {
        List<Touch> sent = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            Touch touch = due.get(i);
            // Step 0 is a stream's cadence; an unscheduled piece (step -1) is not of its pool's order.
            if (verdicts.get(i).state() == Touch.State.SENT && touch.step() == 0 && touch.kind() == Touch.Kind.SEND
                    && running.computeIfAbsent(touch.programId(), programs::get).kind() == ProgramKind.STREAM) {
                sent.add(touch);
            }
        }
        return sent;
    }

    /**
     * What becomes of one due touch: the state it moves to and why, and for a message that goes, what goes and its
     * piece; for a piece that could not be filled in, the piece as it was (the version that failed) and the cause.
     */
    private record Verdict(Touch.State state, String reason, Instant until, Rendered rendered, Links links,
            String detail, ContentItem piece) {

        Verdict(Touch.State state, String reason, Instant until, Rendered rendered, Links links) {
            this(state, reason, until, rendered, links, null, null);
        }

        static Verdict of(Touch.State state, String reason) {
            return new Verdict(state, reason, null, null, null);
        }
    }

    private record FailedRender(ContentItem piece, long programId, String cause) {}

    private static final String UNRENDERABLE = "UNRENDERABLE";

    /** A verdict per due touch, in their order, and the contacts they are for. */
    private record Decided(List<Verdict> verdicts, Map<Long, Contact> people) {}

    /**
     * Decides every touch as things are now, its contact locked by the caller: an ended enrollment suppresses it, so
     * does a contact out of nurture (with sales, or disqualified), and (for a touch that has waited, {@code askGoals})
     * a contact who has reached the program's goal meanwhile, whose enrollment ends; a task for the owner goes, and
     * the pressure policy decides the rest, in order (higher-priority programs first); a piece the contact has
     * received by then (before this batch, or from a touch ahead of it in the batch) is suppressed as
     * ALREADY_RECEIVED; a message that may go is rendered, and one that cannot be fails. {@code history} is the
     * contacts' content history as the caller read it in this transaction, or null to read it here.
     */
    private Decided decide(List<Touch> due, Map<Long, Program> running, Instant now, boolean askGoals,
            ContentHistory history) {
        List<Long> contactIds = due.stream().map(Touch::contactId).distinct().toList();
        Map<Long, Enrollments.Stopped> stopped = enrollments.stopped(due.stream().map(Touch::enrollmentId).distinct().toList());
        Set<Long> leftNurture = enrollments.outOfNurture(contactIds).keySet();
        Map<Long, Set<Long>> atGoal = askGoals ? atGoal(due, running) : Map.of();
        Map<Long, Contact> people = contacts.getAll(contactIds);
        Map<Long, Verdict> answered = answered(due, people, now);
        Verdict[] verdicts = new Verdict[due.size()];
        List<Integer> toDecide = new ArrayList<>();
        // Read again for each batch, not taken from the planning pass: a piece retired or deleted since goes nowhere.
        Map<Long, Optional<ContentItem>> pieces = new HashMap<>();
        askByEmail(due, people, pieces);
        // A batch's contacts share a few owners (the reps): each is looked up once, not once per message.
        Map<Long, Optional<User>> owners = new HashMap<>();
        // The attributes a template may name, once per batch; each contact's values came with the contacts.
        CustomAttributes custom = content.customAttributes();
        // What a contact of no language of their own reads, once per batch; each contact's own came with the contacts.
        Supplier<String> accountLanguage = once(languages::accountLanguage);
        for (int i = 0; i < due.size(); i++) {
            Touch touch = due.get(i);
            Enrollments.Stopped stop = stopped.get(touch.enrollmentId());
            if (stop != null && stop.stops(touch.plannedAt())) {
                verdicts[i] = Verdict.of(Touch.State.SUPPRESSED, "ENROLLMENT_ENDED");
            } else if (leftNurture.contains(touch.contactId())) {
                // With sales or disqualified since it was planned, though its enrollment may have finished and so
                // not ended when the contact left (a sequence that walked past its last step left this one waiting).
                verdicts[i] = Verdict.of(Touch.State.SUPPRESSED, LEFT_NURTURE);
            } else if (atGoal.getOrDefault(touch.programId(), Set.of()).contains(touch.contactId())) {
                enrollments.reachedGoal(touch.enrollmentId(), touch.programId(), touch.contactId());
                verdicts[i] = Verdict.of(Touch.State.SUPPRESSED, Enrollments.GOAL_REACHED);
            } else if (ReadinessAnswers.asks(touch.kind(), touch.channel()) && answered.containsKey(touch.contactId())) {
                verdicts[i] = answered.get(touch.contactId());
            } else if (touch.kind() == Touch.Kind.TASK) {
                // A task for the owner is work for the rep, not a message to the contact: no budget, no consent needed.
                verdicts[i] = people.containsKey(touch.contactId())
                        ? task(touch, people.get(touch.contactId()), owners, custom)
                        : Verdict.of(Touch.State.SUPPRESSED, Reason.CONTACT_GONE.name());
            } else if (expired(touch, pieces, now) instanceof ContentItem piece) {
                // Its piece's valid-until moment passed (the event is over), maybe while it waited for a cap or the
                // contact's morning: dropped, never sent late.
                verdicts[i] = new Verdict(Touch.State.SUPPRESSED, Reason.CONTENT_EXPIRED.name(), null, null, null,
                        StreamPools.pieceExpiredOn(piece, zones.accountZone()), null);
            } else if (unwanted(touch, people.get(touch.contactId()), pieces)) {
                verdicts[i] = Verdict.of(Touch.State.SUPPRESSED, Reason.PREFERENCE.name());
            } else if (otherLanguage(touch, people.get(touch.contactId()), pieces, accountLanguage)) {
                verdicts[i] = Verdict.of(Touch.State.SUPPRESSED, Reason.LANGUAGE.name());
            } else {
                toDecide.add(i);
            }
        }
        boolean[] once = new boolean[due.size()];
        toDecide.forEach(i -> once[i] = ContentHistory.sentOnce(due.get(i),
                running.computeIfAbsent(due.get(i).programId(), programs::get)));
        ContentHistory had = history != null ? history : history(due, toDecide, once);
        // Rendered as the policy lets each go, so one that cannot be rendered takes no room from those after it; a
        // piece that goes counts as received for the touches after it, so of two of one piece only the first goes.
        List<Decision> decisions = pressure.decide(toDecide.stream().map(i -> candidate(due.get(i))).toList(), people, now,
                k -> {
                    int i = toDecide.get(k);
                    return once[i] && had.received(due.get(i).contactId()).contains(due.get(i).contentId());
                },
                k -> {
                    int i = toDecide.get(k);
                    Touch touch = due.get(i);
                    verdicts[i] = render(touch, people.get(touch.contactId()), touch.contentId() == null
                            ? Optional.empty() : pieces.computeIfAbsent(touch.contentId(), content::find), owners,
                            custom, accountLanguage, now);
                    boolean sent = verdicts[i].state() == Touch.State.SENT;
                    if (sent && once[i]) {
                        had.received().computeIfAbsent(touch.contactId(), c -> new java.util.HashSet<>())
                                .add(touch.contentId());
                    }
                    return sent;
                });
        for (int k = 0; k < toDecide.size(); k++) {
            int i = toDecide.get(k);
            switch (decisions.get(k)) {
                case Decision.Send send -> { }
                case Decision.Defer defer -> verdicts[i] = new Verdict(Touch.State.PLANNED, defer.reason().name(),
                        defer.until(), null, null);
                case Decision.Suppress suppress -> verdicts[i] = new Verdict(Touch.State.SUPPRESSED,
                        suppress.reason().name(), null, null, null, stale(due.get(i), suppress), null);
            }
        }
        return new Decided(List.of(verdicts), people);
    }

    /**
     * Turns each readiness check by phone for a contact nobody may call into one by email where a piece can ask it
     * ({@link ReadinessByEmail}), in place in {@code due}: the pressure policy then judges an email, and the touch is
     * written, and handed over, as one.
     */
    private void askByEmail(List<Touch> due, Map<Long, Contact> people, Map<Long, Optional<ContentItem>> pieces) {
        List<Contact> asked = due.stream().filter(t -> ReadinessByEmail.byPhone(t.kind(), t.channel()))
                .map(t -> people.get(t.contactId())).filter(java.util.Objects::nonNull).distinct().toList();
        if (asked.isEmpty()) {
            return;
        }
        Set<Long> uncallable = byEmail.uncallable(asked).keySet();
        for (int i = 0; i < due.size(); i++) {
            Touch touch = due.get(i);
            if (ReadinessByEmail.byPhone(touch.kind(), touch.channel()) && uncallable.contains(touch.contactId())) {
                int at = i;
                ReadinessByEmail.piece(touch.contentId(), p -> pieces.computeIfAbsent(p, content::find))
                        .ifPresent(piece -> due.set(at, ReadinessByEmail.emailed(touch, piece)));
            }
        }
    }

    /** The content history of the contacts of these touches that go once, and of their pieces, in one statement. */
    private ContentHistory history(List<Touch> due, List<Integer> toDecide, boolean[] once) {
        List<Integer> asked = toDecide.stream().filter(i -> once[i]).toList();
        return touches.history(asked.stream().map(i -> due.get(i).contactId()).distinct().toList(),
                asked.stream().map(i -> due.get(i).contentId()).distinct().toList());
    }

    /**
     * The contacts of these touches whose readiness check or call has nothing to ask today in their zone, with why (see
     * {@link ReadinessAnswers}). Read only for the few contacts such a touch is due for.
     */
    private Map<Long, Verdict> answered(List<Touch> due, Map<Long, Contact> people, Instant now) {
        List<Long> asked = due.stream().filter(t -> ReadinessAnswers.asks(t.kind(), t.channel()))
                .map(Touch::contactId).filter(people::containsKey).distinct().toList();
        if (asked.isEmpty()) {
            return Map.of();
        }
        Map<Long, Verdict> answered = new HashMap<>();
        readinessAnswers.of(asked).forEach((contactId, answers) -> answers
                .on(LocalDate.ofInstant(now, zones.ofContact(people.get(contactId).timeZone(),
                        people.get(contactId).country())))
                .ifPresent(why -> answered.put(contactId, new Verdict(Touch.State.SUPPRESSED, why.reason().name(),
                        null, null, null, why.detail(), null))));
        return answered;
    }

    /**
     * Whether the contact's own choices in the preference centre (only webinars, their topics) rule the touch's piece
     * out, as they are at the moment of sending: a sequence's step or an unscheduled piece is withheld, not sent.
     */
    private boolean unwanted(Touch touch, Contact contact, Map<Long, Optional<ContentItem>> pieces) {
        if (contact == null || touch.channel() != Channel.EMAIL || touch.contentId() == null) {
            return false;
        }
        ContentChoices choices = ContentChoices.of(contact.tags());
        return choices != ContentChoices.ANY && pieces.computeIfAbsent(touch.contentId(), content::find)
                .map(piece -> !choices.allow(piece)).orElse(false);
    }

    /**
     * The touch's piece when it is expired by {@code now}, else null: from the batch's pieces, read once per batch, so
     * the question costs no query per touch.
     */
    private ContentItem expired(Touch touch, Map<Long, Optional<ContentItem>> pieces, Instant now) {
        return touch.contentId() == null ? null : pieces.computeIfAbsent(touch.contentId(), content::find)
                .filter(piece -> piece.expiredBy(now)).orElse(null);
    }

    /**
     * Whether the touch's piece is in another language than the one its contact reads (their own, else the account's),
     * as at the moment of sending: a sequence's step, an unscheduled piece or a trigger's is withheld, not sent. A piece
     * of any language (none) suits every contact.
     */
    private boolean otherLanguage(Touch touch, Contact contact, Map<Long, Optional<ContentItem>> pieces,
            Supplier<String> accountLanguage) {
        if (contact == null || touch.channel() != Channel.EMAIL || touch.contentId() == null) {
            return false;
        }
        return pieces.computeIfAbsent(touch.contentId(), content::find)
                .filter(piece -> piece.language() != null)
                .map(piece -> !Languages.suits(piece.language(), contact.language() != null ? contact.language()
                        : accountLanguage.get()))
                .orElse(false);
    }

    /** A text read at its first use, then kept. */
    private static Supplier<String> once(Supplier<String> read) {
        String[] kept = new String[1];
        return () -> kept[0] != null ? kept[0] : (kept[0] = read.get());
    }

    /**
     * By program, the contacts of these touches who are at its goal now: a reply or a move to MQL while a touch
     * waited for the contact's morning (or for room under a cap) means the touch is no longer wanted.
     */
    private Map<Long, Set<Long>> atGoal(List<Touch> due, Map<Long, Program> running) {
        Map<Long, List<Long>> byProgram = new HashMap<>();
        due.forEach(t -> byProgram.computeIfAbsent(t.programId(), id -> new ArrayList<>()).add(t.contactId()));
        Map<Long, Set<Long>> atGoal = new HashMap<>();
        byProgram.forEach((programId, contactIds) -> {
            Program program = running.computeIfAbsent(programId, programs::get);
            if (program.goal() != null) {
                atGoal.put(programId, segments.matching(program.goal(), contactIds.stream().distinct().toList()));
            }
        });
        return atGoal;
    }

    /**
     * A task step goes as a task for the owner, its text filled in for the contact ("Call Nia about the guide"). Text
     * that cannot be filled in (saved before its variables were checked) goes as it was written: the rep still gets
     * the task.
     */
    private Verdict task(Touch touch, Contact contact, Map<Long, Optional<User>> owners, CustomAttributes custom) {
        String text;
        try {
            User owner = contact.ownerId() == null ? null
                    : owners.computeIfAbsent(contact.ownerId(), users::find).orElse(null);
            text = content.renderTask(touch.note(), contact, owner, custom);
        } catch (RuntimeException unrenderable) {
            text = touch.note();
        }
        return new Verdict(Touch.State.SENT, null, null, new Rendered(null, null, text, null), null);
    }

    /**
     * A touch that waited for its piece to leave draft and went stale says so first: the cap or the limit it names
     * next is not what its author has to fix.
     */
    private static String stale(Touch touch, Decision.Suppress suppress) {
        return suppress.reason() == Reason.STALE && CONTENT_IN_DRAFT.equals(touch.reason())
                ? "its piece stayed a draft; " + suppress.detail() : suppress.detail();
    }

    private Verdict render(Touch touch, Contact contact, Optional<ContentItem> piece, Map<Long, Optional<User>> owners,
            CustomAttributes custom, Supplier<String> accountLanguage, Instant now) {
        if (piece.isPresent() && piece.get().status() == ContentStatus.DRAFT) {
            // Pulled back to draft to be reworked: only live pieces go out, so the touch waits (until it goes stale).
            return new Verdict(Touch.State.PLANNED, CONTENT_IN_DRAFT, now.plus(DRAFT_WAIT), null, null);
        }
        if (piece.filter(p -> p.status() == ContentStatus.LIVE).isEmpty()) {
            // A piece retired or deleted since planning: nothing goes out, as its author meant.
            return Verdict.of(Touch.State.FAILED, UNRENDERABLE);
        }
        ContentItem item = piece.get();
        try {
            Links contactLinks = links.linksFor(item, touch.contactId());
            User owner = contact.ownerId() == null ? null
                    : owners.computeIfAbsent(contact.ownerId(), users::find).orElse(null);
            // A call's script as the task keeps it: for the rep it goes to (the owner, unless they have left, when it
            // goes to nobody). It is filled in again for whoever makes the call when they read it (ProgramCallScripts),
            // so what is kept is the record of the call as made, and what a rep reads should that fail.
            Rendered rendered = touch.channel() == Channel.PHONE
                    ? new Rendered(null, null, null, content.callScript(item, contact, owner,
                            owner == null || !owner.enabled() ? null : owner, custom, contactLinks))
                    : content.render(item, contact, owner, custom, accountLanguage, touch.channel(), contactLinks);
            return new Verdict(Touch.State.SENT, null, null, rendered, contactLinks, null, item);
        } catch (RuntimeException unrenderable) {
            // A live piece that cannot be filled in for this contact (or has no version for this channel since
            // planning): nothing goes out, and the cause goes with the touch, for its author to hear of and fix.
            return new Verdict(Touch.State.FAILED, UNRENDERABLE, null, null, null,
                    RenderFailures.cause(item, touch.channel(), unrenderable), item);
        }
    }

    /**
     * Hands the touches that go to their channels, records them on the contacts' timelines and announces every
     * outcome; the touches' rows already say how each ended.
     */
    private Map<Outcome, Integer> handOver(List<Touch> due, Decided decided, Map<Long, Program> running, Instant now) {
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        // Counted once per piece and cause for the batch, not once per contact.
        Map<FailedRender, Integer> failedRenders = new LinkedHashMap<>();
        Map<Long, List<Outgoing>> outgoing = new LinkedHashMap<>();
        List<Activity> sent = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            Touch touch = due.get(i);
            Verdict verdict = decided.verdicts().get(i);
            Contact contact = decided.people().get(touch.contactId());
            Outcome outcome = switch (verdict.state()) {
                case SENT -> {
                    if (touch.kind() == Touch.Kind.TASK) {
                        ofProgram(outgoing, touch).add(new Outgoing.CallTask(touch.id(), touch.contactId(),
                                contact.ownerId(), TaskKind.FOLLOW_UP, null,
                                verdict.rendered() == null ? touch.note() : verdict.rendered().text()));
                        events.publishEvent(new TouchSent(touch.id(), touch.programId(), touch.contactId(), null, null));
                        yield Outcome.SENT;
                    }
                    ofProgram(outgoing, touch).add(message(touch, contact, verdict,
                            running.computeIfAbsent(touch.programId(), programs::get)));
                    sent.add(new Activity(touch.contactId(), ActivityType.TOUCH_SENT, now, touch.channel(), "touch:" + touch.id()));
                    events.publishEvent(new TouchSent(touch.id(), touch.programId(), touch.contactId(), touch.channel(),
                            touch.contentId()));
                    yield Outcome.SENT;
                }
                case PLANNED -> Outcome.DEFERRED;
                case SUPPRESSED -> {
                    events.publishEvent(new TouchSuppressed(touch.id(), touch.programId(), touch.contactId(), verdict.reason()));
                    yield Outcome.SUPPRESSED;
                }
                default -> {
                    if (verdict.piece() != null) {
                        failedRenders.merge(new FailedRender(verdict.piece(), touch.programId(), verdict.detail()),
                                1, Integer::sum);
                    }
                    yield Outcome.FAILED;
                }
            };
            outcomes.merge(outcome, 1, Integer::sum);
        }
        failedRenders.forEach((f, count) -> renderFailures.record(f.piece(), f.programId(), f.cause(), count));
        // Each program's touches go as that program's work, as its steps are walked (Planner): its tasks' audit
        // entries, and a call ended at once for a contact who may not be called, name the program, not the job
        // (or whoever's request) that sends.
        outgoing.forEach((programId, ofOne) -> Actors.actingAs(Planner.actor(programId), () -> {
            delivery.sendAll(ofOne);
            return null;
        }));
        activities.record(sent);
        return outcomes;
    }

    private static List<Outgoing> ofProgram(Map<Long, List<Outgoing>> outgoing, Touch touch) {
        return outgoing.computeIfAbsent(touch.programId(), p -> new ArrayList<>());
    }

    private static Outgoing message(Touch touch, Contact contact, Verdict verdict, Program program) {
        Rendered rendered = verdict.rendered();
        boolean asOwner = program.sendAsOwner();
        // The rep's "why now": which program calls, and for a readiness check what the call is for. A call says in its
        // title what it is about, where "Call" alone told the rep nothing until they opened the script.
        boolean readiness = touch.kind() == Touch.Kind.READINESS;
        return touch.channel() == Channel.PHONE
                ? new Outgoing.CallTask(touch.id(), touch.contactId(), contact.ownerId(),
                        readiness ? TaskKind.READINESS_CHECK : TaskKind.CALL, rendered.script(),
                        "From program '" + program.name() + "'" + (readiness
                                ? ": ask whether and when they will be ready to buy" : ""),
                        readiness || verdict.piece() == null ? null
                                : ProgramCallScripts.title(verdict.piece().name(), program.name()))
                : new Outgoing.Email(touch.id(), touch.contactId(), contact.email(), rendered.subject(), rendered.html(),
                        rendered.text(), asOwner ? contact.ownerId() : null, verdict.links().unsubscribeUrl(),
                        verdict.links().preferencesUrl(), touch.staleAt(), rendered.language());
    }

    private static Candidate candidate(Touch touch) {
        return new Candidate(touch.contactId(), touch.channel(), true,
                Duration.between(touch.plannedAt(), touch.staleAt()), touch.plannedAt());
    }
}
