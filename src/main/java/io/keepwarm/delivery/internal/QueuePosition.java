package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.Task;
import java.time.Instant;

/**
 * Where a page of a queue ended, in queue order as of a moment ({@link TaskStore#open}): the task's part of the queue
 * (due by that moment, or later), due time, priority and id; the next page starts right after it.
 */
public record QueuePosition(boolean due, Instant dueAt, int priority, long id) {

    /** The position of a task in the queue ordered as of {@code at}. */
    public static QueuePosition of(Task task, Instant at) {
        return new QueuePosition(!task.dueAt().isAfter(at), task.dueAt(), task.priority(), task.id());
    }
}
