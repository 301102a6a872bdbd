package io.keepwarm.ui;

import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.SuppressionList;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings → Suppression list: the addresses Keepwarm never mails, newest first and in words, with a form to add one by
 * hand and a Lift button on each entry that may be lifted. It goes through the same module as the API, so an entry is
 * checked and audited alike; an erased person's entry shows nothing of them and has no button.
 */
@Controller
class SuppressionPages {

    private static final int PAGE = 50;

    /** One entry as the page says it. */
    record Row(long id, String address, String why, String when, String by, String note, Long contactId,
            String contact, boolean liftable) {}

    record AddForm(String email, String note) {}

    private final SuppressionList suppressions;
    private final Contacts contacts;
    private final When when;
    private final ActorNames actorNames;

    SuppressionPages(SuppressionList suppressions, Contacts contacts, When when, ActorNames actorNames) {
        this.suppressions = suppressions;
        this.contacts = contacts;
        this.when = when;
        this.actorNames = actorNames;
    }

    @GetMapping("/ui/settings/suppressions")
    String list(@RequestParam(required = false) String after, Model model) {
        return page(after, new AddForm("", ""), Map.of(), model);
    }

    @PostMapping("/ui/settings/suppressions")
    String add(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String note,
            Model model, RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            SuppressionList.Entry added = suppressions.add(email, note);
            redirect.addFlashAttribute("added", added.email());
            return "redirect:/ui/settings/suppressions";
        } catch (InvalidInputException e) {
            errors.putAll(FormErrors.of(e));
        } catch (ConflictException e) {
            // The module's message names the entry by its id, for the API; the page lists it below in words.
            errors.put("email", "is already on the suppression list: nothing was added.");
        }
        return page(null, new AddForm(email, note), errors, model);
    }

    @PostMapping("/ui/settings/suppressions/{id}/lift")
    String lift(@PathVariable long id, RedirectAttributes redirect) {
        SuppressionList.Entry entry = suppressions.get(id);
        suppressions.lift(id);
        redirect.addFlashAttribute("lifted", entry.email() == null ? "The entry" : entry.email());
        return "redirect:/ui/settings/suppressions";
    }

    private String page(String after, AddForm form, Map<String, String> errors, Model model) {
        Page<SuppressionList.Entry> page = suppressions.newestFirst(after, PAGE);
        model.addAttribute("section", "suppressions");
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("entries", page.items().stream().map(this::row).toList());
        model.addAttribute("nextCursor", page.nextCursor());
        return "settings-suppressions";
    }

    private Row row(SuppressionList.Entry entry) {
        String address = entry.liftable() ? entry.email() : "an erased person's address";
        if (address == null) {
            address = "an address kept only as a hash";
        }
        return new Row(entry.id(), address, why(entry.reason()), when.said(entry.addedAt()),
                entry.addedBy() == null ? "not recorded" : actorNames.name(entry.addedBy()), entry.note(),
                entry.contactId(), entry.contactId() == null ? null : contactName(entry.contactId()), entry.liftable());
    }

    private String contactName(long id) {
        try {
            return contacts.get(id).name();
        } catch (NotFoundException gone) {
            return null;
        }
    }

    static String why(String reason) {
        return switch (reason) {
            case SuppressionList.COMPLAINT -> "a spam complaint";
            case SuppressionList.MANUAL -> "added by hand";
            case SuppressionList.ERASED -> "erased person";
            default -> Words.message(reason.toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        };
    }
}
