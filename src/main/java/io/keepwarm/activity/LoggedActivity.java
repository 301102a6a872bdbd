package io.keepwarm.activity;

import io.keepwarm.contact.Channel;
import java.time.Instant;
import java.util.Map;

/**
 * An activity as the log holds it, for the work that follows the log.
 *
 * @param customType the account's own name of the event when type is {@link ActivityType#CUSTOM}, else null
 * @param flag why it was probably a machine (see {@link Activity}); null for a person
 * @param properties what the sender told about the event (a form's name, a call's outcome), possibly empty
 * @param recordedAt when Keepwarm logged it: long after occurredAt for a backfill or a late sync
 * @param clientEventId the sender's id of an event that came in through the events API; null for what Keepwarm
 *     logged itself (a sent touch, a rep's call logged on its task)
 */
public record LoggedActivity(long id, long contactId, ActivityType type, String customType, Instant occurredAt,
        Channel channel, String target, String flag, Map<String, String> properties, Instant recordedAt,
        String clientEventId) {

    /**
     * The user or API key that sent a call outcome through the events API ("alice", "api-key:dialer"), whom the changes
     * it made to the contact are recorded as made by, or who logged the call on its task ({@link Events#SENT_BY},
     * which Keepwarm adds); null for anything else, and for a call logged on a task before it was kept.
     */
    public String sentBy() {
        return type == ActivityType.CALL_OUTCOME ? properties.get(Events.SENT_BY) : null;
    }

    /** What the sender told about the event: its properties without the sender Keepwarm adds ({@link #sentBy}). */
    public Map<String, String> toldProperties() {
        if (sentBy() == null) {
            return properties;
        }
        Map<String, String> told = new java.util.LinkedHashMap<>(properties);
        told.remove(Events.SENT_BY);
        return told;
    }

    /** Whether the contact did this themselves: an engagement type, not flagged as a machine's. */
    public boolean engagement() {
        return type.engagement() && flag == null;
    }
}
