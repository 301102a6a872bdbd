package io.keepwarm.segment;

import java.util.Set;

/** These contacts now match the segment; one event per refresh step, not one per contact. */
public record SegmentEntered(long segmentId, Set<Long> contactIds) {}
