package io.keepwarm.program.internal;

import io.keepwarm.platform.Page;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Programs;
import io.keepwarm.program.Step;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.SegmentUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * The programs that name a segment or list: as their audience (archived ones too: the program keeps it), in their
 * goal, or in a step's branch or goal, which the engine reads each time it walks an enrollment (archived ones aside).
 */
@Component
class ProgramSegmentUsers implements SegmentUsers {

    private final Programs programs;

    ProgramSegmentUsers(Programs programs) {
        this.programs = programs;
    }

    @Override
    public List<String> usingSegment(long segmentId) {
        return naming(p -> Long.valueOf(segmentId).equals(p.audienceSegmentId()),
                rule -> SegmentUsers.namesSegment(rule, segmentId));
    }

    @Override
    public List<String> usingList(long listId) {
        return naming(p -> false, rule -> SegmentUsers.namesList(rule, listId));
    }

    private List<String> naming(Predicate<Program> audience, Predicate<Rule> names) {
        List<String> using = new ArrayList<>();
        String cursor = null;
        do {
            Page<Program> page = programs.list(null, cursor, 200);
            page.items().stream()
                    .filter(p -> audience.test(p) || p.status() != ProgramStatus.ARCHIVED && (names.test(p.goal())
                            || p.steps().stream().anyMatch(s -> switch (s) {
                                case Step.Branch branch -> names.test(branch.rule());
                                case Step.Goal goal -> names.test(goal.rule());
                                default -> false;
                            })))
                    .forEach(p -> using.add("program '" + p.name() + "'"
                            + (p.status() == ProgramStatus.ARCHIVED ? " (archived)" : "")));
            cursor = page.nextCursor();
        } while (cursor != null);
        return using;
    }
}
