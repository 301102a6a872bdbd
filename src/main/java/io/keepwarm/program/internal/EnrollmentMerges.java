package io.keepwarm.program.internal;

import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged duplicate's enrollments, active and ended, go to the survivor, in the merge's transaction, before the
 * duplicate is deleted (which would take them and their touches with it). In a program both are in, the survivor's
 * enrollment goes on and the duplicate's ends (MERGED): one person, one place in a program.
 */
@Component
class EnrollmentMerges {

    private final JdbcClient jdbc;
    private final Clock clock;

    EnrollmentMerges(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(ContactsMerged merged) {
        jdbc.sql("""
                UPDATE enrollments SET status = 'EXITED', active_contact_id = NULL, next_due_at = NULL, ended_at = :now,
                       end_reason = 'MERGED'
                 WHERE contact_id = :m AND status = 'ACTIVE'
                   AND program_id IN (SELECT s.program_id FROM enrollments s WHERE s.active_contact_id = :s)""")
                .param("m", merged.mergedId()).param("s", merged.survivorId()).param("now", Timestamps.now(clock)).update();
        jdbc.sql("""
                UPDATE enrollments SET contact_id = :s,
                       active_contact_id = CASE WHEN active_contact_id IS NULL THEN NULL ELSE :s END
                 WHERE contact_id = :m""").param("m", merged.mergedId()).param("s", merged.survivorId()).update();
    }
}
