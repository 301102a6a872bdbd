package io.keepwarm.engine;

import java.util.List;
import java.util.Map;

/**
 * How a program is doing.
 *
 * @param enrollments each enrollment counted once, where it stands: ACTIVE, COMPLETED (through its steps),
 *     GOAL_REACHED (completed at the goal) or EXITED; and EXHAUSTED, of the ACTIVE those out of content: for a
 *     stream, no piece of the pool left for them and none still on its way (as {@code runningOut}'s "now")
 * @param touches the program's touches since it began, by where they stand, each state's {@code total} and how many of
 *     them carry each reason: SENT once they went (an email when the mail server accepted it, or the outbox kept it
 *     without one; a call task when it was made); PLANNED while due later, held (a cap, quiet hours), being sent, or
 *     an email waiting in the outbox for the mail server; SUPPRESSED never to go, by why; FAILED after retries, in
 *     doubt, or an email the outbox failed or withheld. The same counts as the program's figures and page
 *     ({@link ProgramTouchCounts})
 * @param runningOut for a stream: how many active contacts will run out of content, by the month of the last piece
 *     the pool holds for them (yyyy-MM; a piece planned and held counts in the month it is due); "now" counts those
 *     already out, "never" those no email can reach now (consent withdrawn, do-not-contact, a dead address ...),
 *     whose touches are each suppressed and use up no piece, "expiring" those with pieces left that each expire
 *     (their valid-until moment) before the contact would get them. A piece that expires before the moment it
 *     would go is not counted as one the contact receives. The sum of each contact's own forecast; who they are,
 *     month by month: {@link Engine#runningOut}
 * @param cannotEmail for a stream: how many of its active contacts no email can reach now, by the reason (a
 *     {@link Reason}); they stay in the stream, in case they can be reached again
 * @param passedOver for a stream: the pieces of its pool it sends no one, by id, and why (not live, no email
 *     version, or expired: "it expired on Tue 3 Feb 2026, 18:00 Europe/Berlin", in the account's zone)
 * @param renderFailures the pieces that could not be filled in for some of its contacts, by id: per cause in words,
 *     how many of its touches failed, those since the piece was last saved apart from those before. Beside
 *     {@code touches}, not in it: there each is counted already, a FAILED touch of reason UNRENDERABLE, with the
 *     touches of pieces retired or deleted after they were planned, which have no cause of their own
 */
public record ProgramStats(long programId, Map<String, Long> enrollments, Map<String, Map<String, Long>> touches,
        Map<String, Long> runningOut, Map<String, Long> cannotEmail, Map<Long, String> passedOver,
        Map<Long, List<RenderFailures.Failure>> renderFailures) {

    /** How many of a stream's active contacts no email can reach now, whatever the reason. */
    public long cannotEmailTotal() {
        return cannotEmail.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Why they cannot be emailed, in words, each with how many: "3: the contact withdrew consent ...". */
    public List<String> cannotEmailReasons() {
        return cannotEmail.entrySet().stream()
                .map(e -> e.getValue() + ": " + Reason.valueOf(e.getKey()).message()).toList();
    }
}
