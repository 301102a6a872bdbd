package io.keepwarm.segment;

import java.util.Set;

/** These contacts no longer match the segment. */
public record SegmentLeft(long segmentId, Set<Long> contactIds) {}
