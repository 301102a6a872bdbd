package io.keepwarm.engine;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.LinkSource;
import io.keepwarm.content.Links;
import io.keepwarm.content.Rendered;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.engine.internal.PolicyStore;
import io.keepwarm.engine.internal.TouchStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A piece the contact has just asked for ("send me the white paper" on a landing page), sent at once rather than at
 * the next tick: as a touch of no program, so it is on their timeline, counts under the caps for what comes after, and
 * is never sent again by a stream. It answers the contact's own request, so caps and quiet hours do not hold it, nor
 * does consent left unknown; withdrawn consent, do-not-contact, the suppression list and a bounced address do, in
 * the same transaction as the send.
 */
@Service
public class RequestedSends {

    /**
     * What became of a request: its piece SENT, WITHHELD by a gate (which may lift: see {@link #withheld}), or
     * UNRENDERABLE, the piece could not be filled in for the contact, so asking again fails the same way until
     * someone of ours fixes the piece or the contact's data.
     */
    public enum Result { SENT, WITHHELD, UNRENDERABLE }

    /** What became of the request: the touch, and the gate's reason when withheld. */
    public record Outcome(long touchId, Result result, Reason withheld) {}

    /** The reason of a requested touch whose piece could not be rendered for its contact, as the sender writes it. */
    private static final String UNRENDERABLE = "UNRENDERABLE";

    private final Contacts contacts;
    private final ContentLibrary library;
    private final LinkSource links;
    private final Pressure pressure;
    private final PolicyStore policy;
    private final TouchStore touches;
    private final Delivery delivery;
    private final Activities activities;
    private final Clock clock;

    private final RenderFailures renderFailures;

    RequestedSends(Contacts contacts, ContentLibrary library, LinkSource links, Pressure pressure, PolicyStore policy,
            TouchStore touches, Delivery delivery, Activities activities, RenderFailures renderFailures, Clock clock) {
        this.renderFailures = renderFailures;
        this.contacts = contacts;
        this.library = library;
        this.links = links;
        this.pressure = pressure;
        this.policy = policy;
        this.touches = touches;
        this.delivery = delivery;
        this.activities = activities;
        this.clock = clock;
    }

    /**
     * What became of the latest request of the piece at or after the instant: empty when nothing was recorded then
     * (the piece could not go to anyone). A message that left and failed later (a bounce) counts as withheld: the
     * gates say whether it would go now.
     */
    public Optional<Result> resultSince(long contactId, long contentId, Instant since) {
        return touches.requestedSince(contactId, contentId, since).map(touch -> switch (touch.state()) {
            case SENT -> Result.SENT;
            case FAILED -> UNRENDERABLE.equals(touch.reason()) ? Result.UNRENDERABLE : Result.WITHHELD;
            default -> Result.WITHHELD;
        });
    }

    /**
     * Why a piece the contact asked for would be withheld from them if sent now, by the gates {@link #send} applies;
     * empty when it would go. A landing page offers to send a withheld piece again only when this is empty.
     */
    @Transactional(readOnly = true)
    public Optional<Reason> withheld(long contactId) {
        return Optional.ofNullable(refusal(contacts.get(contactId), clock.instant()));
    }

    /** The gate that refuses a requested email to the contact at {@code now}, or null when none does. */
    private Reason refusal(Contact contact, Instant now) {
        Pressure.Inputs inputs = pressure.inputs(List.of(contact.id()), now).get(contact.id());
        // Not a nurture email: the contact asked for it, so it needs no consent granted beforehand, only none withdrawn.
        Reason refused = PressurePolicy.gateOnly(new Candidate(contact.id(), Channel.EMAIL, false, Duration.ZERO, now),
                inputs.facts(), policy.load());
        if (refused == Reason.WRONG_CHANNEL) {
            refused = null; // they asked for it by email, whatever channel they prefer for the rest
        }
        return refused == null && contact.email() == null ? Reason.INVALID_ADDRESS : refused;
    }

    /**
     * Sends the piece to the contact now if the gates let it, else records the touch withheld with the gate's reason;
     * one the piece cannot be rendered for is recorded failed, UNRENDERABLE. Empty when the piece cannot go to anyone
     * (not live, expired, or no email version): nothing is recorded.
     */
    @Transactional
    public Optional<Outcome> send(long contactId, long contentId) {
        Optional<ContentItem> piece = library.find(contentId).filter(p -> p.status() == ContentStatus.LIVE
                && p.variants().email() != null && !p.expiredBy(clock.instant()));
        if (piece.isEmpty()) {
            return Optional.empty();
        }
        contacts.lockForSending(List.of(contactId));
        Contact contact = contacts.get(contactId);
        Instant now = clock.instant();
        Reason refused = refusal(contact, now);
        if (refused != null) {
            return Optional.of(new Outcome(touches.insertRequested(contactId, contentId, Touch.State.SUPPRESSED,
                    refused.name(), now), Result.WITHHELD, refused));
        }
        Links contactLinks = links.linksFor(piece.get(), contactId);
        Rendered rendered;
        try {
            rendered = library.render(piece.get(), contact, Channel.EMAIL, contactLinks);
        } catch (RuntimeException unrenderable) {
            // As the sender: a piece that cannot be rendered for this contact fails, and the acceptance still stands;
            // its author hears of the cause once.
            String cause = RenderFailures.cause(piece.get(), Channel.EMAIL, unrenderable);
            renderFailures.record(piece.get(), 0, cause, 1);
            return Optional.of(new Outcome(touches.insertRequested(contactId, contentId, Touch.State.FAILED,
                    UNRENDERABLE, cause, now), Result.UNRENDERABLE, null));
        }
        long touchId = touches.insertRequested(contactId, contentId, Touch.State.SENT, null, now);
        delivery.sendAtOnce(new Outgoing.Email(touchId, contactId, contact.email(), rendered.subject(), rendered.html(),
                rendered.text(), null, contactLinks.unsubscribeUrl(), contactLinks.preferencesUrl(), null,
                rendered.language()));
        activities.record(List.of(new Activity(contactId, ActivityType.TOUCH_SENT, now, Channel.EMAIL, "touch:" + touchId)));
        return Optional.of(new Outcome(touchId, Result.SENT, null));
    }
}
