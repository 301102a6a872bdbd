package io.keepwarm.trigger.internal;

import io.keepwarm.activity.ActivityFollower;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.LoggedActivity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Customer cues from the activity log (replied, submitted a form, accepted an offer, clicked, a custom event):
 * handed each batch of newly logged activity once, after scoring, inside the feed's transaction. The batch is
 * grouped by type and matched in memory against the triggers loaded for it; conditions are then checked once per
 * trigger for the batch's contacts, never once per activity. Machine activity (flagged) never fires a trigger, nor
 * does activity logged more than a day after it happened (a backfill, a late CRM sync): a reply from years ago is not
 * a cue to act on now.
 */
@Component
@Order(2)
class ActivityCues implements ActivityFollower {

    static final Duration LATE = Duration.ofDays(1);

    private final Catalog catalog;
    private final Evaluator evaluator;

    ActivityCues(Catalog catalog, Evaluator evaluator) {
        this.catalog = catalog;
        this.evaluator = evaluator;
    }

    @Override
    public void follow(List<LoggedActivity> batch) {
        Map<ActivityType, List<Catalog.ActivityListener>> listening = catalog.current().byActivity();
        if (listening.isEmpty()) {
            return;
        }
        Map<ActivityType, List<LoggedActivity>> byType = new EnumMap<>(ActivityType.class);
        for (LoggedActivity activity : batch) {
            if (activity.flag() == null && listening.containsKey(activity.type()) && !late(activity)) {
                byType.computeIfAbsent(activity.type(), t -> new ArrayList<>()).add(activity);
            }
        }
        List<Occurrence> occurrences = new ArrayList<>();
        byType.forEach((type, activities) -> {
            for (Catalog.ActivityListener listener : listening.get(type)) {
                for (LoggedActivity activity : activities) {
                    if (Cues.matches(listener.cue(), listener.target(), activity)) {
                        occurrences.add(new Occurrence(listener.trigger(), activity.contactId(), "activity:" + activity.id(),
                                Cues.describe(activity)));
                    }
                }
            }
        });
        evaluator.evaluate(occurrences);
    }

    private static boolean late(LoggedActivity activity) {
        return activity.occurredAt() != null && activity.recordedAt() != null
                && activity.occurredAt().isBefore(activity.recordedAt().minus(LATE));
    }
}
