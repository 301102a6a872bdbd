package io.keepwarm.delivery;

/**
 * A queued email was not sent, and why, as the touch records it: what the pressure policy would refuse changed after it
 * was queued (SUPPRESSED, CONSENT_WITHDRAWN, DO_NOT_CONTACT, INVALID_ADDRESS; a retry or a person's resend can come
 * hours or days later), or its contact was merged into another (CONTACT_MERGED), or a program's email waited in the
 * queue past its touch's stale time (STALE), or would wait past it for the contact's allowed hours. {@code touchId} is
 * null for a confirmation email. Published in the transaction that withheld it.
 */
public record EmailWithheld(long messageId, Long touchId, long contactId, String reason) {}
