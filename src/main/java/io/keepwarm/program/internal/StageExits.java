package io.keepwarm.program.internal;

import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.program.Enrollments;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact that goes to sales or is disqualified leaves its nurture programs, whatever moved it (a hand-off, a
 * person, a trigger, a program's step): sequences and streams writing on while a rep works the deal, or to someone
 * found to be the wrong person, is what nurture must never do. Runs in the move's transaction, a batch at a time.
 */
@Component
class StageExits {

    private final Enrollments enrollments;

    StageExits(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    @EventListener
    void on(ContactStagesChanged changed) {
        Map<Stage, List<Long>> byStage = new EnumMap<>(Stage.class);
        changed.changes().stream().filter(c -> Enrollments.takesOutOfNurture(c.from(), c.to()))
                .forEach(c -> byStage.computeIfAbsent(c.to(), s -> new ArrayList<>()).add(c.contactId()));
        byStage.forEach((stage, contactIds) -> enrollments.letGo(contactIds, stage));
    }
}
