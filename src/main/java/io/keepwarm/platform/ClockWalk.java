package io.keepwarm.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Moves the simulated clock forward the way time passes: in steps of at most an hour, the last landing on the target,
 * running at each step the work the modules' jobs would have done by then in real time. A jump straight to the target
 * would pass over the hours an email could have gone out in (a contact's sending window, a cap that frees up) and
 * find it too late to send; walked, it goes out in its window as it would have. Each module gives its share as a
 * {@link Work} bean, run in their {@code @Order}. Moving the clock back is a plain set: nothing is undone.
 */
@Component
public class ClockWalk {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClockWalk.class);

    static final Duration STEP = Duration.ofHours(1);
    /** The furthest one move walks: further than a preview needs, and a walk of it holds its request for minutes. */
    public static final long MOST_DAYS = 366;

    /**
     * What a module's scheduled jobs do as time passes, run at each step of a walk with the clock at that step, whether
     * or not the jobs are on (keepwarm.jobs.enabled).
     */
    public interface Work {

        /** Runs what is due at the clock's now, counting what it did into the tally. */
        void runDue(Tally tally);
    }

    /** What a walk did, by kind ("emails sent"), in the order first counted. */
    public static final class Tally {

        private final Map<String, Long> counts = new LinkedHashMap<>();

        public void add(String what, long count) {
            if (count > 0) {
                counts.merge(what, count, Long::sum);
            }
        }

        Map<String, Long> counts() {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }
    }

    /**
     * A finished move.
     *
     * @param steps how many steps it walked (0: the clock was set back)
     * @param done what the work did on the way, by kind; only kinds that happened
     * @param took how long the walk took in real time
     */
    public record Walked(Instant from, Instant to, int steps, Map<String, Long> done, Duration took) {}

    private final Clock clock;
    private final List<Work> work;
    private final ReentrantLock walking = new ReentrantLock();

    ClockWalk(Clock clock, List<Work> work) {
        this.clock = clock;
        this.work = List.copyOf(work);
    }

    /** The simulated clock, or 404 while the real one is on. */
    public SimulatedClock simulated() {
        if (clock instanceof SimulatedClock simulated) {
            return simulated;
        }
        throw new NotFoundException("The simulated clock is off; start Keepwarm with KEEPWARM_CLOCK=simulated to use it");
    }

    public Walked forward(Duration duration) {
        if (duration.isNegative()) {
            throw InvalidInputException.field("advance", "must not be negative; the clock only moves forward");
        }
        refuseTooFar("advance", duration);
        return moving(simulated -> walk(simulated, simulated.instant().plus(duration)));
    }

    /** To the instant: walked when it is later, set at once when it is earlier (nothing done since is undone). */
    public Walked to(Instant target) {
        return moving(simulated -> {
            Instant from = simulated.instant();
            if (target.isBefore(from)) {
                return new Walked(from, simulated.set(target), 0, Map.of(), Duration.ZERO);
            }
            refuseTooFar("set", Duration.between(from, target));
            return walk(simulated, target);
        });
    }

    private static void refuseTooFar(String field, Duration duration) {
        if (duration.compareTo(Duration.ofDays(MOST_DAYS)) > 0) {
            throw InvalidInputException.field(field, "moves the clock " + duration.toDays() + " days at once; a move"
                    + " walks through every hour on the way, so move it at most " + MOST_DAYS + " days at a time");
        }
    }

    private Walked moving(Function<SimulatedClock, Walked> move) {
        SimulatedClock simulated = simulated();
        if (!walking.tryLock()) {
            throw new ConflictException("The clock is already being moved; wait for that move to finish, then try again");
        }
        try {
            return move.apply(simulated);
        } finally {
            walking.unlock();
        }
    }

    private Walked walk(SimulatedClock simulated, Instant to) {
        // As the clock keeps it, so that the last step lands on it exactly.
        Instant target = to.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        long started = System.nanoTime();
        Instant from = simulated.instant();
        Tally tally = new Tally();
        int steps = 0;
        long[] spent = new long[work.size()];
        Instant at = from;
        while (at.isBefore(target)) {
            Instant next = at.plus(STEP);
            at = next.isBefore(target) ? next : target;
            at = simulated.set(at);
            steps++;
            for (int i = 0; i < work.size(); i++) {
                long before = System.nanoTime();
                runDue(work.get(i), tally);
                spent[i] += System.nanoTime() - before;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (steps > 0) {
            // Where a slow walk spends its time, for whoever finds it slow.
            StringBuilder parts = new StringBuilder();
            for (int i = 0; i < work.size(); i++) {
                parts.append(i == 0 ? "" : ", ").append(work.get(i).getClass().getSimpleName()).append(' ')
                        .append(spent[i] / 1_000_000).append(" ms");
            }
            log.info("Walked the simulated clock from {} to {} in {} steps, {} ms: {}", from, at, steps,
                    took.toMillis(), parts);
        }
        return new Walked(from, at, steps, tally.counts(), took);
    }

    /**
     * As a scheduled job's failed run: logged, and its work done at the next step, rather than leaving the clock
     * halfway to where the admin asked.
     */
    private static void runDue(Work work, Tally tally) {
        try {
            work.runDue(tally);
        } catch (RuntimeException failed) {
            if (Contention.lost(failed)) {
                log.warn("Walking the clock, a job lost to another transaction; the next step does the work: {}",
                        LoggedFailures.summary(failed));
            } else {
                log.error("Walking the clock, a job failed; the next step runs it again", LoggedFailures.capped(failed));
            }
            tally.add("job runs that failed (see the log)", 1);
        }
    }
}
