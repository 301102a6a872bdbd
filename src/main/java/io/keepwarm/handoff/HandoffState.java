package io.keepwarm.handoff;

/** Where a hand-off stands: waiting for the rep, decided either way, or void because the contact moved on. */
public enum HandoffState {
    OPEN,
    ACCEPTED,
    REJECTED,
    /** The contact left MQL some other way (a person moved it) before the rep decided. */
    CANCELLED
}
