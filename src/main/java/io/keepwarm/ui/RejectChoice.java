package io.keepwarm.ui;

import io.keepwarm.handoff.RejectReason;
import java.util.Arrays;
import java.util.List;

/**
 * A reject reason as a rep picks it, in the same words on My day and on the contact page's stage form: what it means
 * and where the lead goes with it, so a rep sees which reasons disqualify before picking one.
 */
record RejectChoice(RejectReason reason, String what, String label) {

    /** Every reason in the order the lists offer them. */
    static final List<RejectChoice> ALL = Arrays.stream(RejectReason.values()).map(RejectChoice::of).toList();

    static RejectChoice of(RejectReason reason) {
        String what = switch (reason) {
            case NOT_READY -> "not ready yet";
            case NO_BUDGET -> "no budget";
            case WRONG_PERSON -> "wrong person";
            case BAD_DATA -> "wrong details (fake name, dead company)";
            case COMPETITOR -> "with a competitor";
            case OTHER -> "other (say what in the note)";
        };
        return new RejectChoice(reason, what, label(reason) + (reason.disqualifies() ? ": disqualified" : ": to nurture"));
    }

    /** The most a label holds: a select as wide as a 390 px phone shows no more, and cut it would hide where it goes. */
    static final int LABEL_LENGTH = 32;

    /** The reason as a list offers it, short enough to fit beside where the lead goes ({@link #what} in sentences). */
    private static String label(RejectReason reason) {
        return switch (reason) {
            case NOT_READY -> "not ready yet";
            case NO_BUDGET -> "no budget";
            case WRONG_PERSON -> "wrong person";
            case BAD_DATA -> "wrong details";
            case COMPETITOR -> "with a competitor";
            case OTHER -> "other (note why)";
        };
    }

    /** The reasons that disqualify, as a rep picks them: "'wrong person' or 'wrong details (…)'". */
    static String disqualifying() {
        List<String> named = ALL.stream().filter(c -> c.reason().disqualifies()).map(c -> "'" + c.what() + "'").toList();
        return named.size() < 2 ? String.join("", named) : String.join(", ", named.subList(0, named.size() - 1))
                + " or " + named.getLast();
    }
}
