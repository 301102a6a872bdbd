package io.keepwarm.delivery;

import java.util.List;

/**
 * Readiness checks by phone that ended without a call because their contact may not be called (no number, a number
 * found wrong, do-not-contact by phone): the question "is now a good time?" was never asked, which someone must learn.
 * One event per set of calls ended, each check once, as a cancelled task is never ended again.
 */
public record ReadinessChecksNotMade(List<NotMade> checks) {

    /**
     * One check not made: its task, the title it had (its ready day) and why nobody may call, in words.
     *
     * @param numberToFix whether a number entered (none, or one found wrong) would let them be called; else they said
     *     not to be called by phone, and only email may ask
     */
    public record NotMade(long contactId, long taskId, String title, String whyNotCalled, boolean numberToFix) {}
}
