package io.keepwarm.trigger.internal;

import java.time.Instant;
import java.util.List;

/**
 * A cue another module's event gave about one contact, as queued in trigger_cues.
 *
 * @param subject what it is about: "FROM>TO" of a stage move, a segment's or program's id, a tag
 * @param detail more where a cue has it: a note's text, the preference parts that changed
 * @param chain the triggers whose actions caused it, first first
 */
record CueEvent(long id, Type type, long contactId, String subject, String detail, List<Long> chain, Instant occurredAt) {

    /** The kinds of event that can cue a trigger through the queue. */
    enum Type {
        STAGE_CHANGED, SEGMENT_ENTERED, SEGMENT_LEFT, GOAL_REACHED, PROGRAM_EXHAUSTED, HANDOFF_REJECTED, TAG_ADDED, NOTE_ADDED,
        PREFERENCES_CHANGED, READY_DATE_REACHED
    }

    CueEvent {
        chain = List.copyOf(chain);
    }
}
