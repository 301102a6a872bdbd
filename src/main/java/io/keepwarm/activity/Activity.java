package io.keepwarm.activity;

import io.keepwarm.contact.Channel;
import java.time.Instant;

/**
 * One thing a contact did or had done to them.
 *
 * @param channel the channel it happened on, where it has one (a touch or an open)
 * @param target what it was about: the page or link URL, the offer, the form; null where nothing
 * @param flag why it was probably a machine and not the contact (a mail-privacy proxy fetching the pixel, a link
 *     scanner); null for a person. Flagged activity is kept but counts as no engagement
 * @param touchId the touch whose message it was in (an open or a click our tracking saw); null where unknown, so that
 *     a message opened and clicked in counts once as opened
 */
public record Activity(long contactId, ActivityType type, Instant occurredAt, Channel channel, String target,
        String flag, Long touchId) {

    public Activity(long contactId, ActivityType type, Instant occurredAt, Channel channel, String target, String flag) {
        this(contactId, type, occurredAt, channel, target, flag, null);
    }

    /** An activity of the contact themselves (not flagged). */
    public Activity(long contactId, ActivityType type, Instant occurredAt, Channel channel, String target) {
        this(contactId, type, occurredAt, channel, target, null);
    }
}
