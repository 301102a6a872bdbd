package io.keepwarm.handoff;

/** The rep turned the lead down, for a reason; the contact is back in NURTURE (or DISQUALIFIED). */
public record HandoffRejected(long handoffId, long contactId, Long repId, RejectReason reason) {}
