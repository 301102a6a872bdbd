package io.keepwarm.delivery;

import java.time.Instant;

/** A call or follow-up in an owner's queue. */
public record CallTask(long id, long touchId, long contactId, Long ownerId, String script, String note, Status status,
        Instant createdAt, Instant doneAt) {

    public enum Status { OPEN, DONE }
}
