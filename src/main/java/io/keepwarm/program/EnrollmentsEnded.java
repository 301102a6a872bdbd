package io.keepwarm.program;

import java.util.List;

/**
 * Enrollments ended outside the engine's walk (removed, left the audience or nurture, archived, goal reached on
 * arrival, merged into a contact with a place of its own in the program), with the end reason; published in the
 * transaction that ended them.
 */
public record EnrollmentsEnded(List<Long> enrollmentIds, String reason) {}
