package io.keepwarm.analytics;

import java.util.List;
import java.util.Map;

/**
 * One program's figures step by step. A sequence has a row for each of its steps (0 is the first), where an edit
 * moved each step's figures with it; the figures of steps an edit removed or changed are gathered in one row
 * ({@link #REMOVED_STEPS}). A stream has one row for its cadence (step 0). Either has, once it has made any, one for
 * its unscheduled one-off sends (step -1).
 *
 * @param kind SEQUENCE or STREAM
 */
public record ProgramFigures(long programId, String kind, List<StepFigures> steps) {

    /** The row of the touches of steps that edits removed or changed. */
    public static final int REMOVED_STEPS = -2;

    /**
     * @param waiting active contacts that stand at this step: the next one to run for them, but for a contact in a
     *     sequence's wait, who is counted at the wait step itself (not at the step after it, which has not run for
     *     them); for a stream, every active contact
     * @param exhausted of those waiting in a stream, how many have no piece left
     * @param planned touches planned here and not yet sent (due later, deferred by a cap or quiet hours, or an email
     *     waiting in the outbox for the mail server)
     * @param touched touches sent: an email once the mail server accepted it
     * @param suppressed touches never sent, by reason (NO_CONSENT, CAP_REACHED turned STALE, ...)
     * @param suppressedWhy of those, the ones whose reason has more behind it, by what: a STALE touch "held by the
     *     contact's own rhythm (1 email in 30 days) past its 3-day limit", which STALE alone hides
     * @param failed touches that failed after their retries, whose sending is in doubt, or whose email was withheld
     * @param converted contacts whose enrollment ended as reached (the goal) while they stood at this step, one who
     *     reached it during a wait counted at the wait (unless the step after the wait is the goal step itself)
     * @param wentOn at a branch, how many passes found its rule held and went on to the next step (0 elsewhere)
     * @param wentElse at a branch, how many passes found it did not and went to its else step (0 elsewhere)
     * @param suppressedContacts how many contacts those suppressed touches were for, by reason: one contact who paused
     *     for months has a touch suppressed at each of a stream's cadence moments
     */
    public record StepFigures(int step, long waiting, long exhausted, long planned, long touched,
            Map<String, Long> suppressed, Map<String, Long> suppressedWhy, long failed, long converted, long wentOn,
            long wentElse, Map<String, Long> suppressedContacts) {

        /** Figures whose suppressed touches were each for a contact of their own. */
        public StepFigures(int step, long waiting, long exhausted, long planned, long touched,
                Map<String, Long> suppressed, Map<String, Long> suppressedWhy, long failed, long converted, long wentOn,
                long wentElse) {
            this(step, waiting, exhausted, planned, touched, suppressed, suppressedWhy, failed, converted, wentOn,
                    wentElse, suppressed);
        }

        public long suppressedTotal() {
            return suppressed.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
