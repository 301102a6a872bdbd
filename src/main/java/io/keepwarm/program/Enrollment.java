package io.keepwarm.program;

import java.time.Instant;

/**
 * A contact's place in a program.
 *
 * @param step the sequence step it stands at (the next to run); unused by streams
 * @param occurrence how many cadence touches a stream has made for it
 * @param nextDueAt when the engine next has work for it; null once ended
 * @param exhaustedAt since when a stream has had no content left for the contact; null while it has
 */
public record Enrollment(long id, long programId, long contactId, Status status, Source source, Instant enrolledAt,
        int step, int occurrence, Instant nextDueAt, Instant endedAt, String endReason, Instant exhaustedAt) {

    public enum Status { ACTIVE, COMPLETED, EXITED }

    /** How the contact came in. */
    public enum Source { SEGMENT, MANUAL, API, TRIGGER }
}
