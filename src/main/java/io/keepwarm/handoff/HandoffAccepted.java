package io.keepwarm.handoff;

/** The rep accepted the lead: the contact is SQL and out of nurture programs. */
public record HandoffAccepted(long handoffId, long contactId, Long repId) {}
