package io.keepwarm.analytics;

import io.keepwarm.lifecycle.Stage;
import java.time.Instant;

/** A contact's move back into nurture (to NURTURE or RECYCLED from a later stage), as "recycled back" counts them. */
public record MovedBack(long contactId, Stage from, Stage to, Instant at) {}
