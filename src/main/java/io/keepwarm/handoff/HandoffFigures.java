package io.keepwarm.handoff;

import io.keepwarm.handoff.internal.HandoffStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * How reps decided their hand-offs over a span: the one count behind the hand-off report and the analytics' hand-off
 * figures, so both say the same. No caller checks: the report and the analytics ask who may read what.
 */
@Service
public class HandoffFigures {

    /**
     * @param decided hand-offs accepted or rejected in the span
     * @param decidedInTime of those, the ones decided with no deadline missed on the way; one never assigned to a rep
     *     is not in time
     * @param medianHoursToDecision from the hand-off's creation to the decision, null when none was decided
     * @param p90HoursToDecision the time within which nine decisions in ten came, null when none was decided
     */
    public record Decisions(long decided, long decidedInTime, Double medianHoursToDecision, Double p90HoursToDecision) {}

    private final HandoffStore store;

    HandoffFigures(HandoffStore store) {
        this.store = store;
    }

    /** The decisions of these reps (null: everyone's) from an instant (null: ever) until another. */
    public Decisions of(Instant from, Instant to, Collection<Long> reps) {
        return decisions(store.decisions(from, to, reps));
    }

    /** As {@link #of}, each rep's: every rep with a decision to count, by id. */
    public Map<Long, Decisions> byRep(Instant from, Instant to, Collection<Long> reps) {
        Map<Long, Decisions> byRep = new HashMap<>();
        store.decisionsByRep(from, to, reps).forEach((rep, d) -> byRep.put(rep, decisions(d)));
        return byRep;
    }

    private static Decisions decisions(HandoffStore.Decisions d) {
        return new Decisions(d.decided(), d.inTime(), hours(d.medianSeconds()), hours(d.p90Seconds()));
    }

    /** Hours to a tenth, as the pages show them. */
    private static Double hours(Double seconds) {
        return seconds == null ? null : Math.round(10 * seconds / 3600) / 10.0;
    }
}
