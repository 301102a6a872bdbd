package io.keepwarm.delivery;

import java.time.Instant;

/**
 * A contact answered one of our emails, in the reply mailbox: a person should answer them. Not published for an
 * automatic reply (out of office, vacation). Published in the transaction that records the reply.
 *
 * @param from the address the reply came from, as it says
 * @param subject the reply's subject, at most 300 characters
 * @param snippet the start of what they wrote, without the quoted message, at most 500 characters; null when the
 *     reply has no text
 */
public record ReplyReceived(long contactId, Long touchId, String from, String subject, String snippet,
        Instant receivedAt) {}
