package io.keepwarm.tracking.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.Reason;
import io.keepwarm.engine.RequestedSends;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Zones;
import io.keepwarm.tracking.CallRequested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The prospect's one-click answers that change something: unsubscribe and accept an offer. Each is recorded at
 * once, in the request's transaction, with the request that made it.
 */
@Service
public class Answers {

    /** The offer key of "have someone call me", which every landing page offers. */
    public static final String CALL_ME = "call-me";

    private final Consents consents;
    private final Contacts contacts;
    private final ContentLibrary content;
    private final Activities activities;
    private final TrackingStore store;
    private final ApplicationEventPublisher events;
    private final RequestedSends requestedSends;
    private final Zones zones;
    private final EvidenceTouches evidenceTouches;
    private final Clock clock;

    Answers(Consents consents, Contacts contacts, ContentLibrary content, Activities activities, TrackingStore store,
            ApplicationEventPublisher events, RequestedSends requestedSends, Zones zones, EvidenceTouches evidenceTouches,
            Clock clock) {
        this.evidenceTouches = evidenceTouches;
        this.zones = zones;
        this.requestedSends = requestedSends;
        this.consents = consents;
        this.contacts = contacts;
        this.content = content;
        this.activities = activities;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Withdraws email consent, with the request as evidence; a contact already unsubscribed is left as is, so a
     * mailbox provider's retry adds nothing to the ledger. Whether this request unsubscribed them. The statement names
     * the email the link came in (the latest of its piece the contact was sent), as the preference centre's does.
     *
     * @param piece the piece of the email the link came in; 0 for a link from before links carried it
     * @param oneClick whether it came as an RFC 8058 one-click POST (from the mail client) or from our page
     */
    @Transactional
    public boolean unsubscribe(long contactId, long piece, Visitor visitor, boolean oneClick) {
        return unsubscribe(contactId, piece, visitor, oneClick, Shown.NO_PAGE);
    }

    /**
     * What the unsubscribe page showed the person who pressed its button: its words as they read them ("Abmelden
     * (Ein Klick, und Sie erhalten keine E-Mails mehr von Acme Cooling.)") and their language ("de"), the ledger's
     * evidence. {@link #NO_PAGE} for a request no page of ours preceded (a mail client's one-click): what it asks,
     * in no language shown.
     */
    public record Shown(String words, String language) {
        public static final Shown NO_PAGE = new Shown("Unsubscribe from all emails", null);
    }

    /** The same, from a page that showed {@code shown}. */
    @Transactional
    public boolean unsubscribe(long contactId, long piece, Visitor visitor, boolean oneClick, Shown shown) {
        String form = oneClick ? "List-Unsubscribe one-click (RFC 8058)" : "unsubscribe page";
        if (!consents.recordIfChanged(contactId, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN,
                "unsubscribe link", new Consents.Evidence(form, TrackingStore.cut(visitor.ip(), 45),
                        shown.words(), evidenceTouches.latestEmailOf(contactId, piece), shown.language())))) {
            return false;
        }
        Instant now = clock.instant();
        activities.record(List.of(new Activity(contactId, ActivityType.UNSUBSCRIBED, now, Channel.EMAIL, form)));
        store.insert(List.of(row(contactId, Tracked.Kind.UNSUBSCRIBE, null, visitor, now)));
        return true;
    }

    /** The day, in the contact's zone, since which they get no email from us (they withdrew consent); empty if not. */
    public Optional<LocalDate> unsubscribedSince(long contactId) {
        Consents.Current email = consents.current(contactId).get(Channel.EMAIL);
        return email.state() == ConsentState.WITHDRAWN ? Optional.of(day(contactId, email.since())) : Optional.empty();
    }

    /** The day of an instant as the contact lives it. */
    LocalDate day(long contactId, Instant at) {
        Contact contact = contacts.get(contactId);
        return at.atZone(zones.ofContact(contact.timeZone(), contact.country())).toLocalDate();
    }

    /** The contact's first name for a greeting (nothing else of theirs is shown on public pages), or null. */
    public Optional<String> firstName(long contactId) {
        Contact contact = contacts.get(contactId);
        return Optional.ofNullable(contact.firstName()).filter(n -> !n.isBlank());
    }

    /** The topics as people read them ("HPC", not the key "hpc"), in the order given. */
    public List<String> topicNames(List<String> topics) {
        return List.copyOf(content.topicNames(topics).values());
    }

    /** The piece behind a landing page, while it is not deleted. */
    public ContentItem piece(long contentId) {
        return content.find(contentId).orElseThrow(() -> NotFoundException.of("Content item", contentId));
    }

    /**
     * Records that the contact accepted the piece's offer, or asked to be called (offer key {@link #CALL_ME}): an
     * OFFER_ACCEPTED activity whose target is the offer key, for triggers and segments ({@code accepted("key")}); a
     * call asked for is told to sales as well ({@link CallRequested}). The same offer of the same piece taken again
     * within a day (a second click, a reload of the page that answered the first) is the same acceptance and records
     * nothing: a rep would otherwise be handed the same lead twice; the answer then says what the first did, and when
     * ({@link #earlier}). Only a piece that was withheld is tried again, and only when it would go now
     * ({@link #withheldNow}): the contact may have been let back in since (they subscribed again from their
     * preferences), and asking once more is all they can do. A piece that failed to render is not: it would fail again.
     * An offer that names a piece to send ("send me the white paper") sends it at once, under the same consent,
     * do-not-contact and suppression gates as any touch ({@link RequestedSends}); an offer that names none is recorded
     * only, as before.
     */
    @Transactional
    public Acceptance accept(long contactId, ContentItem piece, String offerKey, Visitor visitor) {
        boolean known = offerKey != null && CALL_ME.equals(offerKey)
                || (piece.offer() != null && piece.offer().key().equals(offerKey));
        if (!known) {
            throw new NotFoundException("This page offers no '" + offerKey + "'");
        }
        contacts.lock(contactId);
        Instant now = clock.instant();
        Long sends = sends(piece, offerKey);
        Optional<Acceptance> earlier = earlier(contactId, piece, offerKey);
        if (earlier.isPresent()) {
            // A stale page or a forged form may press "Send it again" while the piece would still be withheld, or
            // after it failed to render: the answer is the first press's, and no further touch is recorded.
            if (earlier.get().outcome() != Accepted.WITHHELD || withheldNow(contactId).isPresent()) {
                return earlier.get();
            }
            return requestedSends.send(contactId, sends).map(outcome -> accepted(outcome.result()))
                    .filter(again -> again != Accepted.WITHHELD).map(again -> new Acceptance(again, null))
                    .orElse(earlier.get());
        }
        activities.record(List.of(new Activity(contactId, ActivityType.OFFER_ACCEPTED, now, null, offerKey)));
        store.insert(List.of(row(contactId, Tracked.Kind.OFFER_ACCEPTED, taken(piece, offerKey), visitor, now)));
        if (CALL_ME.equals(offerKey)) {
            events.publishEvent(new CallRequested(contactId, piece.id(), piece.name(), now));
            return new Acceptance(Accepted.RECORDED, null);
        }
        if (sends == null) {
            return new Acceptance(Accepted.RECORDED, null);
        }
        return new Acceptance(requestedSends.send(contactId, sends).map(outcome -> accepted(outcome.result()))
                .orElse(Accepted.RECORDED), null);
    }

    private static Accepted accepted(RequestedSends.Result result) {
        return switch (result) {
            case SENT -> Accepted.SENT;
            case WITHHELD -> Accepted.WITHHELD;
            case UNRENDERABLE -> Accepted.FAILED;
        };
    }

    /**
     * Why a piece the contact asks for would be withheld from them now (the gates {@link RequestedSends} sends
     * under); empty when it would go.
     */
    @Transactional(readOnly = true)
    public Optional<Reason> withheldNow(long contactId) {
        return requestedSends.withheld(contactId);
    }

    /**
     * The contact's acceptance of this offer of the piece within the last day, if any: what it did (for a piece sent,
     * what became of the latest try) and the day it was taken. The landing page opened again says so, in the words a
     * second press gets.
     */
    @Transactional(readOnly = true)
    public Optional<Acceptance> earlier(long contactId, ContentItem piece, String offerKey) {
        Long sends = sends(piece, offerKey);
        return store.firstSince(contactId, Tracked.Kind.OFFER_ACCEPTED, taken(piece, offerKey),
                clock.instant().minus(Duration.ofDays(1))).map(at -> new Acceptance(sends == null ? Accepted.RECORDED
                        : requestedSends.resultSince(contactId, sends, at).map(Answers::accepted)
                                .orElse(Accepted.RECORDED),
                        day(contactId, at)));
    }

    private static Long sends(ContentItem piece, String offerKey) {
        return CALL_ME.equals(offerKey) || piece.offer() == null ? null : piece.offer().sends();
    }

    private static String taken(ContentItem piece, String offerKey) {
        return "content:" + piece.id() + " offer:" + offerKey;
    }

    /**
     * What accepting did: recorded only (a call asked for, an offer that sends nothing, or a piece that cannot go to
     * anyone now), or its piece SENT at once, WITHHELD (no email may go to the contact), or FAILED (the piece could not
     * be filled in for them: our fault, not their settings, and pressing again would fail the same way).
     */
    public enum Accepted { RECORDED, SENT, WITHHELD, FAILED }

    /**
     * The answer to taking an offer: what it did, or, for one taken again within the day, what the first did and the
     * day it was taken (in the contact's zone); null when this was the first.
     */
    public record Acceptance(Accepted outcome, LocalDate earlierOn) {}

    static TrackingStore.Row row(long contactId, Tracked.Kind kind, String url, Visitor visitor, Instant at) {
        return new TrackingStore.Row(contactId, new Tracked(kind, null, contactId, null, url, visitor.userAgent(),
                visitor.referrer(), visitor.ip(), null, at), null);
    }
}
