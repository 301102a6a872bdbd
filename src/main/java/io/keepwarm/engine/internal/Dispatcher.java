package io.keepwarm.engine.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.LinkSource;
import io.keepwarm.content.Links;
import io.keepwarm.content.Rendered;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.engine.Candidate;
import io.keepwarm.engine.Decision;
import io.keepwarm.engine.Pressure;
import io.keepwarm.engine.Touch;
import io.keepwarm.engine.TouchSent;
import io.keepwarm.engine.TouchSuppressed;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Programs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Sends one batch of due touches, inside the caller's transaction: locks the contacts, asks the pressure policy
 * about every touch at once (consent, do-not-contact, suppression, validity, caps, quiet hours, as they are now),
 * renders what may go, hands it to its channel and marks it sent; defers or suppresses the rest with a reason.
 */
@Component
public class Dispatcher {

    /** What one batch did. */
    public enum Outcome { SENT, DEFERRED, SUPPRESSED, FAILED }

    private final TouchStore touches;
    private final Programs programs;
    private final Enrollments enrollments;
    private final Contacts contacts;
    private final Pressure pressure;
    private final ContentLibrary content;
    private final LinkSource links;
    private final Delivery delivery;
    private final Activities activities;
    private final Users users;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Dispatcher(TouchStore touches, Programs programs, Enrollments enrollments, Contacts contacts, Pressure pressure,
            ContentLibrary content, LinkSource links, Delivery delivery, Activities activities, Users users,
            ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.touches = touches;
        this.programs = programs;
        this.enrollments = enrollments;
        this.contacts = contacts;
        this.pressure = pressure;
        this.content = content;
        this.links = links;
        this.delivery = delivery;
        this.activities = activities;
        this.events = events;
        this.clock = clock;
    }

    /** Sends one batch; an empty map when nothing was due. */
    public Map<Outcome, Integer> sendBatch(int limit) {
        Instant now = clock.instant();
        Map<Long, Integer> priorities = programs.activePriorities();
        List<Touch> due = new ArrayList<>(touches.claimPlanned(now, List.copyOf(priorities.keySet()), limit));
        // The policy spends each contact's budget in the order it is asked: higher-priority programs ask first.
        due.sort(java.util.Comparator.comparing((Touch t) -> priorities.get(t.programId())).thenComparing(Touch::dueAt));
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        if (due.isEmpty()) {
            return outcomes;
        }
        contacts.lockForSending(due.stream().map(Touch::contactId).distinct().toList());
        Set<Long> stopped = enrollments.stopped(due.stream().map(Touch::enrollmentId).distinct().toList());
        List<Touch> toDecide = new ArrayList<>();
        for (Touch touch : due) {
            if (stopped.contains(touch.enrollmentId())) {
                outcomes.merge(suppress(touch, "ENROLLMENT_ENDED"), 1, Integer::sum);
            } else if (touch.kind() == Touch.Kind.TASK) {
                outcomes.merge(task(touch, now), 1, Integer::sum);
            } else {
                toDecide.add(touch);
            }
        }
        List<Decision> decisions = pressure.decide(toDecide.stream().map(Dispatcher::candidate).toList(), now);
        List<Activity> sent = new ArrayList<>();
        List<Outgoing> outgoing = new ArrayList<>();
        Map<Long, Contact> people = contacts.getAll(toDecide.stream().map(Touch::contactId).distinct().toList());
        Map<Long, java.util.Optional<ContentItem>> pieces = new java.util.HashMap<>();
        Map<Long, Boolean> asOwner = new java.util.HashMap<>();
        // A batch's contacts share a few owners (the reps): each is looked up once, not once per message.
        Map<Long, java.util.Optional<User>> owners = new java.util.HashMap<>();
        for (int i = 0; i < toDecide.size(); i++) {
            Touch touch = toDecide.get(i);
            Outcome outcome = switch (decisions.get(i)) {
                case Decision.Send send -> send(touch, people.get(touch.contactId()), piece(pieces, touch.contentId()), now,
                        asOwner.computeIfAbsent(touch.programId(), id -> programs.get(id).sendAsOwner()), owners, outgoing,
                        sent);
                case Decision.Defer defer -> {
                    touches.defer(touch.id(), defer.until(), defer.reason().name());
                    yield Outcome.DEFERRED;
                }
                case Decision.Suppress suppress -> suppress(touch, suppress.reason().name());
            };
            outcomes.merge(outcome, 1, Integer::sum);
        }
        delivery.sendAll(outgoing);
        touches.sentAll(outgoing.stream().map(Outgoing::touchId).toList(), now);
        activities.record(sent);
        return outcomes;
    }

    private java.util.Optional<ContentItem> piece(Map<Long, java.util.Optional<ContentItem>> pieces, Long id) {
        return id == null ? java.util.Optional.empty() : pieces.computeIfAbsent(id, content::find);
    }

    private Outcome send(Touch touch, Contact contact, java.util.Optional<ContentItem> piece, Instant now,
            boolean asOwner, Map<Long, java.util.Optional<User>> owners, List<Outgoing> outgoing, List<Activity> sent) {
        Rendered rendered;
        Links contactLinks;
        try {
            ContentItem item = piece.orElseThrow();
            contactLinks = links.linksFor(item, touch.contactId());
            User owner = contact.ownerId() == null ? null
                    : owners.computeIfAbsent(contact.ownerId(), users::find).orElse(null);
            rendered = content.render(item, contact, owner, touch.channel(), contactLinks);
        } catch (RuntimeException unrenderable) {
            // A piece retired, deleted or without this channel's variant since planning: nothing goes out.
            touches.end(touch.id(), Touch.State.FAILED, "UNRENDERABLE");
            return Outcome.FAILED;
        }
        outgoing.add(touch.channel() == Channel.PHONE
                ? new Outgoing.CallTask(touch.id(), touch.contactId(), contact.ownerId(),
                        touch.kind() == Touch.Kind.READINESS ? TaskKind.READINESS_CHECK : TaskKind.CALL, rendered.script(), null)
                : new Outgoing.Email(touch.id(), touch.contactId(), contact.email(), rendered.subject(), rendered.html(),
                        rendered.text(), asOwner ? contact.ownerId() : null, contactLinks.unsubscribeUrl(),
                        contactLinks.preferencesUrl()));
        sent.add(new Activity(touch.contactId(), ActivityType.TOUCH_SENT, now, touch.channel(), "touch:" + touch.id()));
        events.publishEvent(new TouchSent(touch.id(), touch.programId(), touch.contactId(), touch.channel(), touch.contentId()));
        return Outcome.SENT;
    }

    /** A task for the owner is work for the rep, not a message to the contact: no budget, no consent needed. */
    private Outcome task(Touch touch, Instant now) {
        Contact contact = contacts.get(touch.contactId());
        delivery.send(new Outgoing.CallTask(touch.id(), touch.contactId(), contact.ownerId(), TaskKind.FOLLOW_UP, null,
                touch.note()));
        touches.sent(touch.id(), now);
        events.publishEvent(new TouchSent(touch.id(), touch.programId(), touch.contactId(), null, null));
        return Outcome.SENT;
    }

    private Outcome suppress(Touch touch, String reason) {
        touches.end(touch.id(), Touch.State.SUPPRESSED, reason);
        events.publishEvent(new TouchSuppressed(touch.id(), touch.programId(), touch.contactId(), reason));
        return Outcome.SUPPRESSED;
    }

    private static Candidate candidate(Touch touch) {
        return new Candidate(touch.contactId(), touch.channel(), true,
                Duration.between(touch.plannedAt(), touch.staleAt()), touch.plannedAt());
    }
}
