package io.keepwarm.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Leads becoming MQL and the hand-offs that follow, per week (weeks start on Monday at midnight in the account's
 * zone, as its settings say), with how the reps decided and how fast.
 *
 * @param decided hand-offs accepted or rejected in the period; a team's or a rep's: those its reps decided, each under
 *     the rep who held the lead when it was decided (after a reassignment, the rep it went to)
 * @param decidedInTime of those, the ones decided by the deciding rep's SLA deadline with no deadline before it
 *     missed (a team's: missed by one of its reps; a lapse of another team's rep before the lead came counts against
 *     that rep); one never assigned to a rep is not in time
 * @param acceptRate accepted / decided, null when none was decided
 * @param medianHoursToDecision from the hand-off's creation to the decision, null when none was decided
 * @param p90HoursToDecision the time within which nine decisions in ten came, null when none was decided
 * @param missedDeadline deadlines missed, of the hand-offs open now and those decided in the period (a team's: by its
 *     reps, each against the rep who held the lead when its deadline passed, wherever it went since), as the
 *     hand-off report counts them
 * @param reasons every rejection reason that occurs in the period, in alphabetical order
 */
public record HandoffWeeks(Period period, List<Week> weeks, long decided, long decidedInTime, Double acceptRate,
        Double medianHoursToDecision, Double p90HoursToDecision, long missedDeadline, List<String> reasons) {

    /**
     * One week; every week of the period is present.
     *
     * @param mqls moves into MQL (a contact that became MQL twice counts twice)
     * @param handedOff hand-offs opened
     * @param accepted hand-offs accepted, in the week of the decision
     * @param rejected hand-offs rejected, in the week of the decision
     */
    public record Week(LocalDate start, long mqls, long handedOff, long accepted, long rejected,
            Map<String, Long> rejectedBy) {}
}
