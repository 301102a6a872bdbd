package io.keepwarm.ui;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.ContactPatch;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Merges;
import io.keepwarm.contact.PersonalData;
import io.keepwarm.identity.Role;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.tracking.Tracking;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * Consent, do-not-contact and a contact's personal data on the contact page, through the services the API uses, so
 * their rules hold alike: who may record or clear what is the contact module's to answer (Consents, RepEdits), and
 * erasure, merges and exports are marketing's and the admin's, as in the API's access rules.
 */
@Controller
class ContactCompliancePages {

    private final ContactPages pages;
    private final Contacts contacts;
    private final Consents consents;
    private final Tracking tracking;
    private final PersonalData personalData;
    private final Merges merges;
    private final When when;

    ContactCompliancePages(ContactPages pages, Contacts contacts, Consents consents, Tracking tracking,
            PersonalData personalData, Merges merges, When when) {
        this.when = when;
        this.pages = pages;
        this.contacts = contacts;
        this.consents = consents;
        this.tracking = tracking;
        this.personalData = personalData;
        this.merges = merges;
    }

    /** What the contact page's consent and personal-data sections offer this caller. */
    static void show(Contact contact, Role role, Model model) {
        boolean marketing = role != Role.SALES;
        model.addAttribute("mayClearDnc", marketing);
        model.addAttribute("mayManageData", marketing);
        model.addAttribute("dncAddable", Arrays.stream(Channel.values())
                .filter(c -> !contact.doNotContact().contains(c)).toList());
        @SuppressWarnings("unchecked")
        Map<Channel, Consents.Current> current = (Map<Channel, Consents.Current>) model.getAttribute("consents");
        // Nobody is asked who is suppressed (Tracking refuses it): the page offers no button that could only fail.
        model.addAttribute("offerOptIn", contact.email() != null && !contact.doNotContact().contains(Channel.EMAIL)
                && !Boolean.TRUE.equals(model.getAttribute("suppressed")) && current != null && current.get(Channel.EMAIL).state() == ConsentState.UNKNOWN);
    }

    /** A consent statement a person gave: granted or withdrawn, where, and in their words. */
    @PostMapping("/ui/contacts/{id}/consents")
    String recordConsent(@PathVariable long id, @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) ConsentState state, @RequestParam(defaultValue = "") String source,
            @RequestParam(defaultValue = "") String evidence, @RequestParam(defaultValue = "") String form,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return pages.act(id, htmx, model, "consent-form", Forms.typed("consent.channel", channel, "consent.state",
                state, "consent.source", source, "consent.evidence", evidence, "consent.form", form), () -> {
            Consents.Statement statement = statement(channel, state, source, evidence, form);
            Consents.Entry entry = consents.record(id, statement);
            return "Recorded: consent for " + Words.channelOf(entry.channel()) + " " + Words.inWords(entry.state())
                    + " (" + entry.source() + ")";
        }, field -> List.of("channel", "state", "source", "evidence", "form").contains(field) ? field : null);
    }

    /**
     * The statement as the ledger takes it, refused here with a message per field when a part is missing: a grant
     * without the person's words is no evidence of consent.
     */
    static Consents.Statement statement(Channel channel, ConsentState state, String source, String evidence,
            String form) {
        List<InvalidInputException.FieldError> errors = new java.util.ArrayList<>();
        if (channel == null) {
            errors.add(new InvalidInputException.FieldError("channel", "choose the channel the statement is about"));
        }
        if (state != ConsentState.GRANTED && state != ConsentState.WITHDRAWN) {
            errors.add(new InvalidInputException.FieldError("state", "choose granted or withdrawn"));
        }
        if (source.isBlank()) {
            errors.add(new InvalidInputException.FieldError("source",
                    "say where the statement came from (a phone call, a trade-fair sign-up)"));
        } else if (source.strip().length() > 200) {
            errors.add(new InvalidInputException.FieldError("source", "must have at most 200 characters"));
        }
        if (state == ConsentState.GRANTED && evidence.isBlank()) {
            errors.add(new InvalidInputException.FieldError("evidence", "a grant needs the person's words as evidence:"
                    + " what they said or signed, and when (\"told me on the phone on 3 May: yes, monthly news\")"));
        } else if (evidence.strip().length() > 2000) {
            errors.add(new InvalidInputException.FieldError("evidence", "must have at most 2000 characters"));
        }
        if (form.strip().length() > 200) {
            errors.add(new InvalidInputException.FieldError("form", "must have at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Nothing was recorded: fix what is marked below, then press Record"
                    + " statement again.", errors);
        }
        return new Consents.Statement(channel, state, source.strip(), new Consents.Evidence(
                Forms.blankToNull(form.strip()), null, Forms.blankToNull(evidence.strip())));
    }

    /** Sends the double opt-in confirmation email; consent becomes granted only when the person confirms. */
    @PostMapping("/ui/contacts/{id}/opt-in")
    String requestOptIn(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model) {
        return pages.act(id, htmx, model, "opt-in-form", Map.of(), () -> {
            Tracking.OptInSent sent = tracking.requestOptIn(id);
            return "Confirmation email sent to " + sent.sentTo() + ": email consent is granted when they confirm (the"
                    + " link works until " + when.said(sent.validUntil()) + ")";
        });
    }

    /**
     * Marks the contact do-not-contact on a channel, once {@code confirmed} on a page of its own (a rep cannot take it
     * off again), or ({@code clear}) takes that off, which only marketing may.
     */
    @PostMapping("/ui/contacts/{id}/dnc")
    String doNotContact(@PathVariable long id, @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) String clear, @RequestParam(defaultValue = "false") boolean confirmed,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Authentication authentication,
            Model model, HttpServletResponse response) {
        if (clear == null && !confirmed && channel != null && !contacts.get(id).doNotContact().contains(channel)) {
            return askDoNotContact(id, channel, PageModel.marketing(authentication)).page(model, htmx, response);
        }
        // A clear is pressed in the list of channels marked, a mark at the form that asks for one.
        return pages.act(id, htmx, model, clear == null ? "dnc-form" : "dnc-set", Forms.typed("dnc.channel", channel),
                () -> {
            if (channel == null) {
                throw InvalidInputException.field("channel", "choose the channel not to contact them on");
            }
            Set<Channel> now = EnumSet.noneOf(Channel.class);
            now.addAll(contacts.get(id).doNotContact());
            boolean changed = clear == null ? now.add(channel) : now.remove(channel);
            if (!changed) {
                return clear == null ? "Already do-not-contact for " + Words.channelOf(channel)
                        : "Not do-not-contact for " + Words.channelOf(channel) + " already";
            }
            contacts.patch(id, dnc(now));
            return clear == null ? "Marked do-not-contact for " + Words.channelOf(channel) + ": nothing goes to them that way"
                    : "Do-not-contact for " + Words.channelOf(channel) + " cleared";
        }, field -> field.equals("channel") ? "channel" : null);
    }

    /** What marking do-not-contact does, and who can take it off again: not a rep, who is told so. */
    private Confirmation askDoNotContact(long id, Channel channel, boolean marketing) {
        String name = contacts.get(id).name();
        return Confirmation.ask("Mark " + name + " do-not-contact for " + Words.channelOf(channel) + "?", "No "
                        + Words.channelOf(channel) + " to them any more: no program, trigger or rep " + (channel == Channel.PHONE
                        ? "calls them, and their open calls leave everyone's day." : "reaches them by it.")
                        + (marketing ? " A marketer or an admin can clear it on this page."
                        : " You cannot undo it: only a marketer or an admin can clear a do-not-contact."),
                "/ui/contacts/" + id + "/dnc", "Mark do-not-contact for " + Words.channelOf(channel), "/ui/contacts/" + id)
                .posting(Map.of("channel", channel.name(), "confirmed", "true"));
    }

    private static ContactPatch dnc(Set<Channel> channels) {
        return new ContactPatch(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                Optional.of(channels.stream().map(Channel::name).collect(java.util.stream.Collectors.toSet())), null);
    }

    /** The contact's personal data as the API's export gives it (GET /api/v1/contacts/{id}/export), as a download. */
    @GetMapping("/ui/contacts/{id}/export")
    ResponseEntity<JsonNode> export(@PathVariable long id) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"contact-" + id + ".json\"")
                .body(personalData.export(id));
    }

    @GetMapping("/ui/contacts/{id}/erase")
    String confirmErase(@PathVariable long id, Model model) {
        Contact contact = contacts.get(id);
        String who = contact.name();
        return Confirmation.ask("Erase " + who + "?", "Everything kept about " + who + " (" + contact.email()
                        + ") is deleted for good: their details, notes, tags, consent ledger, stage history, activity,"
                        + " enrollments and touches, and the audit trail's mentions of them. Their address stays only"
                        + " as a hash on the suppression list, so no import or form brings them back. Download their"
                        + " data first if they asked for a copy.",
                "/ui/contacts/" + id + "/erase", "Erase " + who, "/ui/contacts/" + id).page(model);
    }

    @PostMapping("/ui/contacts/{id}/erase")
    String erase(@PathVariable long id, RedirectAttributes redirect) {
        String who = contacts.get(id).name();
        personalData.erase(id);
        redirect.addFlashAttribute("done", who + " was erased; their address is kept only as a suppression hash.");
        return "redirect:/ui/contacts";
    }

    /** Asks before merging the contact with this address into this one (the one whose page it is survives). */
    @GetMapping("/ui/contacts/{id}/merge")
    String confirmMerge(@PathVariable long id, @RequestParam(defaultValue = "") String email, Model model) {
        Contact survivor = contacts.get(id);
        String back = "/ui/contacts/" + id;
        String question = "Merge into " + (survivor).name() + "?";
        if (email.isBlank()) {
            return Confirmation.refuse(question, "Type the address of the duplicate to merge into this contact.", back)
                    .page(model);
        }
        Optional<Long> other = contacts.findIdByEmail(email.strip());
        if (other.isEmpty()) {
            return Confirmation.refuse(question, "No contact has the address " + email.strip()
                    + ": check it, or find the duplicate in the contact list.", back).page(model);
        }
        if (other.get() == id) {
            return Confirmation.refuse(question, email.strip() + " is this contact's own address: type the"
                    + " duplicate's.", back).page(model);
        }
        Contact merged = contacts.get(other.get());
        String gone = (merged).name() + " (" + merged.email() + ")";
        return Confirmation.ask("Merge " + gone + " into " + (survivor).name() + "?",
                gone + " is deleted, and " + (survivor).name() + " (" + survivor.email() + ") keeps its own"
                        + " details, takes the duplicate's where it has none, and gets its notes, tags, consent"
                        + " ledger, activity and enrollments; a do-not-contact on either stays. This cannot be undone.",
                back + "/merge?other=" + merged.id(), "Merge", back).page(model);
    }

    @PostMapping("/ui/contacts/{id}/merge")
    String merge(@PathVariable long id, @RequestParam long other, RedirectAttributes redirect) {
        String gone = contacts.get(other).email();
        merges.merge(id, other);
        redirect.addFlashAttribute("done", "Merged " + gone + " into this contact");
        return "redirect:/ui/contacts/" + id;
    }
}
