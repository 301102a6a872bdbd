package io.keepwarm.delivery.internal;

import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.delivery.EmailWithheld;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.platform.Actors;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged duplicate's tasks (open and done) go to the survivor, its programs' open ones to the survivor's owner, with
 * the numbers found wrong for it, and so do its emails and their replies: what was sent stays in the survivor's outbox, and caps count it. Runs inside the merge's
 * transaction, before the duplicate is deleted (which would take them with it).
 */
@Component
class DeliveryMerges {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TaskStore tasks;
    private final Contacts contacts;
    private final Clock clock;

    DeliveryMerges(JdbcClient jdbc, ApplicationEventPublisher events, TaskStore tasks, Contacts contacts, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.tasks = tasks;
        this.contacts = contacts;
        this.clock = clock;
    }

    /**
     * The duplicate's queued emails are withheld first: they would go to the address merged away, with unsubscribe
     * links naming a contact that no longer exists, and the survivor's own programs go on for the person.
     */
    @EventListener
    void on(ContactsMerged merged) {
        List<EmailWithheld> waiting = jdbc.sql("SELECT id, touch_id FROM outbox_messages WHERE contact_id = ? AND status = 'QUEUED'")
                .param(merged.mergedId()).query((rs, n) -> new EmailWithheld(rs.getLong(1), (Long) rs.getObject(2),
                        merged.survivorId(), "CONTACT_MERGED")).list();
        if (!waiting.isEmpty()) {
            jdbc.sql("UPDATE outbox_messages SET status = 'WITHHELD', last_error = :error WHERE id IN (:ids)")
                    .param("error", "not sent: its contact was merged into contact " + merged.survivorId())
                    .param("ids", waiting.stream().map(EmailWithheld::messageId).toList()).update();
            waiting.forEach(events::publishEvent);
        }
        oneCallWaiting(merged);
        programTasksToTheSurvivorsOwner(merged);
        merged.moveRows(jdbc, "tasks", "outbox_messages", "email_replies", "email_provider_events");
        jdbc.sql("""
                INSERT INTO wrong_numbers (contact_id, phone, flagged_at, flagged_by)
                SELECT ?, phone, flagged_at, flagged_by FROM wrong_numbers WHERE contact_id = ? ON CONFLICT DO NOTHING""")
                .params(merged.survivorId(), merged.mergedId()).update();
    }

    /**
     * A survivor that already waits for a call (a program's, a call-back, a hand-off's) keeps it, and the duplicate's
     * open nurture calls are cancelled: moved over, the rep would call the one person twice, within days, which the
     * pressure policy's call cap would never have planned for one contact. A call-back someone booked with the
     * duplicate stays: it is a rep's promise. A program's call of a place that ended with the merge is cancelled by the
     * engine whatever the survivor waits for (see the program module's merge).
     */
    private void oneCallWaiting(ContactsMerged merged) {
        if (tasks.callOpen(merged.survivorId())) {
            tasks.endOpen(merged.mergedId(), List.of(TaskKind.CALL, TaskKind.READINESS_CHECK), Task.Status.CANCELLED,
                    "Its contact was merged into contact " + merged.survivorId() + ", who already waits for a call",
                    clock.instant(), Actors.current());
        }
    }

    /**
     * The duplicate's open program tasks held by its owner go to the survivor's (the merge has set it by now), as a
     * change of owner moves them ({@link TasksFollowOwners}): left with the duplicate's owner, a rep would call a
     * contact another rep owns. A call-back or follow-up someone booked or was given stays theirs.
     */
    private void programTasksToTheSurvivorsOwner(ContactsMerged merged) {
        Map<Long, Long> owners = new HashMap<>();
        contacts.ownersAndZones(List.of(merged.survivorId(), merged.mergedId()))
                .forEach(c -> owners.put(c.contactId(), c.ownerId()));
        Long from = owners.get(merged.mergedId());
        Long to = owners.get(merged.survivorId());
        if (from != null && to != null && !from.equals(to)) {
            tasks.reassignProgramTasks(merged.mergedId(), from, to);
        }
    }
}
