package io.keepwarm.trigger;

import java.time.Instant;
import java.util.List;

/**
 * One firing of a trigger for one contact, with what each action did.
 *
 * @param occurrence what made this firing one of its own: the date's occurrence, the activity, the cue
 * @param cue what happened, in words
 * @param reason why it was skipped; null when it fired
 * @param chain the triggers whose actions led to this firing, first first; empty for a cue from outside
 */
public record Firing(long id, long triggerId, String triggerName, long contactId, String occurrence, String cue,
        Outcome outcome, String reason, List<Long> chain, Instant firedAt, List<ActionResult> actions) {

    /** FIRED ran the actions; SKIPPED did not, for the reason given. */
    public enum Outcome { FIRED, SKIPPED }

    /** What one action did: DONE, SKIPPED (nothing to do), FAILED, QUEUED (a webhook call waiting), NOT_RUN. */
    public record ActionResult(int position, String action, String outcome, String detail, Instant at) {}
}
