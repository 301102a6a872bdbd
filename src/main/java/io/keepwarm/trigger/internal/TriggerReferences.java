package io.keepwarm.trigger.internal;

import io.keepwarm.contact.AttributeUsers;
import io.keepwarm.content.ContentUsers;
import io.keepwarm.content.CustomAttributes;
import io.keepwarm.platform.Page;
import io.keepwarm.segment.SegmentUsers;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.Triggers;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * What triggers name, so that it is not deleted under them: a segment they watch being entered or left, a segment,
 * list or attribute in their condition, the date attribute they watch, a piece one of their actions sends, an
 * attribute one sets or the text of a task one creates names.
 */
@Component
class TriggerReferences implements SegmentUsers, ContentUsers, AttributeUsers {

    private final Triggers triggers;

    TriggerReferences(Triggers triggers) {
        this.triggers = triggers;
    }

    @Override
    public List<String> usingSegment(long segmentId) {
        return naming(t -> SegmentUsers.namesSegment(t.condition(), segmentId) || switch (t.when()) {
            case Cue.SegmentEntered entered -> entered.segmentId() == segmentId;
            case Cue.SegmentLeft left -> left.segmentId() == segmentId;
            default -> false;
        });
    }

    @Override
    public List<String> usingList(long listId) {
        return naming(t -> SegmentUsers.namesList(t.condition(), listId));
    }

    @Override
    public List<String> usingAttribute(String key) {
        return naming(t -> SegmentUsers.namesField(t.condition(), key) || switch (t.when()) {
            case Cue.Anniversary anniversary -> anniversary.attribute().equals(key);
            case Cue.DaysBefore before -> before.attribute().equals(key);
            default -> false;
        } || t.actions().stream().anyMatch(a -> switch (a) {
            case Action.SetAttribute set -> set.key().equals(key);
            // Its title and context are filled in for the contact as a program's task step is: see ProgramReferences.
            case Action.CreateTask task -> CustomAttributes.named(task.title(), key)
                    || CustomAttributes.named(task.context(), key);
            default -> false;
        }));
    }

    @Override
    public List<String> using(long contentId) {
        return naming(t -> t.actions().stream()
                .anyMatch(a -> a instanceof Action.SendContent send && send.contentId() == contentId));
    }

    private List<String> naming(Predicate<Trigger> names) {
        return Page.every(cursor -> triggers.list(null, cursor, 200)).stream().filter(names)
                .map(t -> "trigger '" + t.name() + "'").toList();
    }
}
