package io.keepwarm.lifecycle;

import java.time.Instant;

/** One contact's move from one stage to another, as {@link ContactStagesChanged} tells it. */
public record StageChange(long contactId, Stage from, Stage to, Instant at, String actorType, String actor,
        String reasonCode, String reason) {}
