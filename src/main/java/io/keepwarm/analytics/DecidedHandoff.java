package io.keepwarm.analytics;

import java.time.Duration;
import java.time.Instant;

/**
 * A hand-off as the list of decisions shows it: whose it is, how it was decided and why, and when.
 *
 * @param repId the rep who has it (who decided it, or the stand-in who did); null for none
 * @param state ACCEPTED or REJECTED
 * @param reason the reject reason's code; null for an acceptance
 * @param note the rep's note with the decision; null for none
 */
public record DecidedHandoff(long id, long contactId, Long repId, String state, String reason, String note,
        Instant handedOffAt, Instant decidedAt) {

    /** From the hand-off to the decision, as the median time to decide counts it. */
    public Duration toDecide() {
        return Duration.between(handedOffAt, decidedAt);
    }
}
