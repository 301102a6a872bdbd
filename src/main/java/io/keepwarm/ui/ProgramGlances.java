package io.keepwarm.ui;

import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Programs;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Programs at a glance: name, kind, status and how many contacts they hold, through the program module's face. */
@Component
class ProgramGlances {

    /** A program as a list shows it. */
    record Glance(long id, String name, String kind, ProgramStatus status, int priority, long active, long enrolled,
            long goalReached) {}

    private final Programs programs;
    private final Enrollments enrollments;

    ProgramGlances(Programs programs, Enrollments enrollments) {
        this.programs = programs;
        this.enrollments = enrollments;
    }

    /** Up to {@code limit} programs, archived ones left out unless asked for. */
    List<Glance> list(int limit, boolean withArchived) {
        return programs.list(null, null, limit).items().stream()
                .filter(p -> withArchived || p.status() != ProgramStatus.ARCHIVED)
                .map(this::glance)
                .toList();
    }

    private Glance glance(Program program) {
        Map<String, Long> counts = enrollments.counts(program.id());
        long active = counts.getOrDefault("ACTIVE", 0L);
        long reached = counts.getOrDefault("GOAL_REACHED", 0L);
        long all = active + counts.getOrDefault("COMPLETED", 0L) + reached + counts.getOrDefault("EXITED", 0L);
        return new Glance(program.id(), program.name(), program.kind().name(), program.status(), program.priority(),
                active, all, reached);
    }
}
