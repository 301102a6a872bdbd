package io.keepwarm.tracking.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.RepEdits;
import io.keepwarm.contact.Validity;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Notifications;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.HtmlUtils;

/**
 * Double opt-in: a confirmation email with a signed link goes out at once; consent becomes GRANTED only when the
 * person confirms on the page behind it, with the question's text, their address and the form as evidence.
 */
@Service
public class OptIns {

    /** The messages key of the question asked when the person asking gives none, in each language the pages speak. */
    static final String DEFAULT_QUESTION = "confirm.defaultQuestion";
    static final int MAX_TEXT = 2000;

    /** A sent request: its id, where the confirmation went and until when its link confirms. */
    public record Requested(long requestId, long contactId, String sentTo, Instant validUntil) {}

    /**
     * How long a confirmation link works, and so how long a contact waits before being asked again: long enough to
     * find the email after a holiday, short enough that "ask again" cannot become a drip.
     */
    static final Duration VALID_FOR = Duration.ofDays(7);
    /** Said in the email, so a person who opens it a week later knows why its page has no button. */
    static final String LINK_WORKS = "The link works for " + VALID_FOR.toDays() + " days.";

    private final Contacts contacts;
    private final Consents consents;
    private final Delivery delivery;
    private final Notifications mail;
    private final SignedLinks links;
    private final TrackingStore store;
    private final Clock clock;
    private final RepEdits repEdits;
    private final MessageSource messages;

    OptIns(Contacts contacts, Consents consents, Delivery delivery, Notifications mail, SignedLinks links,
            TrackingStore store, Clock clock, RepEdits repEdits, MessageSource messages) {
        this.repEdits = repEdits;
        this.messages = messages;
        this.contacts = contacts;
        this.consents = consents;
        this.delivery = delivery;
        this.mail = mail;
        this.links = links;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Stores the request and sends the confirmation email as soon as this transaction commits. Refused (409) for an
     * address we may not write to, a contact whose email consent is already settled, and while an earlier request
     * still waits for an answer: the confirmation is one honest question, not a way around "stop". A rep asks only
     * contacts they may change (403 for another rep's): the email goes from the company's address with the rep's words
     * in it, and it is the owner's to decide what their contact is sent.
     */
    @Transactional
    public Requested request(long contactId, String text) {
        boolean byDefault = text == null || text.isBlank();
        // The email is in English: it quotes the default question so; the page words it in the language it speaks.
        String question = byDefault ? defaultQuestion(Locale.ENGLISH) : text.strip();
        if (question.length() > MAX_TEXT) {
            throw new InvalidInputException("The opt-in text is too long",
                    List.of(new FieldError("text", "must have at most " + MAX_TEXT + " characters")));
        }
        repEdits.checkMayChange(contactId);
        // Two requests at once: the second waits here and then sees the first as pending.
        contacts.lock(contactId);
        Contact contact = contacts.get(contactId);
        Instant now = clock.instant();
        mayAsk(contact, now);
        long id = store.createOptIn(contactId, question, byDefault, now, Actors.current());
        String url = links.optInUrl(contactId, id);
        String hello = contact.firstName() == null || contact.firstName().isBlank() ? "Hello" : "Hello " + contact.firstName();
        String html = "<p>" + HtmlUtils.htmlEscape(hello) + ",</p><p>Please confirm: “" + HtmlUtils.htmlEscape(question)
                + "”</p><p><a href=\"" + HtmlUtils.htmlEscape(url) + "\">Confirm</a></p>"
                + "<p>" + LINK_WORKS + " If you did not ask for this, ignore this email and nothing happens.</p>";
        String plain = hello + ",\n\nPlease confirm: \"" + question + "\"\n\n" + url
                + "\n\n" + LINK_WORKS + " If you did not ask for this, ignore this email and nothing happens.\n";
        // The subject names who asks: a bare "Please confirm" in an inbox reads like phishing, and the page it leads
        // to says the same words.
        delivery.sendNow(new io.keepwarm.delivery.Transactional(contactId, contact.email(),
                "Please confirm: emails from " + mail.transport().fromName(), html, plain));
        return new Requested(id, contactId, contact.email(), now.plus(VALID_FOR));
    }

    /** Whether a confirmation request may go to the contact now; a refusal names why. */
    private void mayAsk(Contact contact, Instant now) {
        String who = "Contact " + contact.id();
        if (contact.email() == null || contact.email().isBlank()) {
            throw new ConflictException(who + " has no email address to send a confirmation to");
        }
        Contacts.Reachability reach = contacts.reachability(List.of(contact.id())).getFirst();
        if (reach.suppressed()) {
            throw new ConflictException(who + "'s address is on the suppression list; nothing is sent to it");
        }
        if (reach.doNotContact().contains(Channel.EMAIL)) {
            throw new ConflictException(who + " is marked do-not-contact by email; nothing is sent to them");
        }
        if (reach.validity() != Validity.VALID) {
            throw new ConflictException(who + (switch (reach.validity()) {
                case BOUNCED -> "'s address bounced";
                case LEFT_COMPANY -> " has left their company";
                default -> " cannot be reached at their address";
            }) + "; correct the address before asking them to confirm it");
        }
        Consents.Current consent = consents.current(contact.id()).get(Channel.EMAIL);
        if (consent.state() == ConsentState.WITHDRAWN) {
            throw new ConflictException(who + " withdrew email consent on " + day(consent.since()) + " (" + consent.source()
                    + "); only they can give it again, through the preference centre linked from every email they had");
        }
        if (consent.state() == ConsentState.GRANTED) {
            throw new ConflictException(who + " already granted email consent on " + day(consent.since()) + " ("
                    + consent.source() + "); there is nothing to confirm");
        }
        store.pendingOptIn(contact.id(), now.minus(VALID_FOR)).ifPresent(pending -> {
            throw new ConflictException(("A confirmation request was sent to %s on %s and stays valid until %s; ask"
                    + " them to look for it (and in their spam folder) before sending another").formatted(
                            contact.email(), MINUTE.format(pending.requestedAt()), MINUTE.format(pending.requestedAt().plus(VALID_FOR))),
                    Map.of("requestedAt", pending.requestedAt(), "validUntil", pending.requestedAt().plus(VALID_FOR)));
        });
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** Whether the request's link still confirms: unconfirmed requests lapse, so a new one may be sent. */
    public boolean expired(TrackingStore.OptIn request) {
        return request.confirmedAt() == null && !clock.instant().isBefore(request.requestedAt().plus(VALID_FOR));
    }

    /** The question a confirmation page shows, for a request of this contact. */
    public TrackingStore.OptIn pending(long contactId, long requestId) {
        return store.optIn(requestId).filter(r -> r.contactId() == contactId)
                .orElseThrow(() -> new NotFoundException("This confirmation link is not known"));
    }

    /**
     * The question as a confirmation page in {@code shownIn} words it: the asker's own words as they wrote them, the
     * default question in the page's language.
     */
    public String question(TrackingStore.OptIn request, Locale shownIn) {
        return request.defaultQuestion() ? defaultQuestion(shownIn) : request.text();
    }

    private String defaultQuestion(Locale locale) {
        return messages.getMessage(DEFAULT_QUESTION, null, locale);
    }

    /**
     * Grants email consent with the evidence: the question in the words of the confirmation page, shown in
     * {@code shownIn}, and that language, which the ledger keeps beside them. A second confirmation of the same
     * request, and one after the request lapsed, change nothing.
     */
    @Transactional
    public void confirm(long contactId, long requestId, Visitor visitor, Locale shownIn) {
        TrackingStore.OptIn request = pending(contactId, requestId);
        Instant now = clock.instant();
        if (expired(request) || !store.confirmOptIn(request.id(), now, visitor.ip())) {
            return;
        }
        consents.record(contactId, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "double opt-in",
                new Consents.Evidence("double opt-in confirmation page", TrackingStore.cut(visitor.ip(), 45),
                        question(request, shownIn), null, shownIn.getLanguage())));
        store.insert(List.of(Answers.row(contactId, Tracked.Kind.OPT_IN_CONFIRMED, null, visitor, now)));
    }
}
