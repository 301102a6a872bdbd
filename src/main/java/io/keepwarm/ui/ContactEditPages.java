package io.keepwarm.ui;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.RepEdits;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Zones;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creating a contact and editing one's details, through the same services as the API (POST and PATCH
 * /api/v1/contacts), so every rule holds alike: the checks of each value, the suppression list, and what a rep may not
 * change (RepEdits). Consent, stage and do-not-contact keep their own controls on the contact page.
 */
@Controller
class ContactEditPages {

    /** A contact that already has the address typed: the refusal links to it. */
    record Holder(long id, String name, String email) {}

    /** One choice of owner. */
    record Owner(String id, String name) {}

    /** The IANA zones a person picks from: the regions' cities and UTC, not the legacy aliases. */
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.equals("UTC") || z.matches(
                    "(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
            .sorted().toList();

    private final Contacts contacts;
    private final Attributes attributes;
    private final Users users;
    private final Zones zones;
    private final RepEdits repEdits;
    private final Consents consents;
    private final TransactionTemplate transactions;

    ContactEditPages(Contacts contacts, Attributes attributes, Users users, Zones zones, RepEdits repEdits,
            Consents consents, TransactionTemplate transactions) {
        this.repEdits = repEdits;
        this.consents = consents;
        this.transactions = transactions;
        this.contacts = contacts;
        this.attributes = attributes;
        this.users = users;
        this.zones = zones;
    }

    @GetMapping("/ui/contacts/new")
    String create(Model model) {
        Caller caller = users.caller();
        Long me = caller.role() == Role.SALES && caller.user() != null ? caller.user().id() : null;
        return form(null, ContactForm.blank(null, me), Map.of(), null, model);
    }

    @PostMapping("/ui/contacts")
    String save(@ModelAttribute("form") ContactForm form, Model model, RedirectAttributes redirect) {
        Map<String, String> consentErrors = new LinkedHashMap<>();
        Consents.Statement given = null;
        try {
            given = consent(form);
        } catch (InvalidInputException e) {
            e.errors().forEach(f -> consentErrors.putIfAbsent("consent." + f.field(), f.message()));
        }
        Optional<Holder> holder = holder(form.value("email"), null);
        if (holder.isPresent()) {
            // Not saved (an upsert would change the holder): the other fields are only checked, so every mistake is
            // told with the address's at once.
            Map<String, String> errors = new LinkedHashMap<>(Map.of("email", taken(holder.get())));
            List<InvalidInputException.FieldError> problems = contacts.problems(form.input());
            if (!problems.isEmpty()) {
                errors(new InvalidInputException("", problems), "").forEach(errors::putIfAbsent);
            }
            consentErrors.forEach(errors::putIfAbsent);
            return form(null, form, errors, holder.get(), model);
        }
        Consents.Statement consent = given;
        try {
            // One transaction: a consent the ledger refuses leaves no contact behind to be found without it. With the
            // consent already refused, the contact's own fields are still checked, so that every mistake is told at
            // once, and nothing is kept.
            Contacts.Upserted saved = transactions.execute(status -> {
                Contacts.Upserted upserted = contacts.upsert(form.input(), ContactSource.MANUAL);
                if (!consentErrors.isEmpty()) {
                    status.setRollbackOnly();
                    return null;
                }
                if (consent != null) {
                    consents.record(upserted.contact().id(), consent);
                }
                return upserted;
            });
            if (saved == null) {
                return form(null, form, consentErrors, null, model);
            }
            redirect.addFlashAttribute("done", (saved.created() ? "Contact created."
                    + (consent == null ? "" : " Consent for " + Words.channelOf(consent.channel())
                            + " granted (" + consent.source() + ").")
                    : "Another request created a contact with this address a moment ago; it now holds what you typed.")
                    + companyNote(form, saved.contact()));
            return "redirect:/ui/contacts/" + saved.contact().id();
        } catch (InvalidInputException | ConflictException | ForbiddenException e) {
            Map<String, String> errors = errors(e, form.value("owner") != null ? "owner" : "");
            consentErrors.forEach(errors::putIfAbsent);
            return form(null, form, errors, null, model);
        }
    }

    /** The consent given on the new-contact form, as the ledger takes it; null when no channel was chosen. */
    private static Consents.Statement consent(ContactForm form) {
        String channel = form.value("consentChannel");
        if (channel == null) {
            // Words typed for a consent not chosen would be dropped unseen: the person meant to record something.
            List<InvalidInputException.FieldError> typed = new ArrayList<>();
            if (form.value("consentSource") != null) {
                typed.add(new InvalidInputException.FieldError("source",
                        "choose what they consented to, or clear where they gave it"));
            }
            if (form.value("consentEvidence") != null) {
                typed.add(new InvalidInputException.FieldError("evidence",
                        "choose what they consented to, or clear the words"));
            }
            if (!typed.isEmpty()) {
                throw new InvalidInputException("The consent statement names no channel", typed);
            }
            return null;
        }
        Channel chosen;
        try {
            chosen = Channel.valueOf(channel);
        } catch (IllegalArgumentException unknown) {
            throw InvalidInputException.field("channel", "choose email, phone or SMS");
        }
        return ContactCompliancePages.statement(chosen, ConsentState.GRANTED, Forms.text(form.value("consentSource")),
                Forms.text(form.value("consentEvidence")), "");
    }

    /** The form; another rep's contact is not a rep's to edit, and its page says whom to ask instead. */
    @GetMapping("/ui/contacts/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        Contact contact = contacts.get(id);
        if (!repEdits.mayChange(id)) {
            return "redirect:/ui/contacts/" + id;
        }
        return form(contact, ContactForm.of(contact), Map.of(), null, model);
    }

    /** Saves what was changed on the form, and only that (a merge patch); the contact page then says what it was. */
    @PostMapping("/ui/contacts/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") ContactForm form, Model model,
            RedirectAttributes redirect) {
        Contact contact = contacts.get(id);
        Optional<Holder> holder = form.changed("email") ? holder(form.value("email"), id) : Optional.empty();
        if (holder.isPresent()) {
            return form(contact, form, Map.of("email", taken(holder.get())), holder.get(), model);
        }
        try {
            Contact saved = contacts.patch(id, form.patch());
            List<String> changed = form.changedWords(attributes.list().stream()
                    .collect(java.util.stream.Collectors.toMap(AttributeDefinition::key, AttributeDefinition::label)));
            redirect.addFlashAttribute("done", changed.isEmpty() ? "Nothing to save: no field was changed."
                    : "Saved: changed " + String.join(", ", changed) + "." + companyNote(form, saved));
            return "redirect:/ui/contacts/" + id;
        } catch (InvalidInputException | ConflictException | ForbiddenException e) {
            // A rep is refused another rep's contact as a whole, and on their own the owner and the address (RepEdits).
            boolean owner = form.changed("owner");
            boolean email = form.changed("email");
            return form(contact, form, errors(e, owner == email ? "" : owner ? "owner" : "email"), null, model);
        }
    }

    /** The contact other than {@code self} that has this address, or whose contact was merged into one that does. */
    private Optional<Holder> holder(String email, Long self) {
        if (email == null) {
            return Optional.empty();
        }
        return contacts.findIdByEmail(email)
                .or(() -> Optional.ofNullable(contacts.survivorsOfEmails(List.of(email)).get(email)))
                .filter(id -> !id.equals(self))
                .map(contacts::get)
                .map(c -> new Holder(c.id(), c.name(), email.strip()));
    }

    private static String taken(Holder holder) {
        return holder.email() + " is already the address of " + holder.name()
                + ": open that contact to change it, or type another address";
    }

    /**
     * A refusal at its fields; what names no field of the form goes above it. A refusal of the caller's right (no field
     * of its own) and a clash with the stored address (the suppression list) go to the field they are about.
     */
    private Map<String, String> errors(RuntimeException e, String forbiddenField) {
        Map<String, String> errors = new LinkedHashMap<>();
        switch (e) {
            case InvalidInputException invalid -> {
                // An attribute removed while the form was open has no field left to show its error beside.
                List<String> shown = attributes.list().stream().map(a -> "attributes." + a.key()).toList();
                FormErrors.of(invalid).forEach((field, message) -> {
                    boolean here = ContactForm.isField(field) && (!field.startsWith("attributes.") || shown.contains(field));
                    errors.putIfAbsent(here ? field : "", here || field.isEmpty() ? message : Words.field(field) + " " + message);
                });
            }
            case ForbiddenException forbidden -> errors.put(forbiddenField, forbidden.getMessage());
            default -> errors.put("email", e.getMessage());
        }
        return errors;
    }

    /**
     * A company's details are shared by its contacts and only ever filled in: what was typed for one it already had
     * details for is said to stand as it was, rather than seeming saved.
     */
    private static String companyNote(ContactForm form, Contact saved) {
        if (saved.company() == null) {
            return "";
        }
        Map<String, Function<Contact.Company, String>> details = new LinkedHashMap<>();
        details.put("domain", Contact.Company::domain);
        details.put("industry", Contact.Company::industry);
        details.put("size", Contact.Company::size);
        List<String> kept = new ArrayList<>();
        details.forEach((name, read) -> {
            String typed = form.value("company." + name);
            String stored = read.apply(saved.company());
            if (form.changed("company." + name) && !Objects.equals(typed, stored)) {
                kept.add(name + " " + (stored == null ? "(none)" : stored));
            }
        });
        return kept.isEmpty() ? "" : " The company " + saved.company().name() + " keeps its " + String.join(", ", kept)
                + ": a company's details are shared by its contacts and only filled in where missing.";
    }

    private String form(Contact contact, ContactForm form, Map<String, String> errors, Holder holder, Model model) {
        model.addAttribute("contact", contact);
        model.addAttribute("name", contact == null ? null : contact.name());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("holder", holder);
        List<AttributeDefinition> defined = attributes.list();
        model.addAttribute("attributes", defined);
        model.addAttribute("options", options(defined, form));
        boolean ownerFixed = ownerFixed(contact);
        model.addAttribute("owners", owners(form.value("owner"), contact == null, ownerFixed));
        model.addAttribute("offerNobody", !ownerFixed || contact.ownerId() == null);
        List<String> zoneChoices = new ArrayList<>(ZONES);
        String zone = form.value("timeZone");
        if (zone != null && !zoneChoices.contains(zone)) {
            zoneChoices.addFirst(zone);
        }
        model.addAttribute("zones", zoneChoices);
        model.addAttribute("accountZone", zones.accountZone().getId());
        model.addAttribute("sources", ContactSource.values());
        model.addAttribute("channels", Channel.values());
        return "contact-form";
    }

    /** The choices of a ONE_OF attribute, with the value typed or stored kept among them when it is no longer one. */
    private static Map<String, List<String>> options(List<AttributeDefinition> defined, ContactForm form) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        defined.forEach(d -> {
            List<String> choices = new ArrayList<>(d.options());
            String value = Forms.blankToNull(form.getAttributes().get(d.key()));
            if (value != null && choices.stream().noneMatch(value::equalsIgnoreCase)) {
                choices.addFirst(value);
            }
            options.put(d.key(), choices);
        });
        return options;
    }

    /** Whether the caller, a rep, may not change the contact's owner: only the owner's manager passes it on. */
    private boolean ownerFixed(Contact contact) {
        Caller caller = users.caller();
        return contact != null && caller.role() == Role.SALES
                && (contact.ownerId() == null || !caller.manages(users.find(contact.ownerId()).orElse(null)));
    }

    /**
     * Who may own a contact (enabled SALES users, as the contact module checks), with the owner already given kept
     * among them, so a disabled one is shown, not silently cleared; a rep is offered only whom the contact module lets
     * them pick (RepEdits): on a new contact themselves and the reps they manage, on one whose owner is fixed for them
     * that owner alone.
     */
    private List<Owner> owners(String given, boolean creating, boolean fixed) {
        Caller caller = users.caller();
        List<Owner> owners = new ArrayList<>();
        for (User user : users.list()) {
            boolean current = String.valueOf(user.id()).equals(given);
            boolean offered = fixed ? current : !creating || caller.role() != Role.SALES
                    || caller.user() != null && caller.user().id() == user.id() || caller.manages(user);
            if (offered && (user.role() == Role.SALES && user.enabled() || current)) {
                owners.add(new Owner(String.valueOf(user.id()), user.shownName()
                        + (user.enabled() && user.role() == Role.SALES ? "" : " (no longer a rep who can own contacts)")));
            }
        }
        if (given != null && owners.stream().noneMatch(o -> o.id().equals(given))) {
            owners.addFirst(new Owner(given, given));
        }
        return owners;
    }
}
