package io.keepwarm.trigger.internal;

import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.contact.NoteAdded;
import io.keepwarm.contact.TagsAdded;
import io.keepwarm.handoff.HandoffRejected;
import io.keepwarm.lifecycle.ContactBecameReady;
import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.StageChange;
import io.keepwarm.program.ProgramExhausted;
import io.keepwarm.program.ProgramGoalReached;
import io.keepwarm.segment.SegmentEntered;
import io.keepwarm.segment.SegmentLeft;
import io.keepwarm.tracking.PreferencesChanged;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' events into queued cues. The listeners run inside the publisher's transaction, so an event
 * and its cue commit or roll back together and a crash loses neither; they only write, the matching comes later.
 * A cue carries the chain of triggers running on this thread, when their actions caused the event. A segment's
 * entries and exits come later, from the segment job's thread, so theirs is read back from the triggers that changed
 * the contact shortly before: "entered A → set status b" with "entered B → set status a" fires each once.
 */
@Component
class CueListeners {

    /**
     * How far back a trigger's change to a contact counts as the cause of its segment moves: well beyond the segment
     * job's few seconds, short enough that the contact's own moves later on fire the trigger again.
     */
    static final Duration SEGMENT_CAUSE_HORIZON = Duration.ofMinutes(15);

    private final CueQueue queue;
    private final Catalog catalog;
    private final FiringChain chain;
    private final FiringStore firings;
    private final JdbcClient jdbc;
    private final Clock clock;

    CueListeners(CueQueue queue, Catalog catalog, FiringChain chain, FiringStore firings, JdbcClient jdbc, Clock clock) {
        this.queue = queue;
        this.catalog = catalog;
        this.chain = chain;
        this.firings = firings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(ContactStagesChanged changed) {
        queue.offer(changed.changes().stream().map(this::stageChanged).toList());
    }

    private CueEvent stageChanged(StageChange changed) {
        return cue(CueEvent.Type.STAGE_CHANGED, changed.contactId(), changed.from() + ">" + changed.to(), null);
    }

    @EventListener
    void on(SegmentEntered entered) {
        offerSegmentMoves(CueEvent.Type.SEGMENT_ENTERED, entered.segmentId(), entered.contactIds());
    }

    @EventListener
    void on(SegmentLeft left) {
        offerSegmentMoves(CueEvent.Type.SEGMENT_LEFT, left.segmentId(), left.contactIds());
    }

    private void offerSegmentMoves(CueEvent.Type type, long segmentId, Collection<Long> contactIds) {
        Catalog.Snapshot snapshot = catalog.current();
        List<CueEvent> wanted = contactIds.stream().map(id -> cue(type, id, String.valueOf(segmentId), null))
                .filter(snapshot::wants).toList();
        if (wanted.isEmpty() || !chain.current().isEmpty()) {
            queue.offer(wanted);
            return;
        }
        Map<Long, List<Long>> causes = firings.recentChains(wanted.stream().map(CueEvent::contactId).toList(),
                clock.instant().minus(SEGMENT_CAUSE_HORIZON));
        queue.offer(wanted.stream().map(c -> new CueEvent(c.id(), c.type(), c.contactId(), c.subject(), c.detail(),
                causes.getOrDefault(c.contactId(), List.of()), c.occurredAt())).toList());
    }

    @EventListener
    void on(ProgramGoalReached reached) {
        offer(CueEvent.Type.GOAL_REACHED, reached.contactId(), String.valueOf(reached.programId()), null);
    }

    @EventListener
    void on(ProgramExhausted exhausted) {
        offer(CueEvent.Type.PROGRAM_EXHAUSTED, exhausted.contactId(), String.valueOf(exhausted.programId()), null);
    }

    @EventListener
    void on(HandoffRejected rejected) {
        offer(CueEvent.Type.HANDOFF_REJECTED, rejected.contactId(), rejected.reason().name(),
                String.valueOf(rejected.handoffId()));
    }

    @EventListener
    void on(TagsAdded added) {
        List<CueEvent> cues = new ArrayList<>();
        added.added().forEach((id, tags) -> tags.forEach(tag -> cues.add(cue(CueEvent.Type.TAG_ADDED, id, tag, null))));
        queue.offer(cues);
    }

    @EventListener
    void on(NoteAdded note) {
        offer(CueEvent.Type.NOTE_ADDED, note.contactId(), String.valueOf(note.noteId()), note.text());
    }

    @EventListener
    void on(PreferencesChanged changed) {
        offer(CueEvent.Type.PREFERENCES_CHANGED, changed.contactId(), null,
                changed.changed().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
    }

    @EventListener
    void on(ContactBecameReady ready) {
        offer(CueEvent.Type.READY_DATE_REACHED, ready.contactId(), null, ready.readyOn().toString());
    }

    /** The survivor takes the duplicate's history and waiting cues. */
    @EventListener
    void on(ContactsMerged merged) {
        firings.merge(merged.survivorId(), merged.mergedId());
        merged.moveRows(jdbc, "trigger_cues");
    }

    private void offer(CueEvent.Type type, long contactId, String subject, String detail) {
        queue.offer(List.of(cue(type, contactId, subject, detail)));
    }

    private CueEvent cue(CueEvent.Type type, long contactId, String subject, String detail) {
        return new CueEvent(0, type, contactId, subject, detail, chain.current(), clock.instant());
    }
}
