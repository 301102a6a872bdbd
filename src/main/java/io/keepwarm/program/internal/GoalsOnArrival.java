package io.keepwarm.program.internal;

import io.keepwarm.activity.ActivityFollower;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.segment.Segments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * A contact who reaches a program's goal through what they did (replied, accepted an offer, clicked) leaves the
 * program when the activity is followed, not when the program next has work for them: a reply on the 3rd was
 * counted as reached only on the 17th, when the sequence's next step fell due, and the contact stood in the program
 * meanwhile. The engine still checks the goal as it walks and sends, for goals reached otherwise (a stage, a score
 * moved by time). Follows after scoring, so a goal on the score sees the score this activity gave (no order: last).
 * The touches the enrollment still had waiting are not sent.
 */
@Component
class GoalsOnArrival implements ActivityFollower {

    private final EnrollmentStore store;
    private final ProgramStore programs;
    private final Enrollments enrollments;
    private final Segments segments;

    GoalsOnArrival(EnrollmentStore store, ProgramStore programs, Enrollments enrollments, Segments segments) {
        this.store = store;
        this.programs = programs;
        this.enrollments = enrollments;
        this.segments = segments;
    }

    @Override
    public void follow(List<LoggedActivity> batch) {
        Set<Long> contactIds = new java.util.HashSet<>();
        batch.forEach(a -> contactIds.add(a.contactId()));
        Map<Long, List<Enrollment>> byProgram = new TreeMap<>();
        store.activeWithGoalOf(contactIds)
                .forEach(e -> byProgram.computeIfAbsent(e.programId(), id -> new ArrayList<>()).add(e));
        byProgram.forEach((programId, enrolled) -> {
            Program program = programs.find(programId).orElse(null);
            if (program == null || program.goal() == null) {
                return;
            }
            Set<Long> reached = segments.matching(program.goal(), enrolled.stream().map(Enrollment::contactId).toList());
            enrollments.reachedGoals(enrolled.stream().filter(e -> reached.contains(e.contactId())).toList());
        });
    }
}
