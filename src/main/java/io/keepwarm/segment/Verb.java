package io.keepwarm.segment;

import io.keepwarm.activity.ActivityType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a behaviour condition counts, and whether its argument names a channel or matches a URL, offer or form. */
public enum Verb {
    TOUCHED(ActivityType.TOUCH_SENT, true),
    OPENED(ActivityType.EMAIL_OPENED, true),
    CLICKED(ActivityType.EMAIL_CLICKED, false),
    VISITED(ActivityType.PAGE_VIEW, false),
    SUBMITTED(ActivityType.FORM_SUBMITTED, false),
    REPLIED(ActivityType.REPLIED, true),
    ACCEPTED(ActivityType.OFFER_ACCEPTED, false),
    REGISTERED(ActivityType.WEBINAR_REGISTERED, false),
    ATTENDED(ActivityType.WEBINAR_ATTENDED, false),
    PURCHASED(ActivityType.PURCHASE, false),
    CALLED(ActivityType.CALL_OUTCOME, false);

    private final ActivityType type;
    private final boolean matchesChannel;

    Verb(ActivityType type, boolean matchesChannel) {
        this.type = type;
        this.matchesChannel = matchesChannel;
    }

    public ActivityType type() {
        return type;
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
