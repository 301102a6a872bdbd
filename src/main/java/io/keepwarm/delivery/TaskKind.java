package io.keepwarm.delivery;

/** What a task in a rep's queue is for: a call to the contact, or other work about them (a follow-up). */
public enum TaskKind {
    /** A call a program's touch asked for, with its script. */
    CALL,
    /** A program's gentle "is now a good time?" by phone. */
    READINESS_CHECK,
    /** A contact just handed to the rep: call, then accept or reject the hand-off. */
    HANDOFF,
    /**
     * The rep's first sales call on a lead they accepted: accepting closes the hand-off's task, and this is what is left
     * to do (the call a "call me" asked for, or the first call of the sale). Tried again after no answer, as a call is.
     */
    FIRST_CALL,
    /** A call-back the rep promised the contact, at the time they agreed, or one the contact asked for. */
    CALL_BACK,
    /** Other work for the rep about the contact (a program's task step, a trigger's task); not a call. */
    FOLLOW_UP;

    /**
     * Whether the rep is to phone the contact: a call waits for the contact's calling hours and is never offered for a
     * contact who may not be called. A follow-up is other work, done at any hour.
     */
    public boolean call() {
        return this != FOLLOW_UP;
    }

    /**
     * Whether the task is a call and nothing else, so that nothing is left of it once the contact may not be called
     * (a wrong number, "do not call me"). A hand-off is also the rep's decision on the lead, which still waits.
     */
    public boolean onlyACall() {
        return call() && this != HANDOFF;
    }

    /** The title a task of this kind gets when nobody gave one. */
    public String label() {
        return switch (this) {
            case CALL -> "Call";
            case READINESS_CHECK -> "Readiness check call";
            case HANDOFF -> "New lead: call and accept or reject";
            case FIRST_CALL -> "First call after hand-off";
            case CALL_BACK -> "Call back";
            case FOLLOW_UP -> "Follow-up";
        };
    }
}
