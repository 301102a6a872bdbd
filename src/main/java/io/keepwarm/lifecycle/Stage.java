package io.keepwarm.lifecycle;

/** Where a contact stands in the funnel; the last four are off-ramps that may lead back to nurture. */
public enum Stage {
    NEW,
    NURTURE,
    MQL,
    SQL,
    OPPORTUNITY,
    CUSTOMER,
    RECYCLED,
    LOST,
    DISQUALIFIED,
    DORMANT
}
