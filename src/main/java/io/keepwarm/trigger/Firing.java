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

    /**
     * What one action did: DONE, SKIPPED (nothing to do), FAILED, QUEUED (a webhook call waiting), NOT_RUN.
     *
     * @param held why a stage move was skipped when an open hand-off held the lead (the detail says what was not done,
     *     "not moved to Sales-qualified"); null for any other action and for firings recorded before holds were kept
     *     this way, whose detail says the hold in the API's sentence
     */
    public record ActionResult(int position, String action, String outcome, String detail, Held held, Instant at) {}

    /**
     * A lead in sales' hands: the hand-off open when the action ran and its rep then, by id, so whoever reads it names
     * the rep as they are now.
     *
     * @param repId null when the hand-off was waiting for a rep
     */
    public record Held(long handoffId, Long repId) {}
}
