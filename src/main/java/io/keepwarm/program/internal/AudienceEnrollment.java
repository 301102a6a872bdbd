package io.keepwarm.program.internal;

import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.segment.SegmentEntered;
import io.keepwarm.segment.SegmentLeft;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Continuous enrollment: contacts entering an active or paused program's audience segment are enrolled, and those
 * leaving it exit where the program says so. Runs in the segment refresh's transaction, one set per event. A paused
 * program follows its audience too (its enrollments are held, as all its touches are): one resumed after weeks
 * otherwise kept writing to those who had left it and never took in those who had joined.
 */
@Component
class AudienceEnrollment {

    private final ProgramStore programs;
    private final Enrollments enrollments;

    AudienceEnrollment(ProgramStore programs, Enrollments enrollments) {
        this.programs = programs;
        this.enrollments = enrollments;
    }

    @EventListener
    void on(SegmentEntered entered) {
        for (Program program : programs.runningFor(entered.segmentId())) {
            enrollments.enrollAudience(program.id(), entered.contactIds());
        }
    }

    @EventListener
    void on(SegmentLeft left) {
        for (Program program : programs.runningFor(left.segmentId())) {
            if (program.exitOnSegmentLeave()) {
                enrollments.end(program.id(), left.contactIds(), Enrollment.Status.EXITED, "LEFT_SEGMENT");
            }
        }
    }
}
