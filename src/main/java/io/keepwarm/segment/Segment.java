package io.keepwarm.segment;

import java.time.Instant;

/**
 * A named rule for "which contacts".
 *
 * @param timeDependent whether who matches can change with time alone (windows such as "within 30d", "today")
 */
public record Segment(long id, String name, String description, Rule rule, boolean timeDependent, String createdBy,
        Instant createdAt, Instant updatedAt, Instant refreshedAt) {}
