package io.keepwarm.delivery;

/**
 * An email that could not be delivered for good: a permanent SMTP refusal, or too many transient ones.
 * {@code bounced} says the receiving server reported that the address does not exist. {@code touchId} is null for a
 * transactional message.
 */
public record EmailFailed(long messageId, Long touchId, long contactId, String reason, boolean bounced) {}
