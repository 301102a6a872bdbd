package io.keepwarm.tracking.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.HtmlUtils;

/**
 * Double opt-in: a confirmation email with a signed link goes out at once; consent becomes GRANTED only when the
 * person confirms on the page behind it, with the question's text, their address and the form as evidence.
 */
@Service
public class OptIns {

    public static final String DEFAULT_TEXT =
            "Yes, send me useful content by email now and then. I can unsubscribe with one click at any time.";
    static final int MAX_TEXT = 2000;

    /** A sent request: its id and where the confirmation went. */
    public record Requested(long requestId, long contactId, String sentTo) {}

    private final Contacts contacts;
    private final Consents consents;
    private final Delivery delivery;
    private final SignedLinks links;
    private final TrackingStore store;
    private final Clock clock;

    OptIns(Contacts contacts, Consents consents, Delivery delivery, SignedLinks links, TrackingStore store,
            Clock clock) {
        this.contacts = contacts;
        this.consents = consents;
        this.delivery = delivery;
        this.links = links;
        this.store = store;
        this.clock = clock;
    }

    /** Stores the request and sends the confirmation email as soon as this transaction commits. */
    @Transactional
    public Requested request(long contactId, String text) {
        Contact contact = contacts.get(contactId);
        String question = text == null || text.isBlank() ? DEFAULT_TEXT : text.strip();
        if (question.length() > MAX_TEXT) {
            throw new InvalidInputException("The opt-in text is too long",
                    List.of(new FieldError("text", "must have at most " + MAX_TEXT + " characters")));
        }
        long id = store.createOptIn(contactId, question, clock.instant(), Actors.current());
        String url = links.optInUrl(contactId, id);
        String hello = contact.firstName() == null || contact.firstName().isBlank() ? "Hello" : "Hello " + contact.firstName();
        String html = "<p>" + HtmlUtils.htmlEscape(hello) + ",</p><p>Please confirm: “" + HtmlUtils.htmlEscape(question)
                + "”</p><p><a href=\"" + HtmlUtils.htmlEscape(url) + "\">Confirm</a></p>"
                + "<p>If you did not ask for this, ignore this email and nothing happens.</p>";
        String plain = hello + ",\n\nPlease confirm: \"" + question + "\"\n\n" + url
                + "\n\nIf you did not ask for this, ignore this email and nothing happens.\n";
        delivery.sendNow(new io.keepwarm.delivery.Transactional(contactId, contact.email(), "Please confirm", html,
                plain));
        return new Requested(id, contactId, contact.email());
    }

    /** The question a confirmation page shows, for a request of this contact. */
    public TrackingStore.OptIn pending(long contactId, long requestId) {
        return store.optIn(requestId).filter(r -> r.contactId() == contactId)
                .orElseThrow(() -> new NotFoundException("This confirmation link is not known"));
    }

    /** Grants email consent with the evidence; a second confirmation of the same request changes nothing. */
    @Transactional
    public void confirm(long contactId, long requestId, Visitor visitor) {
        TrackingStore.OptIn request = pending(contactId, requestId);
        Instant now = clock.instant();
        if (!store.confirmOptIn(request.id(), now, visitor.ip())) {
            return;
        }
        consents.record(contactId, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "double opt-in",
                new Consents.Evidence("double opt-in confirmation page", TrackingStore.cut(visitor.ip(), 45),
                        request.text())));
        store.insert(List.of(Answers.row(contactId, Tracked.Kind.OPT_IN_CONFIRMED, null, visitor, now)));
    }
}
