package io.keepwarm.activity.web;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.SignedAddresses;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A contact's activity timeline, as the contact page shows it: what a CRM sync or a report reads to see what the person
 * did (replies, visits, forms, calls) and what was sent them, newest first. Our public pages' signed tokens are cut
 * from what it shows (a rep holding one could act as the contact).
 */
@RestController
class TimelineController {

    /**
     * An activity as the timeline shows it.
     *
     * @param properties what the sender told about it (a form's name, a call's note)
     * @param actor who reported it, as the stage history and the audit log name an actor: the user or API key that
     *     sent a call outcome through the events API ("alice", "api-key:dialer"), whom its changes to the contact are
     *     recorded as made by, or the rep who logged the call on its task; null for what the contact did and what
     *     Keepwarm recorded itself
     * @param clientEventId the sender's id of an event that came in through the events API
     */
    record Entry(long id, long contactId, ActivityType type, String customType, Instant occurredAt, Channel channel,
            String target, String flag, Map<String, String> properties, String actor, Instant recordedAt,
            String clientEventId) {}

    private final Activities activities;
    private final Contacts contacts;

    TimelineController(Activities activities, Contacts contacts) {
        this.activities = activities;
        this.contacts = contacts;
    }

    @GetMapping("/api/v1/contacts/{id}/activities")
    Page<Entry> timeline(@PathVariable long id, @RequestParam(required = false) List<ActivityType> type,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Set<ActivityType> types = EnumSet.noneOf(ActivityType.class);
        if (type != null) {
            type.stream().filter(Objects::nonNull).forEach(types::add);
        }
        int size = Cursor.limit(limit);
        contacts.get(id);
        Page<LoggedActivity> page = activities.timeline(id, types, cursor, size);
        return new Page<>(page.items().stream().map(TimelineController::shown).toList(), page.nextCursor());
    }

    private static Entry shown(LoggedActivity a) {
        Map<String, String> properties = new LinkedHashMap<>();
        a.toldProperties().forEach((k, v) -> properties.put(k, SignedAddresses.cut(v)));
        return new Entry(a.id(), a.contactId(), a.type(), a.customType(), a.occurredAt(), a.channel(),
                SignedAddresses.cut(a.target()), a.flag(), properties, a.sentBy(), a.recordedAt(), a.clientEventId());
    }
}
