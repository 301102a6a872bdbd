package io.keepwarm.delivery;

/**
 * A queued nurture email was not sent: its contact withdrew email consent after it was queued (a retry or a
 * person's resend can come hours or days later). Published in the transaction that withheld it.
 */
public record EmailWithheld(long messageId, Long touchId, long contactId) {}
