package io.keepwarm.program.internal;

import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.EnrollmentsEnded;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged duplicate's enrollments, active and ended, go to the survivor, in the merge's transaction, before the
 * duplicate is deleted (which would take them and their touches with it). In a program both are in, the survivor's
 * enrollment goes on and the duplicate's ends (MERGED): one person, one place in a program. The survivor's goes on
 * even where the duplicate's was further along, as the survivor keeps its own stage and values. The duplicate's place
 * ends as any other does ({@link EnrollmentsEnded}): what it still had waiting is not sent, and the work it gave the
 * reps (a call, a task step) leaves their queues, so the person gets each step once, from the place that goes on.
 */
@Component
class EnrollmentMerges {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    EnrollmentMerges(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    @EventListener
    void on(ContactsMerged merged) {
        List<Long> ended = jdbc.sql("""
                SELECT id FROM enrollments
                 WHERE contact_id = :m AND status = 'ACTIVE'
                   AND program_id IN (SELECT s.program_id FROM enrollments s WHERE s.active_contact_id = :s)""")
                .param("m", merged.mergedId()).param("s", merged.survivorId()).query(Long.class).list();
        if (!ended.isEmpty()) {
            jdbc.sql("""
                    UPDATE enrollments SET status = 'EXITED', active_contact_id = NULL, next_due_at = NULL, ended_at = :now,
                           end_reason = :reason
                     WHERE id IN (:ids)""")
                    .param("ids", ended).param("reason", Enrollments.MERGED).param("now", Timestamps.now(clock)).update();
            events.publishEvent(new EnrollmentsEnded(ended, Enrollments.MERGED));
        }
        foldFinished(merged.survivorId(), merged.mergedId());
        jdbc.sql("""
                UPDATE enrollments SET contact_id = :s,
                       active_contact_id = CASE WHEN active_contact_id IS NULL THEN NULL ELSE :s END
                 WHERE contact_id = :m""").param("m", merged.mergedId()).param("s", merged.survivorId()).update();
    }

    /** A place of either, as the fold compares them. */
    private record Place(long id, long programId, long contactId, String status, String endReason) {

        /** How far the place got: the goal, then the last step, then out early. */
        int reach() {
            return Enrollments.GOAL_REACHED.equals(endReason) ? 0 : "COMPLETED".equals(status) ? 1 : 2;
        }
    }

    /**
     * In a program where both have finished (neither is in it now), the one person keeps the place that got further
     * (the goal, then the last step, then out early; the survivor's when they got as far), and the other ends as
     * MERGED, which no figure counts: two finished places read as two people enrolled and two goals reached, and the
     * place kept decides whether a program that takes each contact once takes them again.
     */
    private void foldFinished(long survivorId, long mergedId) {
        Map<Long, Map<Long, Place>> latest = new HashMap<>();
        Set<Long> inNow = new HashSet<>();
        jdbc.sql("""
                SELECT id, program_id, contact_id, status, end_reason FROM enrollments
                 WHERE contact_id IN (:s, :m) AND COALESCE(end_reason, '') <> :merged ORDER BY id""")
                .param("s", survivorId).param("m", mergedId).param("merged", Enrollments.MERGED)
                .query((rs, n) -> new Place(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5))).list()
                .forEach(p -> {
                    if ("ACTIVE".equals(p.status())) {
                        inNow.add(p.programId());
                    }
                    latest.computeIfAbsent(p.programId(), k -> new HashMap<>()).put(p.contactId(), p);
                });
        List<Long> folded = new ArrayList<>();
        latest.forEach((programId, places) -> {
            Place survivor = places.get(survivorId);
            Place duplicate = places.get(mergedId);
            if (survivor != null && duplicate != null && !inNow.contains(programId)) {
                folded.add(duplicate.reach() < survivor.reach() ? survivor.id() : duplicate.id());
            }
        });
        if (!folded.isEmpty()) {
            jdbc.sql("UPDATE enrollments SET status = 'EXITED', end_reason = :reason WHERE id IN (:ids)")
                    .param("ids", folded).param("reason", Enrollments.MERGED).update();
        }
    }
}
