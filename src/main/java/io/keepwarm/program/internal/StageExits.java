package io.keepwarm.program.internal;

import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.program.Enrollments;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact that goes to sales or is disqualified leaves its nurture programs, whatever moved it (a hand-off, a
 * person, a trigger, a program's step): sequences and streams writing on while a rep works the deal, or to someone
 * found to be the wrong person, is what nurture must never do. Runs in the move's transaction, a batch at a time. The
 * program whose own step made the move ends its place as that step's doing ({@link Enrollments#movedByItsStep}).
 */
@Component
class StageExits {

    /** How a program's step names its program as the actor of a move ("program:7"). */
    private static final String PROGRAM = "program:";

    private final Enrollments enrollments;

    StageExits(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    @EventListener
    void on(ContactStagesChanged changed) {
        Map<Stage, List<Long>> byStage = new EnumMap<>(Stage.class);
        Map<Stage, Map<Long, Long>> byStep = new EnumMap<>(Stage.class);
        changed.changes().stream().filter(c -> Enrollments.takesOutOfNurture(c.from(), c.to())).forEach(c -> {
            byStage.computeIfAbsent(c.to(), s -> new ArrayList<>()).add(c.contactId());
            if ("PROGRAM".equals(c.actorType()) && c.actor() != null && c.actor().startsWith(PROGRAM)) {
                byStep.computeIfAbsent(c.to(), s -> new HashMap<>()).put(c.contactId(),
                        Long.parseLong(c.actor().substring(PROGRAM.length())));
            }
        });
        byStage.forEach((stage, contactIds) -> enrollments.letGo(contactIds, stage, byStep.getOrDefault(stage, Map.of())));
    }
}
