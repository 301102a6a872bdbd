package io.keepwarm.engine;

import io.keepwarm.engine.internal.Dispatcher;
import io.keepwarm.engine.internal.Planner;
import io.keepwarm.engine.internal.TouchStore;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.Programs;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The touch engine: claims due enrollments in batches and plans their touches, then claims due touches in
 * batches and sends them under the pressure policy. Work is claimed with FOR UPDATE SKIP LOCKED, so several
 * Keepwarm instances on one PostgreSQL share it.
 */
@Service
public class Engine {

    static final int BATCH = 500;

    /** What one sending pass did, by outcome. */
    public record Sent(Map<Dispatcher.Outcome, Integer> outcomes) {

        public int count(Dispatcher.Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }

    /** What one planning pass did, by outcome. */
    public record Planned(Map<Planner.Outcome, Integer> outcomes) {

        public int total() {
            return outcomes.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Enrollments enrollments;
    private final Programs programs;
    private final Planner planner;
    private final TouchStore touches;
    private final Dispatcher dispatcher;
    private final io.keepwarm.contact.Contacts contacts;
    private final io.keepwarm.content.ContentLibrary library;
    private final TransactionTemplate tx;
    private final Clock clock;

    Engine(Enrollments enrollments, Programs programs, Planner planner, TouchStore touches, Dispatcher dispatcher,
            io.keepwarm.contact.Contacts contacts, io.keepwarm.content.ContentLibrary library, TransactionTemplate tx,
            Clock clock) {
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

    /** Walks every enrollment due now, a batch per transaction, until none is due. */
    public Planned plan() {
        Map<Planner.Outcome, Integer> outcomes = new EnumMap<>(Planner.Outcome.class);
        while (true) {
            Integer done = tx.execute(status -> {
                List<Enrollment> due = enrollments.claimDue(clock.instant(), BATCH);
                Map<Long, List<Enrollment>> byProgram = new java.util.LinkedHashMap<>();
                due.forEach(e -> byProgram.computeIfAbsent(e.programId(), id -> new java.util.ArrayList<>()).add(e));
                byProgram.forEach((programId, batch) -> planner.advanceAll(programs.get(programId), batch)
                        .forEach((outcome, n) -> outcomes.merge(outcome, n, Integer::sum)));
                return due.size();
            });
            if (done == null || done == 0) {
                return new Planned(outcomes);
            }
        }
    }

    /** Sends every touch due now, a batch per transaction, until none is due. */
    public Sent send() {
        Map<Dispatcher.Outcome, Integer> outcomes = new EnumMap<>(Dispatcher.Outcome.class);
        while (true) {
            Map<Dispatcher.Outcome, Integer> batch = tx.execute(status -> dispatcher.sendBatch(BATCH));
            if (batch == null || batch.isEmpty()) {
                return new Sent(outcomes);
            }
            batch.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            // Touches deferred in this pass are not due again now; a batch made only of them ends the pass.
            if (batch.keySet().stream().allMatch(k -> k == Dispatcher.Outcome.DEFERRED)) {
                return new Sent(outcomes);
            }
        }
    }

    /** One tick: plan what is due, then send what is due. */
    public void tick() {
        plan();
        send();
    }

    /** Enrollments, touches by state and reason, and for a stream when its contacts run out of content. */
    public ProgramStats stats(long programId) {
        Program program = programs.get(programId);
        Map<String, Long> runningOut = new java.util.TreeMap<>();
        if (program.kind() == io.keepwarm.program.ProgramKind.STREAM) {
            Map<Long, Integer> taken = touches.piecesTaken(programId);
            String cursor = null;
            do {
                var page = enrollments.list(programId, Enrollment.Status.ACTIVE, cursor, 500);
                Map<Long, java.time.ZoneId> zones = new HashMap<>();
                contacts.ownersAndZones(page.items().stream().map(Enrollment::contactId).toList())
                        .forEach(c -> zones.put(c.contactId(), java.time.ZoneId.of(c.timeZone())));
                for (Enrollment e : page.items()) {
                    int left = program.pool().size() - taken.getOrDefault(e.contactId(), 0);
                    runningOut.merge(left <= 0 || e.nextDueAt() == null ? "now"
                            : runOut(program, e, left, zones.get(e.contactId())), 1L, Long::sum);
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return new ProgramStats(programId, enrollments.counts(programId), touches.counts(programId), runningOut);
    }

    /** The month of the last touch the pool can still fill: {@code left} cadence moments from the next due. */
    private static String runOut(Program program, Enrollment e, int left, java.time.ZoneId zone) {
        java.time.Instant last = e.nextDueAt();
        for (int i = 1; i < left; i++) {
            last = io.keepwarm.program.Schedules.following(program.cadence(), last, zone);
        }
        return java.time.YearMonth.from(last.atZone(zone)).toString();
    }

    /**
     * A one-off piece for a market event (seed 004) to every contact the stream holds, at the next moment the
     * pressure policy allows for each; a piece goes to a contact once, however often this is called.
     */
    public int unscheduled(long programId, long contentId) {
        Program program = programs.get(programId);
        if (program.kind() != io.keepwarm.program.ProgramKind.STREAM || program.status() != io.keepwarm.program.ProgramStatus.ACTIVE) {
            throw new io.keepwarm.platform.ConflictException("Unscheduled sends go into an ACTIVE stream; '"
                    + program.name() + "' is a " + program.status() + " " + program.kind());
        }
        var item = library.get(contentId);
        if (item.status() != io.keepwarm.content.ContentStatus.LIVE) {
            throw io.keepwarm.platform.InvalidInputException.field("contentId", "piece " + contentId + " is "
                    + item.status() + "; only a LIVE piece can be sent");
        }
        int planned = 0;
        String cursor = null;
        do {
            var page = enrollments.list(programId, Enrollment.Status.ACTIVE, cursor, BATCH);
            planned += tx.execute(status -> planner.unscheduled(program, page.items(), contentId));
            cursor = page.nextCursor();
        } while (cursor != null);
        return planned;
    }

    public List<Touch> touchesOf(long contactId) {
        return touches.forContact(contactId);
    }

    public List<Touch> touchesOfProgram(long programId, int limit) {
        return touches.forProgram(programId, limit);
    }
}
