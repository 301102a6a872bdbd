package io.keepwarm.trigger.internal;

import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.SignedAddresses;
import io.keepwarm.trigger.Cue;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What each kind of cue listens to, and whether a given event or activity is one it listens for. */
final class Cues {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Cues() {}

    /** The JSON name of a cue's type, as the API and the triggers table have it. */
    static String typeName(Cue cue) {
        return switch (cue) {
            case Cue.Anniversary a -> "anniversary";
            case Cue.DaysBefore d -> "daysBefore";
            case Cue.DaysSince d -> "daysSince";
            case Cue.ExpectedPurchase e -> "expectedPurchase";
            case Cue.StageChanged s -> "stageChanged";
            case Cue.DealLost d -> "dealLost";
            case Cue.SegmentEntered s -> "segmentEntered";
            case Cue.SegmentLeft s -> "segmentLeft";
            case Cue.GoalReached g -> "goalReached";
            case Cue.ProgramExhausted p -> "programExhausted";
            case Cue.HandoffRejected h -> "handoffRejected";
            case Cue.TagAdded t -> "tagAdded";
            case Cue.NoteAdded n -> "noteAdded";
            case Cue.Activity a -> "activity";
            case Cue.PreferenceChanged p -> "preferenceChanged";
            case Cue.ReadyDateReached r -> "readyDateReached";
        };
    }

    /** The queued event type a cue listens to; empty for date cues (the date job) and activity (the activity log). */
    static Optional<CueEvent.Type> eventType(Cue cue) {
        return Optional.ofNullable(switch (cue) {
            case Cue.StageChanged s -> CueEvent.Type.STAGE_CHANGED;
            case Cue.DealLost d -> CueEvent.Type.STAGE_CHANGED;
            case Cue.SegmentEntered s -> CueEvent.Type.SEGMENT_ENTERED;
            case Cue.SegmentLeft s -> CueEvent.Type.SEGMENT_LEFT;
            case Cue.GoalReached g -> CueEvent.Type.GOAL_REACHED;
            case Cue.ProgramExhausted p -> CueEvent.Type.PROGRAM_EXHAUSTED;
            case Cue.HandoffRejected h -> CueEvent.Type.HANDOFF_REJECTED;
            case Cue.TagAdded t -> CueEvent.Type.TAG_ADDED;
            case Cue.NoteAdded n -> CueEvent.Type.NOTE_ADDED;
            case Cue.PreferenceChanged p -> CueEvent.Type.PREFERENCES_CHANGED;
            case Cue.ReadyDateReached r -> CueEvent.Type.READY_DATE_REACHED;
            case Cue.Anniversary a -> null;
            case Cue.DaysBefore d -> null;
            case Cue.DaysSince d -> null;
            case Cue.ExpectedPurchase e -> null;
            case Cue.Activity a -> null;
        });
    }

    /** Whether the queued event is one this cue listens for. */
    static boolean matches(Cue cue, CueEvent event) {
        if (eventType(cue).orElse(null) != event.type()) {
            return false;
        }
        return switch (cue) {
            case Cue.StageChanged s -> (s.from() == null || s.from() == from(event)) && (s.to() == null || s.to() == to(event));
            case Cue.DealLost d -> to(event) == Stage.LOST;
            case Cue.SegmentEntered s -> String.valueOf(s.segmentId()).equals(event.subject());
            case Cue.SegmentLeft s -> String.valueOf(s.segmentId()).equals(event.subject());
            case Cue.GoalReached g -> g.programId() == null || String.valueOf(g.programId()).equals(event.subject());
            case Cue.ProgramExhausted p -> p.programId() == null || String.valueOf(p.programId()).equals(event.subject());
            case Cue.HandoffRejected h -> h.reason() == null || h.reason().name().equals(event.subject());
            case Cue.TagAdded t -> t.tag().equalsIgnoreCase(event.subject());
            case Cue.NoteAdded n -> keyword(n, event.detail()).isPresent();
            case Cue.PreferenceChanged p -> p.part() == null
                    || (event.detail() != null && java.util.List.of(event.detail().split(",")).contains(p.part().name()));
            case Cue.ReadyDateReached r -> true;
            default -> false;
        };
    }

    /**
     * Whether the logged activity is one this cue listens for; machine activity never is.
     *
     * @param target the cue's target pattern compiled by {@link #glob}, or null when it has none
     */
    static boolean matches(Cue.Activity cue, Pattern target, LoggedActivity activity) {
        if (activity.flag() != null || cue.activity() != activity.type()) {
            return false;
        }
        if (cue.customType() != null && !cue.customType().equalsIgnoreCase(activity.customType())) {
            return false;
        }
        return target == null || (activity.target() != null && target.matcher(activity.target()).matches());
    }

    /**
     * The first of the note cue's keywords the text holds as whole words, ignoring case and accents: "lease" is not
     * in "Please call", "resume" is in "Résumé attached".
     */
    static Optional<String> keyword(Cue.NoteAdded cue, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String folded = fold(text);
        return cue.keywords().stream().filter(k -> holdsWords(folded, fold(k))).findFirst();
    }

    /** Lower case, without accents and with single spaces, so text compares as a person reads it. */
    static String fold(String text) {
        String decomposed = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return SPACES.matcher(MARKS.matcher(decomposed).replaceAll("")).replaceAll(" ").strip();
    }

    /** Whether the folded words stand in the folded text with no letter or digit joined to either end. */
    private static boolean holdsWords(String text, String words) {
        if (words.isEmpty()) {
            return false;
        }
        for (int at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + 1)) {
            int end = at + words.length();
            boolean startsFree = at == 0 || !wordPart(text.codePointBefore(at)) || !wordPart(words.codePointAt(0));
            boolean endsFree = end == text.length() || !wordPart(text.codePointAt(end))
                    || !wordPart(words.codePointBefore(words.length()));
            if (startsFree && endsFree) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordPart(int codePoint) {
        return Character.isLetterOrDigit(codePoint);
    }

    /** What happened, in words, for the firing history. */
    static String describe(Cue cue, CueEvent event) {
        return switch (event.type()) {
            case STAGE_CHANGED -> "stage " + from(event) + " → " + to(event);
            case SEGMENT_ENTERED -> "entered segment " + event.subject();
            case SEGMENT_LEFT -> "left segment " + event.subject();
            case GOAL_REACHED -> "reached the goal of program " + event.subject();
            case PROGRAM_EXHAUSTED -> "ran out of content in program " + event.subject();
            case HANDOFF_REJECTED -> "hand-off " + event.detail() + " rejected: " + event.subject();
            case TAG_ADDED -> "tag '" + event.subject() + "' added";
            case NOTE_ADDED -> "note " + event.subject() + " mentions '"
                    + (cue instanceof Cue.NoteAdded n ? keyword(n, event.detail()).orElse("") : "") + "'";
            case PREFERENCES_CHANGED -> "changed preferences: " + event.detail();
            case READY_DATE_REACHED -> "ready date " + event.detail() + " arrived";
        };
    }

    static String describe(LoggedActivity activity) {
        String what = activity.customType() != null ? activity.type() + " " + activity.customType() : activity.type().name();
        return activity.target() == null ? what : what + " " + cut(SignedAddresses.cut(activity.target()), 400);
    }

    /**
     * A target pattern as scoring rules read theirs: text without {@code *} is looked for anywhere in the target; with
     * {@code *} (any text) the whole target must match; case does not matter either way.
     */
    static Pattern glob(String pattern) {
        String whole = pattern.contains("*") ? pattern : "*" + pattern + "*";
        String regex = java.util.Arrays.stream(whole.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static Stage from(CueEvent event) {
        return Stage.valueOf(event.subject().substring(0, event.subject().indexOf('>')));
    }

    private static Stage to(CueEvent event) {
        return Stage.valueOf(event.subject().substring(event.subject().indexOf('>') + 1));
    }
}
