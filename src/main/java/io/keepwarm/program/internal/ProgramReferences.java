package io.keepwarm.program.internal;

import io.keepwarm.contact.AttributeUsers;
import io.keepwarm.content.ContentUsers;
import io.keepwarm.content.CustomAttributes;
import io.keepwarm.platform.Page;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Programs;
import io.keepwarm.program.Step;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.SegmentUsers;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * What programs name, so that it is not deleted under them: a segment as their audience (archived programs too: they
 * keep it), a segment, list or attribute in their goal or a step's branch or goal, an attribute a step sets or a task
 * step's text names, a piece
 * in a step or a stream's pool (the
 * engine reads these each time it walks an enrollment; archived programs aside).
 */
@Component
class ProgramReferences implements SegmentUsers, ContentUsers, AttributeUsers {

    private final Programs programs;

    ProgramReferences(Programs programs) {
        this.programs = programs;
    }

    @Override
    public List<String> usingSegment(long segmentId) {
        return naming(p -> Long.valueOf(segmentId).equals(p.audienceSegmentId()) || running(p)
                && namesInRules(p, rule -> SegmentUsers.namesSegment(rule, segmentId)));
    }

    @Override
    public List<String> usingList(long listId) {
        return naming(p -> running(p) && namesInRules(p, rule -> SegmentUsers.namesList(rule, listId)));
    }

    /**
     * A task step's text names an attribute as a piece does ({@code {{ contact.lease_end }}}): removed, the tasks the
     * step makes would lose the value and the program could not be saved again, so the steps are named by number for
     * the person to find them.
     */
    @Override
    public List<String> usingAttribute(String key) {
        return Page.every(cursor -> programs.list(null, cursor, 200)).stream().filter(ProgramReferences::running)
                .flatMap(p -> {
                    List<String> steps = IntStream.range(0, p.steps().size())
                            .filter(i -> p.steps().get(i) instanceof Step.Task task && CustomAttributes.named(task.text(), key))
                            .mapToObj(i -> String.valueOf(i + 1)).toList();
                    boolean elsewhere = namesInRules(p, rule -> SegmentUsers.namesField(rule, key))
                            || p.steps().stream().anyMatch(s -> s instanceof Step.SetAttribute set && set.key().equals(key));
                    String name = "program '" + p.name() + "'";
                    return steps.isEmpty() ? elsewhere ? Stream.of(name) : Stream.<String>empty()
                            : Stream.of(name + " (the task at step" + (steps.size() == 1 ? " " : "s ")
                                    + String.join(", ", steps) + ")");
                }).toList();
    }

    @Override
    public List<String> using(long contentId) {
        return naming(p -> running(p) && (p.pool().contains(contentId) || p.steps().stream().anyMatch(s -> switch (s) {
            case Step.Send send -> send.contentId() == contentId;
            case Step.ReadinessCheck check -> check.contentId() == contentId;
            default -> false;
        })));
    }

    private static boolean running(Program program) {
        return program.status() != ProgramStatus.ARCHIVED;
    }

    private static boolean namesInRules(Program program, Predicate<Rule> names) {
        return names.test(program.goal()) || program.steps().stream().anyMatch(s -> switch (s) {
            case Step.Branch branch -> names.test(branch.rule());
            case Step.Goal goal -> names.test(goal.rule());
            default -> false;
        });
    }

    private List<String> naming(Predicate<Program> names) {
        return Page.every(cursor -> programs.list(null, cursor, 200)).stream().filter(names)
                .map(p -> "program '" + p.name() + "'" + (running(p) ? "" : " (archived)")).toList();
    }
}
