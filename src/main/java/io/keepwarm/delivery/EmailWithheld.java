package io.keepwarm.delivery;

/**
 * A queued nurture email was not sent, and why, as the touch records it: its contact withdrew email consent after it
 * was queued (CONSENT_WITHDRAWN; a retry or a person's resend can come hours or days later), or its contact was merged
 * into another (CONTACT_MERGED). Published in the transaction that withheld it.
 */
public record EmailWithheld(long messageId, Long touchId, long contactId, String reason) {}
