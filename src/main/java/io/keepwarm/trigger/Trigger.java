package io.keepwarm.trigger;

import io.keepwarm.segment.Rule;
import java.time.Instant;
import java.util.List;

/**
 * "When X, if Y, do Z": a trigger.
 *
 * @param condition the rule the contact must match when the cue comes (segment text syntax); null for always
 * @param webhookSecret the secret its webhook calls are signed with; null when it calls none
 * @param listeningSince when it began listening for its cue as it now is (created, resumed, or its "when" changed);
 *     a "days since" trigger fires for the days that come from a week before then on, not for the whole history
 */
public record Trigger(long id, String name, String description, Status status, Cue when, Rule condition,
        List<Action> actions, String webhookSecret, String createdBy, Instant createdAt, Instant updatedAt,
        Instant listeningSince) {

    /** Whether a trigger listens. A paused one keeps its history. */
    public enum Status { ACTIVE, PAUSED }

    public Trigger {
        actions = List.copyOf(actions);
    }

    /** What a person gives to create or change a trigger; condition is in the segment rules' text syntax. */
    public record Draft(String name, String description, Status status, Cue when, String condition,
            List<Action> actions) {

        public Draft {
            actions = actions == null ? List.of() : actions;
        }
    }
}
