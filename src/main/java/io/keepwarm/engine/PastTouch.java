package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import java.time.Instant;

/** A touch already sent to the contact, from any program: what the caps count. */
public record PastTouch(Channel channel, Instant sentAt) {}
