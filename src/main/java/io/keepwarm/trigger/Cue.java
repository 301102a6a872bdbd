package io.keepwarm.trigger;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.tracking.PreferencesChanged;
import java.util.List;

/**
 * The "when" of a trigger: a date that arrives (static), a move in the pipeline (dynamic), or a cue the contact
 * gives (customer). Dates are read in the contact's own time zone.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Cue.Anniversary.class, name = "anniversary"),
    @JsonSubTypes.Type(value = Cue.DaysBefore.class, name = "daysBefore"),
    @JsonSubTypes.Type(value = Cue.DaysSince.class, name = "daysSince"),
    @JsonSubTypes.Type(value = Cue.ExpectedPurchase.class, name = "expectedPurchase"),
    @JsonSubTypes.Type(value = Cue.StageChanged.class, name = "stageChanged"),
    @JsonSubTypes.Type(value = Cue.DealLost.class, name = "dealLost"),
    @JsonSubTypes.Type(value = Cue.SegmentEntered.class, name = "segmentEntered"),
    @JsonSubTypes.Type(value = Cue.SegmentLeft.class, name = "segmentLeft"),
    @JsonSubTypes.Type(value = Cue.GoalReached.class, name = "goalReached"),
    @JsonSubTypes.Type(value = Cue.ProgramExhausted.class, name = "programExhausted"),
    @JsonSubTypes.Type(value = Cue.HandoffRejected.class, name = "handoffRejected"),
    @JsonSubTypes.Type(value = Cue.TagAdded.class, name = "tagAdded"),
    @JsonSubTypes.Type(value = Cue.NoteAdded.class, name = "noteAdded"),
    @JsonSubTypes.Type(value = Cue.Activity.class, name = "activity"),
    @JsonSubTypes.Type(value = Cue.PreferenceChanged.class, name = "preferenceChanged"),
    @JsonSubTypes.Type(value = Cue.ReadyDateReached.class, name = "readyDateReached")
})
public sealed interface Cue {

    /** Seed 001's three kinds of trigger. */
    enum Kind { STATIC, DYNAMIC, CUSTOMER }

    /** What a "days since" trigger counts from. */
    enum Anchor { TOUCH, REPLY, PURCHASE }

    Kind kind();

    /** The anniversary of a date attribute (a birthday, a contract's start), once a year, daysBefore it (0: on the day). */
    record Anniversary(String attribute, int daysBefore) implements Cue {
        public Kind kind() {
            return Kind.STATIC;
        }
    }

    /** {@code days} before the date a date attribute holds (a lease or contract expiry, a renewal), once per date. */
    record DaysBefore(String attribute, int days) implements Cue {
        public Kind kind() {
            return Kind.STATIC;
        }
    }

    /**
     * {@code days} after the contact's last touch, reply or purchase, once per last one; for the days that come from a
     * week before the trigger began listening on, never for the history before.
     */
    record DaysSince(Anchor since, int days) implements Cue {
        public Kind kind() {
            return Kind.STATIC;
        }
    }

    /**
     * {@code daysBefore} the contact's expected next purchase: the last one plus their average time between
     * purchases (two purchases at least); once per last purchase, and still for a customer late by up to that
     * average time.
     */
    record ExpectedPurchase(int daysBefore) implements Cue {
        public Kind kind() {
            return Kind.STATIC;
        }
    }

    /** A move from one stage to another; a missing from or to means any. */
    record StageChanged(Stage from, Stage to) implements Cue {
        public Kind kind() {
            return Kind.DYNAMIC;
        }
    }

    /** A deal was lost: the contact moved to LOST. */
    record DealLost() implements Cue {
        public Kind kind() {
            return Kind.DYNAMIC;
        }
    }

    record SegmentEntered(long segmentId) implements Cue {
        public Kind kind() {
            return Kind.DYNAMIC;
        }
    }

    record SegmentLeft(long segmentId) implements Cue {
        public Kind kind() {
            return Kind.DYNAMIC;
        }
    }

    /** The contact reached a program's goal; a missing programId means any program. */
    record GoalReached(Long programId) implements Cue {
        public Kind kind() {
            return Kind.DYNAMIC;
        }
    }

    /** A stream ran out of content for the contact; a missing programId means any stream. */
    record ProgramExhausted(Long programId) implements Cue {
        public Kind kind() {
            return Kind.DYNAMIC;
        }
    }

    /** A rep turned the contact down at hand-off; a missing reason means any reason. */
    record HandoffRejected(RejectReason reason) implements Cue {
        public Kind kind() {
            return Kind.DYNAMIC;
        }
    }

    /** The contact gained the tag (by a rep, an import, the preference centre, a program). */
    record TagAdded(String tag) implements Cue {
        public Kind kind() {
            return Kind.CUSTOMER;
        }
    }

    /**
     * A note was written on the contact containing any of the keywords as whole words ("lease" is not in "Please");
     * case and accents do not matter ("resume" is in "Résumé").
     */
    record NoteAdded(List<String> keywords) implements Cue {
        public NoteAdded {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
        }

        public Kind kind() {
            return Kind.CUSTOMER;
        }
    }

    /**
     * The contact did something the activity log records: replied, submitted a form, accepted an offer, clicked a
     * link, visited a page, or an event of the account's own (CUSTOM with customType). Activity flagged as a
     * machine's (a privacy proxy's open, a link scanner's click) never fires a trigger, nor does activity logged more
     * than a day after it happened (a backfill or a late sync): it is history, not a cue to act on now.
     *
     * @param target what the activity's target (page, link, offer, form) must hold, as scoring rules read it: text
     *     without {@code *} anywhere in it ({@code /pricing}), with {@code *} the whole of it ({@code *white-paper-*}),
     *     any case; null for any
     */
    record Activity(ActivityType activity, String customType, String target) implements Cue {
        public Kind kind() {
            return Kind.CUSTOMER;
        }
    }

    /** The contact changed their preferences; a missing part means any change. */
    record PreferenceChanged(PreferencesChanged.Part part) implements Cue {
        public Kind kind() {
            return Kind.CUSTOMER;
        }
    }

    /** The "ask me again" date the contact gave has arrived in their zone. */
    record ReadyDateReached() implements Cue {
        public Kind kind() {
            return Kind.CUSTOMER;
        }
    }
}
