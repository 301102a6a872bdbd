package io.keepwarm.engine;

import java.util.Map;

/**
 * How a program is doing.
 *
 * @param enrollments each enrollment counted once, where it stands: ACTIVE, COMPLETED (through its steps),
 *     GOAL_REACHED (completed at the goal) or EXITED; and EXHAUSTED, of the ACTIVE those out of content: for a
 *     stream, no piece of the pool left for them and none still on its way (as {@code runningOut}'s "now")
 * @param touches counts by state (PLANNED, SENT, SUPPRESSED, FAILED), each by reason where there is one
 * @param runningOut for a stream: how many active contacts will run out of content, by the month of the last piece
 *     the pool holds for them (yyyy-MM; a piece planned and held counts in the month it is due); "now" counts those
 *     already out
 * @param passedOver for a stream: the pieces of its pool it sends no one, by id, and why (not live, no email
 *     version)
 */
public record ProgramStats(long programId, Map<String, Long> enrollments, Map<String, Map<String, Long>> touches,
        Map<String, Long> runningOut, Map<Long, String> passedOver) {}
