package io.keepwarm.trigger.internal;

import io.keepwarm.platform.Page;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.SegmentUsers;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.Triggers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/** The triggers that name a segment or list: in their condition, or as the segment they watch being entered or left. */
@Component
class TriggerSegmentUsers implements SegmentUsers {

    private final Triggers triggers;

    TriggerSegmentUsers(Triggers triggers) {
        this.triggers = triggers;
    }

    @Override
    public List<String> usingSegment(long segmentId) {
        return naming(t -> switch (t.when()) {
            case Cue.SegmentEntered entered -> entered.segmentId() == segmentId;
            case Cue.SegmentLeft left -> left.segmentId() == segmentId;
            default -> false;
        }, rule -> SegmentUsers.namesSegment(rule, segmentId));
    }

    @Override
    public List<String> usingList(long listId) {
        return naming(t -> false, rule -> SegmentUsers.namesList(rule, listId));
    }

    private List<String> naming(Predicate<Trigger> watches, Predicate<Rule> names) {
        List<String> using = new ArrayList<>();
        String cursor = null;
        do {
            Page<Trigger> page = triggers.list(null, cursor, 200);
            page.items().stream().filter(t -> watches.test(t) || names.test(t.condition()))
                    .forEach(t -> using.add("trigger '" + t.name() + "'"));
            cursor = page.nextCursor();
        } while (cursor != null);
        return using;
    }
}
