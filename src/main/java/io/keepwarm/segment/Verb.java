package io.keepwarm.segment;

import io.keepwarm.activity.ActivityType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** What a behaviour condition counts, and whether its argument names a channel or matches a URL, offer or form. */
public enum Verb {
    TOUCHED(ActivityType.TOUCH_SENT, true),
    // A click in an email shows it was opened, though the mail client loaded no images, as the content report counts it.
    OPENED(ActivityType.EMAIL_OPENED, true, ActivityType.EMAIL_CLICKED),
    CLICKED(ActivityType.EMAIL_CLICKED, false),
    VISITED(ActivityType.PAGE_VIEW, false),
    SUBMITTED(ActivityType.FORM_SUBMITTED, false),
    REPLIED(ActivityType.REPLIED, true),
    ACCEPTED(ActivityType.OFFER_ACCEPTED, false),
    REGISTERED(ActivityType.WEBINAR_REGISTERED, false),
    ATTENDED(ActivityType.WEBINAR_ATTENDED, false),
    PURCHASED(ActivityType.PURCHASE, false),
    CALLED(ActivityType.CALL_OUTCOME, false);

    private final List<ActivityType> types;
    private final boolean matchesChannel;

    Verb(ActivityType type, boolean matchesChannel, ActivityType... showingItToo) {
        this.types = Stream.concat(Stream.of(type), Arrays.stream(showingItToo)).toList();
        this.matchesChannel = matchesChannel;
    }

    /** The activities that show it happened. */
    public List<ActivityType> types() {
        return types;
    }

    /**
     * True where it counts messages rather than activities: a message opened twice, or opened and clicked in, is
     * one message opened (for activities that name their message).
     */
    public boolean countsMessages() {
        return this == OPENED;
    }

    /** True where the argument is a channel (opened(email)); false where it is a pattern on the target. */
    public boolean matchesChannel() {
        return matchesChannel;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(Verb::word).toList());
    }

    public static Optional<Verb> byWord(String word) {
        return Arrays.stream(values()).filter(v -> v.word().equals(word)).findFirst();
    }
}
