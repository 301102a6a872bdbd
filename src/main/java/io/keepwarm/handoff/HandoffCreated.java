package io.keepwarm.handoff;

/** A contact became MQL and was handed off; repId is null while no rep is available. */
public record HandoffCreated(long handoffId, long contactId, Long repId) {}
