package io.keepwarm.segment.internal;

import io.keepwarm.activity.ActivitiesRecorded;
import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.StageChange;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queues the contacts other modules changed for a segment re-check. The listeners run inside the publisher's
 * transaction, so a change and its queue entry commit or roll back together and a crash loses neither.
 */
@Component
class SegmentChanges {

    private final Membership membership;
    private final JdbcClient jdbc;

    SegmentChanges(Membership membership, JdbcClient jdbc) {
        this.membership = membership;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactsChanged changed) {
        membership.changed(changed.contactIds());
    }

    @EventListener
    void on(ActivitiesRecorded recorded) {
        membership.changed(recorded.contactIds());
    }

    @EventListener
    void on(ContactStagesChanged changed) {
        membership.changed(changed.changes().stream().map(StageChange::contactId).toList());
    }

    /** The survivor keeps the duplicate's list memberships; its segments are re-checked with the merged data. */
    @EventListener
    void on(ContactsMerged merged) {
        jdbc.sql("""
                INSERT INTO list_members (list_id, contact_id, added_at)
                SELECT list_id, :s, added_at FROM list_members WHERE contact_id = :m ON CONFLICT DO NOTHING""")
                .param("s", merged.survivorId()).param("m", merged.mergedId()).update();
        membership.changed(List.of(merged.survivorId()));
    }
}
