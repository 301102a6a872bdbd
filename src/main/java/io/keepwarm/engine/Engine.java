package io.keepwarm.engine;

import io.keepwarm.activity.Activities;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.engine.internal.ContentHistory;
import io.keepwarm.engine.internal.Dispatcher;
import io.keepwarm.engine.internal.EngineProperties;
import io.keepwarm.engine.internal.FrequencyStore;
import io.keepwarm.engine.internal.Planner;
import io.keepwarm.engine.internal.StreamPools;
import io.keepwarm.engine.internal.TouchStore;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.DatabaseFailures;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Languages;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Zones;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Programs;
import io.keepwarm.program.Schedules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The touch engine: claims due enrollments in batches, plans their touches and sends them under the pressure policy
 * in the same transaction; touches that must wait (a cap, quiet hours) or were planned outside a pass (unscheduled
 * pieces) are claimed again in batches when due and sent then. Work is claimed with FOR UPDATE SKIP LOCKED, so
 * several Keepwarm instances on one PostgreSQL share it, and so do the workers of one instance.
 */
@Service
public class Engine {

    static final int BATCH = 500;
    /** How many cadence moments a run-out month is looked for in, however long a contact's pause and rhythm. */
    private static final int MAX_MOMENTS = 10_000;
    /** Touches planned in one pass that change the table enough to refresh its statistics. */
    static final int MANY_PLANNED = 10_000;

    /** What one sending pass did, by outcome. */
    public record Sent(Map<Dispatcher.Outcome, Integer> outcomes) {

        public int count(Dispatcher.Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }

    /** What one planning pass did, by outcome, and what became of the touches it planned, which it sends at once. */
    public record Planned(Map<Planner.Outcome, Integer> outcomes, Sent sent) {

        public int total() {
            return outcomes.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Engine.class);

    private final Enrollments enrollments;
    private final Programs programs;
    private final Planner planner;
    private final StreamPools pools;
    private final TouchStore touches;
    private final Dispatcher dispatcher;
    private final Contacts contacts;
    private final ContentLibrary library;
    private final TransactionTemplate tx;
    private final int workers;
    private final Zones zones;
    private final Languages languages;
    private final FrequencyStore frequencies;
    private final Clock clock;

    private final RenderFailures renderFailures;
    private final Activities activities;
    private final Pressure pressure;
    private final ProgramTouchCounts touchCounts;

    Engine(Enrollments enrollments, Programs programs, Planner planner, StreamPools pools, TouchStore touches,
            Dispatcher dispatcher, Contacts contacts, ContentLibrary library, TransactionTemplate tx,
            EngineProperties properties, Zones zones, FrequencyStore frequencies, RenderFailures renderFailures,
            Activities activities, Pressure pressure, ProgramTouchCounts touchCounts, Languages languages, Clock clock) {
        this.languages = languages;
        this.pressure = pressure;
        this.touchCounts = touchCounts;
        this.renderFailures = renderFailures;
        this.activities = activities;
        this.zones = zones;
        this.frequencies = frequencies;
        this.pools = pools;
        this.workers = properties.workers();
        this.contacts = contacts;
        this.library = library;
        this.dispatcher = dispatcher;
        this.enrollments = enrollments;
        this.programs = programs;
        this.planner = planner;
        this.touches = touches;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Walks every enrollment due now, a batch per transaction, until none is due, and sends the touches it plans in
     * the same transaction. A pass that plans many touches has the database's statistics of them, and of the
     * activities their sends log, refreshed once on the way and once at the end: a table that fills faster than they
     * follow got plans made for the table it was (a read of touches scanned it whole, a claim sorted all 100,000 for
     * every batch of 500: 34 ms, against 0.3 ms).
     */
    public Planned plan() {
        Map<Planner.Outcome, Integer> outcomes = new EnumMap<>(Planner.Outcome.class);
        Map<Dispatcher.Outcome, Integer> sent = new EnumMap<>(Dispatcher.Outcome.class);
        AtomicInteger planned = new AtomicInteger();
        everyWorker(() -> planUntilDone(planned)).forEach(done -> {
            done.outcomes().forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            done.sent().outcomes().forEach((k, v) -> sent.merge(k, v, Integer::sum));
        });
        if (planned.get() >= MANY_PLANNED) {
            refreshStatistics();
        }
        return new Planned(outcomes, new Sent(sent));
    }

    /** The touches planned and the activities their sends logged: the tables a large tick fills. */
    private void refreshStatistics() {
        touches.refreshStatistics();
        activities.refreshStatistics();
    }

    private Planned planUntilDone(AtomicInteger planned) {
        Map<Planner.Outcome, Integer> outcomes = new EnumMap<>(Planner.Outcome.class);
        Map<Dispatcher.Outcome, Integer> sent = new EnumMap<>(Dispatcher.Outcome.class);
        // The programs and pieces as this pass first reads them, for planning all its batches: a pass lasts seconds,
        // and reading (and parsing) each again for every batch of 500 took about a twentieth of the pass's JVM time
        // (JFR). A program edited meanwhile is read again (its version moved): the edit moved its contacts to the new
        // steps. Sending reads the pieces again, so a piece retired or deleted meanwhile goes to no one.
        Map<Long, Program> running = new HashMap<>();
        Map<Long, Optional<ContentItem>> pieces = new HashMap<>();
        int size = BATCH;
        while (true) {
            Map<Planner.Outcome, Integer> batch = new EnumMap<>(Planner.Outcome.class);
            int claim = size;
            long[] first = {0, 0};
            Integer done;
            try {
                done = tx.execute(status -> {
                    Map<Long, Integer> versions = programs.holdActiveVersions();
                    running.values().removeIf(p -> !Integer.valueOf(p.version()).equals(versions.get(p.id())));
                    List<Enrollment> due = enrollments.claimDue(clock.instant(), claim);
                    if (!due.isEmpty()) {
                        first[0] = due.getFirst().programId();
                        first[1] = due.getFirst().contactId();
                    }
                    // The contacts are locked before their enrollments are walked, in one order (by id) for every
                    // worker: a walk's steps write them (a tag, an attribute), and the sending after it reads their
                    // consent, which an unsubscribe that commits first must have changed.
                    // The languages they read come with the lock: a stream chooses its next piece by them.
                    Map<Long, ZoneId> zones = new HashMap<>();
                    Map<Long, String> reads = new HashMap<>();
                    String accountLanguage = due.isEmpty() ? null : languages.accountLanguage();
                    contacts.lockForSending(due.stream().map(Enrollment::contactId).distinct().toList())
                            .forEach(c -> {
                                zones.put(c.contactId(), this.zones.ofContact(c.timeZone(), c.country()));
                                reads.put(c.contactId(), Languages.read(c.language(), accountLanguage));
                            });
                    // Programs walk in priority order (then by id), not in the order the claim happened to find their
                    // rows: a contact due in two streams that share a piece gets it from the one that comes first.
                    Map<Long, List<Enrollment>> byProgram = new TreeMap<>(Comparator
                            .comparingInt((Long id) -> running.computeIfAbsent(id, programs::get).priority())
                            .thenComparingLong(id -> id));
                    due.forEach(e -> byProgram.computeIfAbsent(e.programId(), id -> new ArrayList<>()).add(e));
                    List<TouchStore.Plan> plans = new ArrayList<>();
                    java.util.Set<Long> lastPieces = new java.util.HashSet<>();
                    Map<Long, java.util.Set<Long>> plannedNow = new HashMap<>();
                    ContentHistory history = ContentHistory.none();
                    byProgram.forEach((programId, enrolled) -> {
                        Program program = running.computeIfAbsent(programId, programs::get);
                        Planner.Walked walked = planner.advanceAll(program, enrolled, pieces, zones, reads,
                                plannedNow);
                        walked.outcomes().forEach((outcome, n) -> batch.merge(outcome, n, Integer::sum));
                        plans.addAll(walked.plans());
                        lastPieces.addAll(walked.lastPieces());
                        history.add(walked.history());
                    });
                    dispatcher.sendPlanned(plans, running, lastPieces, history)
                            .forEach((outcome, n) -> sent.merge(outcome, n, Integer::sum));
                    return due.size();
                });
            } catch (RuntimeException failed) {
                if (retryOneAtATime(failed, first[0] != 0, claim)) {
                    size = 1;
                    continue;
                }
                log.error("Enrollment of contact {} in program {} cannot be walked; it is ended (STEP_FAILED)",
                        first[1], first[0], failed);
                tx.executeWithoutResult(status -> enrollments.end(first[0], List.of(first[1]), Enrollment.Status.EXITED,
                        "STEP_FAILED"));
                size = BATCH;
                continue;
            }
            if (done == null || done == 0) {
                return new Planned(outcomes, new Sent(sent));
            }
            batch.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            int now = batch.getOrDefault(Planner.Outcome.PLANNED, 0);
            int before = planned.getAndAdd(now);
            if (before < MANY_PLANNED && before + now >= MANY_PLANNED) {
                refreshStatistics();
            }
        }
    }

    /** Sends every touch due now, a batch per transaction, until none is due. */
    public Sent send() {
        Map<Dispatcher.Outcome, Integer> outcomes = new EnumMap<>(Dispatcher.Outcome.class);
        everyWorker(this::sendUntilDone).forEach(done -> done.forEach((k, v) -> outcomes.merge(k, v, Integer::sum)));
        return new Sent(outcomes);
    }

    private Map<Dispatcher.Outcome, Integer> sendUntilDone() {
        Map<Dispatcher.Outcome, Integer> outcomes = new EnumMap<>(Dispatcher.Outcome.class);
        int size = BATCH;
        while (true) {
            int claim = size;
            long[] first = {0};
            Map<Dispatcher.Outcome, Integer> batch;
            try {
                batch = tx.execute(status -> dispatcher.sendBatch(claim, id -> first[0] = id));
            } catch (RuntimeException failed) {
                if (retryOneAtATime(failed, first[0] != 0, claim)) {
                    size = 1;
                    continue;
                }
                log.error("Touch {} cannot be handed over; it is marked FAILED (UNSENDABLE)", first[0], failed);
                tx.executeWithoutResult(status -> touches.end(first[0], Touch.State.FAILED, "UNSENDABLE"));
                outcomes.merge(Dispatcher.Outcome.FAILED, 1, Integer::sum);
                size = BATCH;
                continue;
            }
            if (batch == null || batch.isEmpty()) {
                return outcomes;
            }
            batch.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            // Touches deferred in this pass are not due again now; a batch made only of them ends the pass.
            if (batch.keySet().stream().allMatch(k -> k == Dispatcher.Outcome.DEFERRED)) {
                return outcomes;
            }
        }
    }

    /**
     * What to do after a batch failed: throws when nothing was claimed or the database had a passing trouble (the
     * next tick takes the same batch again); true to try the batch again one at a time; false when the batch was the
     * one item that fails alone, which the caller ends. An item that fails every time it is handled is claimed first
     * on every tick and would hold up every program (and, the tick failing, all planning): one at a time, the rest
     * go on and the one that fails is found.
     */
    private static boolean retryOneAtATime(RuntimeException failed, boolean claimed, int claim) {
        if (!claimed || DatabaseFailures.passing(failed)) {
            throw failed;
        }
        return claim > 1;
    }

    /**
     * Runs the pass on every worker at once and waits for all: each claims its own batches with SKIP LOCKED, so
     * one renders while another waits for the database. A worker that finds nothing left stops.
     */
    private <T> List<T> everyWorker(Supplier<T> pass) {
        if (workers == 1) {
            return List.of(pass.get());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<T>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(pool.submit(pass::get));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> worker : running) {
                results.add(worker.get());
            }
            return results;
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException e ? e : new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine's workers ran", interrupted);
        }
    }

    /**
     * One tick: first sends the touches already waiting (deferred ones whose moment came, unscheduled pieces), then
     * plans and sends what has come due, so a fresh touch never takes the budget of one that has waited. Answers how
     * many touches it sent.
     */
    public long tick() {
        Sent waited = send();
        Planned planned = plan();
        return waited.count(Dispatcher.Outcome.SENT) + planned.sent().count(Dispatcher.Outcome.SENT);
    }

    /**
     * What of the program sends nothing as its pieces are now, each with why, in words: a sequence's send or readiness
     * step whose piece is a draft, retired, expired, deleted or has no version for the step's channel ("step 2 (send
     * 'Webinar'): it expired on …"), and a stream's pool pieces it passes over. Empty when everything can go. A warning
     * to show on activating or saving a program, never a refusal: the author may be about to fix the piece.
     */
    public List<String> sendingNothing(Program program) {
        List<String> silent = new ArrayList<>();
        if (program.kind() == ProgramKind.STREAM) {
            pools.passedOver(program).forEach((id, why) -> silent.add("pool piece '"
                    + library.find(id).map(ContentItem::name).orElse("#" + id) + "': " + why));
            return silent;
        }
        Instant now = clock.instant();
        for (int i = 0; i < program.steps().size(); i++) {
            String what;
            long contentId;
            Channel channel;
            switch (program.steps().get(i)) {
                case io.keepwarm.program.Step.Send send -> {
                    what = "send";
                    contentId = send.contentId();
                    channel = send.channel();
                }
                case io.keepwarm.program.Step.ReadinessCheck check -> {
                    what = "readiness check";
                    contentId = check.contentId();
                    channel = check.channel();
                }
                default -> {
                    continue;
                }
            }
            Optional<ContentItem> piece = library.find(contentId);
            String why = piece.isEmpty() ? "its piece was deleted" : sendsNothing(piece.get(), channel, now);
            if (why != null) {
                silent.add("step " + (i + 1) + " (" + what + piece.map(p -> " '" + p.name() + "'").orElse("") + "): "
                        + why);
            }
        }
        return silent;
    }

    /** Why the piece goes out on the channel to no one now, or null when it can go. */
    private String sendsNothing(ContentItem piece, Channel channel, Instant now) {
        return switch (piece.status()) {
            case DRAFT -> "it is a draft: its touches wait for it to go live, and are dropped once they wait past the"
                    + " step's limit";
            case RETIRED -> "it is retired: sent to no one";
            case LIVE -> piece.expiredBy(now) ? "it " + StreamPools.expiredOn(piece, zones.accountZone())
                    + " (its valid-until moment): sent to no one"
                    : channel == Channel.EMAIL && piece.variants().email() == null ? "it has no email version"
                    : channel == Channel.PHONE && piece.variants().phone() == null ? "it has no call script"
                    : null;
        };
    }

    /**
     * Enrollments, touches by state and reason (as the program's figures count them: {@link ProgramTouchCounts}), the pieces that could not be filled in for its contacts and why, and
     * for a stream when its contacts run out of content and which of its pieces it passes over.
     */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public ProgramStats stats(long programId) {
        Program program = programs.get(programId);
        Map<String, Long> runningOut = new TreeMap<>();
        Map<String, Long> cannotEmail = new TreeMap<>();
        if (program.kind() == ProgramKind.STREAM) {
            reckon(program, null, cannotEmail, page -> {
                page.forEach(r -> runningOut.merge(r.month(), 1L, Long::sum));
                return true;
            });
        }
        Map<String, Long> counts = new java.util.LinkedHashMap<>(enrollments.counts(programId));
        if (program.kind() == ProgramKind.STREAM) {
            // The same contacts as the forecast's "already out of content", so the page and the API never differ.
            counts.put("EXHAUSTED", runningOut.getOrDefault("now", 0L));
        }
        return new ProgramStats(programId, counts, touchCounts.of(programId), runningOut, cannotEmail,
                program.kind() == ProgramKind.STREAM ? pools.passedOver(program) : Map.of(),
                renderFailures.ofProgram(programId));
    }

    /**
     * Who of a stream's active contacts the exhaustion forecast counts under {@code month} (a key of
     * {@link ProgramStats#runningOut()}: yyyy-MM, "now", "never" or "expiring"), in the order they enrolled, a page at
     * a time: the contacts behind one of its counts.
     */
    public Page<RunningOut> runningOut(long programId, String month, String cursor, int limit) {
        return runningOut(programId, month, cursor, limit, false).contacts();
    }

    /**
     * As {@link #runningOut}, with how many the forecast counts under {@code month} in all, from one pass over the
     * stream: the page that lists them also says how many there are, and working out the whole forecast for the
     * count, then again for the page, took two.
     */
    public RunningOut.Counted runningOutCounted(long programId, String month, String cursor, int limit) {
        return runningOut(programId, month, cursor, limit, true);
    }

    private RunningOut.Counted runningOut(long programId, String month, String cursor, int limit, boolean count) {
        Program program = programs.get(programId);
        if (program.kind() != ProgramKind.STREAM) {
            throw new ConflictException("'" + program.name() + "' is a " + program.kind() + "; only a stream runs out"
                    + " of content (a sequence ends after its last step)");
        }
        if (month == null || !(month.equals("now") || month.equals(NEVER) || month.equals(EXPIRING)
                || month.matches("\\d{4}-\\d{2}"))) {
            throw InvalidInputException.field("month", "is a month as the forecast counts them (yyyy-MM, such as"
                    + " 2027-03), or now, never or expiring");
        }
        List<Enrollment> found = new ArrayList<>();
        long after = Cursor.decode(cursor);
        long[] counted = {0};
        reckon(program, count ? null : cursor, new TreeMap<>(), page -> {
            page.stream().filter(r -> r.month().equals(month)).map(Reckoned::enrollment).forEach(e -> {
                counted[0]++;
                if (e.id() > after && found.size() <= limit) {
                    found.add(e);
                }
            });
            return count || found.size() <= limit;
        });
        Page<Enrollment> page = Page.of(found.size() > limit + 1 ? found.subList(0, limit + 1) : found, limit,
                Enrollment::id);
        Map<Long, io.keepwarm.contact.Contact> who = contacts.getAll(page.items().stream()
                .map(Enrollment::contactId).toList());
        // One erased meanwhile is no one to show.
        return new RunningOut.Counted(count ? counted[0] : -1, new Page<>(page.items().stream()
                .filter(e -> who.containsKey(e.contactId())).map(e -> RunningOut.of(who.get(e.contactId()), month))
                .toList(), page.nextCursor()));
    }

    /** One active contact of a stream and where the exhaustion forecast counts them. */
    private record Reckoned(Enrollment enrollment, String month) {}

    /**
     * Works out the exhaustion forecast's month of each active contact of the stream, from the cursor on, a page of
     * enrollments at a time, handing each page to {@code more} until it answers false; counts those no email can reach
     * into {@code cannotEmail} by reason.
     */
    private void reckon(Program program, String cursor, Map<String, Long> cannotEmail,
            java.util.function.Predicate<List<Reckoned>> more) {
        Instant now = clock.instant();
        String next = cursor;
        do {
            // Pages of 2,000: each page's reads are a dozen statements, whatever its size (ForecastBench).
            var page = enrollments.list(program.id(), Enrollment.Status.ACTIVE, next, 2000);
            List<Long> contactIds = page.items().stream().map(Enrollment::contactId).toList();
            Map<Long, ZoneId> zones = new HashMap<>();
            contacts.ownersAndZones(contactIds).forEach(c -> zones.put(c.contactId(), this.zones.ofContact(c.timeZone(), c.country())));
            Map<Long, List<ContentItem>> pieces = pools.leftPieces(program, contactIds);
            Map<Long, Instant> onItsWay = touches.poolPieceOnItsWay(program.id(),
                    page.items().stream().map(Enrollment::id).toList());
            Map<Long, Frequency> own = frequencies.of(contactIds);
            Map<Long, Reason> unreachable = pressure.cannotEmail(contactIds, now);
            unreachable.values().forEach(r -> cannotEmail.merge(r.name(), 1L, Long::sum));
            List<Reckoned> reckoned = new ArrayList<>();
            for (Enrollment e : page.items()) {
                List<ContentItem> left = pieces.get(e.contactId());
                ZoneId zone = zones.get(e.contactId());
                // A piece still planned (held by quiet hours or a cap) is not had yet: out once it goes.
                Instant last = onItsWay.get(e.id());
                // One no email can reach uses up no piece (each touch is suppressed, its piece kept), so never
                // runs out while that lasts, as their own forecast says; counted in a month, the forecast told
                // of contacts running out who would not.
                reckoned.add(new Reckoned(e, !left.isEmpty() && e.nextDueAt() != null
                        ? unreachable.containsKey(e.contactId()) ? NEVER
                        : runOut(program, e, left, zone, own.get(e.contactId()), last)
                        : last != null ? YearMonth.from(last.atZone(zone)).toString() : "now"));
            }
            next = page.nextCursor();
            if (!more.test(reckoned)) {
                return;
            }
        } while (next != null);
    }

    /** In the exhaustion forecast: contacts who cannot be emailed now, who use up no content while that lasts. */
    public static final String NEVER = "never";

    /**
     * In the exhaustion forecast: contacts for whom pieces are left, but each expires (its valid-until moment) before
     * the contact's next cadence moment that could send it, so none of them goes: out of content without another
     * piece, once the one on its way (if any) has gone.
     */
    public static final String EXPIRING = "expiring";

    /**
     * The month of the last touch the pool can still fill: the {@code left} pieces in the pool's order from the next
     * due moment, one a cadence moment, but none while the contact's pause outlasts the moment's touch (it is dropped,
     * its piece kept for the next) nor while their own rhythm has no room before the next moment; a touch held into
     * the following moment goes then, as the sender has it. A piece expired (its valid-until moment) by the moment it
     * would go is passed over, as the planner passes over it: it is no content they will receive. {@link #EXPIRING}
     * when every piece left expires before one can go and none is on its way.
     */
    private static String runOut(Program program, Enrollment e, List<ContentItem> left, ZoneId zone, Frequency own,
            Instant onItsWay) {
        Instant pausedUntil = own == null ? null : own.pausedUntil();
        boolean rhythm = own != null && (own.channel() == null || own.channel() == Channel.EMAIL);
        java.util.Deque<ContentItem> unsent = new java.util.ArrayDeque<>(left);
        List<Instant> sent = new ArrayList<>();
        Instant moment = e.nextDueAt();
        for (int walked = 0; walked < MAX_MOMENTS; walked++) {
            Instant next = Schedules.following(program.cadence(), e.enrolledAt(), moment, zone);
            Instant at = pausedUntil != null && pausedUntil.isAfter(moment) ? pausedUntil : moment;
            if (rhythm && sent.size() >= own.maxTouches()) {
                Instant room = sent.get(sent.size() - own.maxTouches()).plus(Duration.ofDays(own.windowDays()));
                at = room.isAfter(at) ? room : at;
            }
            Instant goesAt = at;
            unsent.removeIf(p -> p.expiredBy(goesAt.isAfter(next) ? next : goesAt));
            if (unsent.isEmpty()) {
                break;
            }
            if (!at.isAfter(next)) {
                unsent.removeFirst();
                sent.add(at);
            }
            moment = next;
        }
        Instant last = !sent.isEmpty() ? sent.getLast() : onItsWay;
        return last == null ? EXPIRING : YearMonth.from(last.atZone(zone)).toString();
    }

    /**
     * A one-off piece for a market event (seed 004) to every contact the stream holds, at the next moment the
     * pressure policy allows for each; a piece goes to a contact once, however often this is called.
     */
    public int unscheduled(long programId, long contentId) {
        Program program = programs.get(programId);
        if (program.kind() != ProgramKind.STREAM || program.status() != ProgramStatus.ACTIVE) {
            throw new ConflictException("Unscheduled sends go into an ACTIVE stream; '"
                    + program.name() + "' is a " + program.status() + " " + program.kind());
        }
        sendable(contentId);
        int planned = 0;
        String cursor = null;
        do {
            var page = enrollments.list(programId, Enrollment.Status.ACTIVE, cursor, BATCH);
            planned += tx.execute(status -> planner.unscheduled(program, page.items(), contentId));
            cursor = page.nextCursor();
        } while (cursor != null);
        return planned;
    }

    /**
     * One piece to one contact of an active program it is in (a trigger's "send this"), planned as an unscheduled
     * touch: sent at the next moment the pressure policy allows, under the same consent gate and caps as every
     * touch, and once per piece and enrollment however often it is asked. Answers false when the contact is not in
     * the program, has received the piece (from any program), or has this one-off planned there already.
     */
    public boolean sendOne(long programId, long contactId, long contentId) {
        Program program = programs.get(programId);
        if (program.status() != ProgramStatus.ACTIVE) {
            throw new ConflictException("Program '" + program.name() + "' is " + program.status()
                    + "; only an ACTIVE program sends");
        }
        sendable(contentId);
        List<Enrollment> active = enrollments.activeOf(programId, List.of(contactId));
        if (active.isEmpty()) {
            return false;
        }
        Integer planned = tx.execute(status -> planner.unscheduled(program, active, contentId));
        return planned != null && planned > 0;
    }

    /** A one-off piece goes by email: it must be live, not expired, and have an email version. */
    private void sendable(long contentId) {
        var item = library.get(contentId);
        if (item.status() != ContentStatus.LIVE) {
            throw InvalidInputException.field("contentId", "piece " + contentId + " is "
                    + item.status() + "; only a LIVE piece can be sent");
        }
        if (item.expiredBy(clock.instant())) {
            throw InvalidInputException.field("contentId", "piece " + contentId + " "
                    + StreamPools.expiredOn(item, zones.accountZone()) + " (its valid-until moment) and is sent to no"
                    + " one; choose another piece, or clear or move its valid-until date");
        }
        if (item.variants() == null || item.variants().email() == null) {
            throw InvalidInputException.field("contentId", "piece " + contentId + " has no email version, and a"
                    + " one-off piece goes by email; add an email version first");
        }
    }

    public List<Touch> touchesOf(long contactId) {
        return touches.forContact(contactId);
    }

    /** The contact's touches in the order they were planned, a page at a time. */
    public Page<Touch> touchesOf(long contactId, String cursor, int limit) {
        return Page.of(touches.forContact(contactId, Cursor.decode(cursor), limit + 1), limit, Touch::id);
    }

    /** The program's touches in the order they were planned, a page at a time. */
    public Page<Touch> touchesOfProgram(long programId, String cursor, int limit) {
        return Page.of(touches.forProgram(programId, Cursor.decode(cursor), limit + 1), limit, Touch::id);
    }
}
