package io.keepwarm.activity.web;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.SignedAddresses;
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

    private final Activities activities;
    private final Contacts contacts;

    TimelineController(Activities activities, Contacts contacts) {
        this.activities = activities;
        this.contacts = contacts;
    }

    @GetMapping("/api/v1/contacts/{id}/activities")
    Page<LoggedActivity> timeline(@PathVariable long id, @RequestParam(required = false) List<ActivityType> type,
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

    private static LoggedActivity shown(LoggedActivity a) {
        Map<String, String> properties = new LinkedHashMap<>();
        a.properties().forEach((k, v) -> properties.put(k, SignedAddresses.cut(v)));
        return new LoggedActivity(a.id(), a.contactId(), a.type(), a.customType(), a.occurredAt(), a.channel(),
                SignedAddresses.cut(a.target()), a.flag(), properties, a.recordedAt(), a.clientEventId());
    }
}
