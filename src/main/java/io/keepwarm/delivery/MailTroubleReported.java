package io.keepwarm.delivery;

/**
 * The SMTP sender met trouble that only an admin can fix and no message or recipient is to blame for: the mail server
 * cannot be reached or refuses our login or our sender (mail waits until it takes mail again), or refuses to send as a
 * contact owner's address (that owner's mail goes from the account's sender meanwhile). Published once per outage or
 * address, after the outcomes are stored.
 *
 * @param subject one line saying what is wrong
 * @param detail what the server answered, what Keepwarm does meanwhile, and what to change
 */
public record MailTroubleReported(String subject, String detail) {}
