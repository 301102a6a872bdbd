package io.keepwarm.contact;

/** Whether a contact can still be reached at all (seed 000, step 1: which cards are still valid). */
public enum Validity {
    VALID,
    BOUNCED,
    UNREACHABLE,
    LEFT_COMPANY
}
