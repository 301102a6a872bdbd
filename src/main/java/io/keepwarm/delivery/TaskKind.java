package io.keepwarm.delivery;

/** What a task in a rep's queue is for; every kind is a call to the contact, or work around one. */
public enum TaskKind {
    /** A call a program's touch asked for, with its script. */
    CALL,
    /** A program's gentle "is now a good time?" by phone. */
    READINESS_CHECK,
    /** A contact just handed to the rep: call, then accept or reject the hand-off. */
    HANDOFF,
    /** A call-back the rep promised the contact, at the time they agreed. */
    CALL_BACK,
    /** Other work for the rep about the contact (a program's task step, a trigger's task). */
    FOLLOW_UP;

    /** The title a task of this kind gets when nobody gave one. */
    public String label() {
        return switch (this) {
            case CALL -> "Call";
            case READINESS_CHECK -> "Readiness check call";
            case HANDOFF -> "New lead: call and accept or reject";
            case CALL_BACK -> "Call back";
            case FOLLOW_UP -> "Follow-up";
        };
    }
}
