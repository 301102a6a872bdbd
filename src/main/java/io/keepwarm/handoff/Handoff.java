package io.keepwarm.handoff;

import java.time.Instant;

/**
 * One hand-off of a contact to a sales rep, from the moment it became MQL to the rep's decision.
 *
 * @param repId the rep it is handed to; null while no rep is available (it is assigned when one is)
 * @param chosenBy why this rep
 * @param why what made the contact MQL: the move's reason code, reason and who made it
 * @param context what the rep was told: why now, score and grade, recent activity, notes, content seen
 * @param taskId the rep's HANDOFF task
 * @param dueAt the rep's deadline to accept or reject (the SLA, in working hours)
 * @param overdue whether it is open past its deadline
 * @param escalatedAt when the overdue hand-off was escalated or reassigned (once; null until then, and again after a
 *     person reassigns it or its rep goes away or leaves: the new rep's deadline starts over, and is escalated in turn)
 * @param previousRepId the rep it was taken from on reassignment
 * @param note the rep's note with a rejection, or why the hand-off was cancelled
 * @param firstCallTaskId the rep's first sales call on the lead, given on acceptance; null before, and when there was
 *     none to give (see firstCall)
 * @param firstCall what acceptance gave the rep to do next, in words: the first call and when it is due, or why there
 *     is none (the contact may not be called; a call-back is booked already; the acceptance came from the call itself)
 * @param missedAt the first deadline the hand-off missed (null while none has): kept whoever has it since, so a lead
 *     reassigned or escalated after its deadline is never "decided within the SLA"
 * @param missedBy the rep who held it when that deadline passed, whom the lapse counts against
 */
public record Handoff(long id, long contactId, HandoffState state, Long repId, ChosenBy chosenBy, String why,
        String context, Long taskId, Instant createdAt, Instant assignedAt, Instant dueAt, boolean overdue,
        Instant escalatedAt, Escalation escalation, Long previousRepId, Instant decidedAt, String decidedBy,
        RejectReason rejectReason, String note, Long firstCallTaskId, String firstCall, Instant missedAt,
        Long missedBy) {

    /**
     * The audit log's actor for a change rep choice made itself (the contact's new owner), followed by how the rep was
     * chosen: "handoff:TERRITORY".
     */
    public static final String ROUTING_ACTOR = "handoff:";

    /** How the rep was chosen: the rules rep choice tries, in order, or otherwise. */
    public enum ChosenBy {
        OWNER,
        TERRITORY,
        ROUND_ROBIN,
        /** The rep who reached the contact and heard they were ready took the lead on the call (accepted at once). */
        CALLER,
        /**
         * A teammate (same manager) of the rep who could not take it (the owner away, or the rep it left), so the lead
         * stays on the team.
         */
        TEAM,
        /** A person named the rep when reassigning the hand-off (a marketer, an admin or the rep's manager). */
        HAND
    }

    /** What happened when the hand-off went overdue. */
    public enum Escalation {
        /** The rep's manager was alerted. */
        ESCALATED,
        /** It went to another rep. */
        REASSIGNED,
        /**
         * The rep has no manager (or one who has left, or their managers loop back to them), and no other rep could
         * take it: the admins were alerted instead, told which.
         */
        NO_MANAGER
    }
}
