package io.keepwarm.handoff;

import io.keepwarm.lifecycle.Stage;
import java.util.Arrays;
import java.util.Optional;

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

    /**
     * Whether a person's move of a lead out of MQL to this stage may reject its hand-off for this reason: one that
     * disqualifies goes to DISQUALIFIED, any other back to nurture (NURTURE, or RECYCLED on its way there). The API and
     * the contact page's stage form ask this one rule, each refusing in its own words.
     */
    public boolean fits(Stage to) {
        return disqualifies == (to == Stage.DISQUALIFIED);
    }

    /** The reason a code names, in any case and around any blanks, or empty for no reason (none given, or unknown). */
    public static Optional<RejectReason> of(String code) {
        return code == null ? Optional.empty()
                : Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(code.strip())).findFirst();
    }
}
