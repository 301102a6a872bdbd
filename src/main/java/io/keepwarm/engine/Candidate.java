package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A planned touch as the pressure policy sees it.
 *
 * @param nurture whether it is a nurture send (marketing), which needs granted email consent by default
 * @param staleAfter how long after {@code plannedAt} the touch may still go; null for no limit
 * @param plannedAt when the touch was due
 */
public record Candidate(long contactId, Channel channel, boolean nurture, Duration staleAfter, Instant plannedAt) {

    public Candidate {
        Objects.requireNonNull(channel);
        Objects.requireNonNull(plannedAt);
    }

    /** The last moment the touch may go, or null for never stale. */
    public Instant staleAt() {
        return staleAfter == null ? null : plannedAt.plus(staleAfter);
    }
}
