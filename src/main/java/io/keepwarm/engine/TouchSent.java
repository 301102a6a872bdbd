package io.keepwarm.engine;

import io.keepwarm.contact.Channel;

/** A touch left by its channel (the outbox, a call task). */
public record TouchSent(long touchId, long programId, long contactId, Channel channel, Long contentId) {}
