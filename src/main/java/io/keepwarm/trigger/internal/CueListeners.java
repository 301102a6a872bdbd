package io.keepwarm.trigger.internal;

import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.contact.NoteAdded;
import io.keepwarm.contact.TagsAdded;
import io.keepwarm.handoff.HandoffRejected;
import io.keepwarm.lifecycle.ContactBecameReady;
import io.keepwarm.lifecycle.ContactStageChanged;
import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.program.ProgramExhausted;
import io.keepwarm.program.ProgramGoalReached;
import io.keepwarm.segment.SegmentEntered;
import io.keepwarm.segment.SegmentLeft;
import io.keepwarm.tracking.PreferencesChanged;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' events into queued cues. The listeners run inside the publisher's transaction, so an event
 * and its cue commit or roll back together and a crash loses neither; they only write, the matching comes later.
 * A cue carries the chain of triggers running on this thread, when their actions caused the event.
 */
@Component
class CueListeners {

    private final CueQueue queue;
    private final FiringChain chain;
    private final FiringStore firings;
    private final JdbcClient jdbc;
    private final Clock clock;

    CueListeners(CueQueue queue, FiringChain chain, FiringStore firings, JdbcClient jdbc, Clock clock) {
        this.queue = queue;
        this.chain = chain;
        this.firings = firings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(ContactStageChanged changed) {
        queue.offer(List.of(stageChanged(changed)));
    }

    @EventListener
    void on(ContactStagesChanged changed) {
        queue.offer(changed.changes().stream().map(this::stageChanged).toList());
    }

    private CueEvent stageChanged(ContactStageChanged changed) {
        return cue(CueEvent.Type.STAGE_CHANGED, changed.contactId(), changed.from() + ">" + changed.to(), null);
    }

    @EventListener
    void on(SegmentEntered entered) {
        queue.offer(entered.contactIds().stream()
                .map(id -> cue(CueEvent.Type.SEGMENT_ENTERED, id, String.valueOf(entered.segmentId()), null)).toList());
    }

    @EventListener
    void on(SegmentLeft left) {
        queue.offer(left.contactIds().stream()
                .map(id -> cue(CueEvent.Type.SEGMENT_LEFT, id, String.valueOf(left.segmentId()), null)).toList());
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
