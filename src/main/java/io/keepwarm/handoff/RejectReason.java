package io.keepwarm.handoff;

/** Why a rep turned a lead down; the reasons are reported, and two of them take the contact out of nurture. */
public enum RejectReason {
    NOT_READY(false),
    NO_BUDGET(false),
    /** Not the person to talk to: nurturing them further would not help, so the contact is disqualified. */
    WRONG_PERSON(true),
    /** The contact's data is wrong (a fake name, a dead company): disqualified too. */
    BAD_DATA(true),
    COMPETITOR(false),
    /** Needs a note saying what. */
    OTHER(false);

    private final boolean disqualifies;

    RejectReason(boolean disqualifies) {
        this.disqualifies = disqualifies;
    }

    /** Whether a lead rejected for this reason is DISQUALIFIED rather than sent back to NURTURE. */
    public boolean disqualifies() {
        return disqualifies;
    }
}
