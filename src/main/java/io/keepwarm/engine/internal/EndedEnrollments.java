package io.keepwarm.engine.internal;

import io.keepwarm.delivery.Tasks;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.EnrollmentsEnded;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The touches an ended enrollment still had waiting (held by quiet hours or a cap) are suppressed when it ends, in
 * the same transaction, as the sender would suppress them when they came due (ENROLLMENT_ENDED): until then the
 * program's page counted them as planned for contacts who had left, and a stream's piece held so counted as had,
 * so another stream would not send it. A goal stops only what was planned before it was reached, as at sending.
 * A place ended by a merge also takes back the open tasks its touches made: the survivor's own place in the program
 * goes on and gives the rep that step's call or task itself, so the duplicate's would be the same call twice. Other ends
 * leave a task already given with its rep, as before.
 */
@Component
class EndedEnrollments {

    private static final int CHUNK = 1000;
    private static final String MERGED_NOTE = "Its contact was merged into one with its own place in the program, which goes on";

    private final JdbcClient jdbc;
    private final Enrollments enrollments;
    private final Tasks tasks;
    private final java.time.Clock clock;

    EndedEnrollments(JdbcClient jdbc, Enrollments enrollments, Tasks tasks, java.time.Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.enrollments = enrollments;
        this.tasks = tasks;
    }

    @EventListener
    void on(EnrollmentsEnded ended) {
        // An archived program's touches are suppressed with it, under its own reason (ArchivedPrograms).
        if ("PROGRAM_ARCHIVED".equals(ended.reason())) {
            return;
        }
        for (List<Long> chunk : io.keepwarm.platform.Chunks.of(ended.enrollmentIds(), CHUNK)) {
            Map<Long, Enrollments.Stopped> stopped = enrollments.stopped(chunk);
            List<Long> stops = new ArrayList<>();
            jdbc.sql("SELECT id, enrollment_id, planned_at FROM touches WHERE enrollment_id IN (:ids) AND state = 'PLANNED'")
                    .param("ids", chunk).query(rs -> {
                        Enrollments.Stopped stop = stopped.get(rs.getLong(2));
                        if (stop != null && stop.stops(Timestamps.read(rs, 3))) {
                            stops.add(rs.getLong(1));
                        }
                    });
            if (!stops.isEmpty()) {
                jdbc.sql("UPDATE touches SET state = 'SUPPRESSED', reason = 'ENROLLMENT_ENDED', ended_at = :now"
                        + " WHERE id IN (:ids) AND state = 'PLANNED'").param("now", Timestamps.of(clock.instant()))
                        .param("ids", stops).update();
            }
            if (Enrollments.MERGED.equals(ended.reason())) {
                tasks.cancelOfTouches(jdbc.sql("SELECT id FROM touches WHERE enrollment_id IN (:ids)")
                        .param("ids", chunk).query(Long.class).list(), MERGED_NOTE);
            }
        }
    }
}
