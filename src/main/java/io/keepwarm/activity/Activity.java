package io.keepwarm.activity;

import io.keepwarm.contact.Channel;
import java.time.Instant;

/**
 * One thing a contact did or had done to them.
 *
 * @param channel the channel it happened on, where it has one (a touch or an open)
 * @param target what it was about: the page or link URL, the offer, the form; null where nothing
 */
public record Activity(long contactId, ActivityType type, Instant occurredAt, Channel channel, String target) {}
