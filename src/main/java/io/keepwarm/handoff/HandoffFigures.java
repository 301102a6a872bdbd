package io.keepwarm.handoff;

import io.keepwarm.handoff.internal.HandoffStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * How reps decided their hand-offs over a span: the one count behind the hand-off report and the analytics' hand-off
 * figures, so both say the same. A decision counts under the rep who held the lead when it was decided (after a
 * reassignment, an escalation or a stand-in, the rep it went to), a missed deadline under the rep who held the lead
 * when it passed, wherever the lead went since. No caller checks: the report and the analytics ask who may read what.
 */
@Service
public class HandoffFigures {

    /**
     * @param decided hand-offs accepted or rejected in the span
     * @param decidedInTime of those, the ones decided by the deciding rep's deadline, with no deadline before it missed
     *     by a rep counted here (for everyone: by nobody); one never assigned to a rep is not in time
     * @param medianHoursToDecision from the hand-off's creation to the decision, null when none was decided
     * @param p90HoursToDecision the time within which nine decisions in ten came, null when none was decided
     * @param missedDeadline deadlines missed by the reps counted here, of the hand-offs open now and those decided in
     *     the span: each against the rep who held the lead when its deadline passed
     */
    public record Decisions(long decided, long decidedInTime, Double medianHoursToDecision, Double p90HoursToDecision,
            long missedDeadline) {}

    private final HandoffStore store;
    private final Clock clock;

    HandoffFigures(HandoffStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The decisions of these reps (null: everyone's) from an instant (null: ever) until another. */
    public Decisions of(Instant from, Instant to, Collection<Long> reps) {
        HandoffStore.Decisions d = store.decisions(from, to, reps);
        long missed = store.missedByRep(from, to, clock.instant()).entrySet().stream()
                .filter(e -> reps == null || reps.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        return decisions(d, missed);
    }

    /** As {@link #of}, each rep's: every rep with a decision or a missed deadline to count, by id. */
    public Map<Long, Decisions> byRep(Instant from, Instant to, Collection<Long> reps) {
        Map<Long, HandoffStore.Decisions> decided = store.decisionsByRep(from, to, reps);
        Map<Long, Long> missed = store.missedByRep(from, to, clock.instant());
        Map<Long, Decisions> byRep = new HashMap<>();
        decided.forEach((rep, d) -> byRep.put(rep, decisions(d, rep == null ? 0 : missed.getOrDefault(rep, 0L))));
        missed.forEach((rep, count) -> {
            if (reps == null || reps.contains(rep)) {
                byRep.computeIfAbsent(rep, r -> decisions(new HandoffStore.Decisions(0, 0, null, null), count));
            }
        });
        return byRep;
    }

    private static Decisions decisions(HandoffStore.Decisions d, long missed) {
        return new Decisions(d.decided(), d.inTime(), hours(d.medianSeconds()), hours(d.p90Seconds()), missed);
    }

    /** Hours to a tenth, as the pages show them. */
    private static Double hours(Double seconds) {
        return seconds == null ? null : Math.round(10 * seconds / 3600) / 10.0;
    }
}
