package io.keepwarm.lifecycle;

import java.time.Instant;

/** A contact moved from one stage to another; published in the transaction that moved it. */
public record ContactStageChanged(long contactId, Stage from, Stage to, Instant at, String actorType, String actor,
        String reasonCode, String reason) {}
