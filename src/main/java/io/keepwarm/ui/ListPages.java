package io.keepwarm.ui;

import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.segment.ContactList;
import io.keepwarm.segment.Lists;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Static lists: every list with its size, a new one, a list's members a page at a time with forms to add them by
 * address or from a file and to take them out, and deleting one after a page that says what it touches. Each goes
 * through the segment module's Lists, as the API does, so its checks and audit entries are the same.
 */
@Controller
class ListPages {

    /** A new list as typed. */
    record ListForm(String name, String description) {}

    /**
     * What adding members did, as the page reports it: the rows refused (their line in a file, or none for typed
     * addresses, whose reason names the address), the first {@link #REJECTIONS_SHOWN} of them only.
     */
    record Report(int added, int alreadyMembers, List<Lists.Rejected> rejected, int notShown, boolean fromFile) {

        static Report of(Lists.Added added, boolean fromFile) {
            List<Lists.Rejected> all = added.rejected();
            return new Report(added.added(), added.alreadyMembers(), all.subList(0, Math.min(all.size(), REJECTIONS_SHOWN)),
                    Math.max(0, all.size() - REJECTIONS_SHOWN), fromFile);
        }
    }

    private static final int LISTED = 200;
    private static final int MEMBERS_PAGE = 50;
    private static final int REJECTIONS_SHOWN = 100;

    private final Lists lists;

    ListPages(Lists lists) {
        this.lists = lists;
    }

    @GetMapping("/ui/lists")
    String index(@RequestParam(required = false) String after, Authentication who, Model model) {
        return index(new ListForm("", ""), Map.of(), after, who, model);
    }

    @PostMapping("/ui/lists")
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
            Authentication who, Model model, RedirectAttributes redirect) {
        ListForm form = new ListForm(name, description);
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            ContactList list = lists.create(name, Forms.blankToNull(description));
            redirect.addFlashAttribute("created", true);
            return "redirect:/ui/lists/" + list.id();
        } catch (InvalidInputException e) {
            errors.putAll(FormErrors.of(e));
        } catch (ConflictException e) {
            errors.put("name", e.getMessage());
        } catch (DuplicateKeyException e) {
            errors.put("name", Forms.NAME_JUST_TAKEN);
        }
        return index(form, errors, null, who, model);
    }

    private String index(ListForm form, Map<String, String> errors, String after, Authentication who, Model model) {
        model.addAttribute("mayChange", PageModel.marketing(who));
        model.addAttribute("page", lists.list(after, LISTED));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "lists";
    }

    /** The list and a page of its members, from the one after {@code after}. */
    @GetMapping("/ui/lists/{id}")
    String show(@PathVariable long id, @RequestParam(required = false) String after, Authentication who, Model model) {
        return show(id, after, "", who, model);
    }

    /**
     * Adds the contacts with the typed addresses, through the same path as a file of one address per line; an address
     * that names no contact is reported and the others are added. The report is shown on the list's page after a
     * redirect, so that reloading it does not ask to send the addresses again.
     */
    @PostMapping("/ui/lists/{id}/members")
    String add(@PathVariable long id, @RequestParam(defaultValue = "") String emails, Authentication who, Model model,
            RedirectAttributes redirect) {
        // commas, semicolons and spaces between addresses too, as people paste them from a mail program
        String lines = Arrays.stream(emails.split("[,;\\s]+")).filter(e -> !e.isBlank()).collect(Collectors.joining("\n"));
        if (lines.isEmpty()) {
            model.addAttribute("emailsError", "Type at least one email address; nothing was added.");
            return show(id, null, emails, who, model);
        }
        redirect.addFlashAttribute("report", Report.of(lists.importMembers(id, new StringReader(lines)), false));
        return "redirect:/ui/lists/" + id;
    }

    /** A file of members, as the API's import takes it: each line that names no contact is reported by its number. */
    @PostMapping("/ui/lists/{id}/members/import")
    String importFile(@PathVariable long id, @RequestParam("file") MultipartFile file, Authentication who, Model model,
            RedirectAttributes redirect) throws IOException {
        try (InputStream in = file.getInputStream()) {
            redirect.addFlashAttribute("report", Report.of(lists.importMembers(id, in), true));
            return "redirect:/ui/lists/" + id;
        } catch (InvalidInputException e) {
            String why = FormErrors.of(e).get("file");
            model.addAttribute("fileError", why == null ? Problems.describe(e) : "The file " + why + ".");
        }
        return show(id, null, "", who, model);
    }

    @PostMapping("/ui/lists/{id}/members/remove")
    String remove(@PathVariable long id, @RequestParam(name = "contact", required = false) List<Long> contactIds,
            Authentication who, Model model, RedirectAttributes redirect) {
        if (contactIds == null || contactIds.isEmpty()) {
            lists.get(id);
            model.addAttribute("removeError", "Tick the members to take out of the list first; nobody was removed.");
            return show(id, null, "", who, model);
        }
        redirect.addFlashAttribute("removed", lists.remove(id, contactIds));
        return "redirect:/ui/lists/" + id;
    }

    /** What deleting the list would do, and the button; or, while a rule names it, what to change first. */
    @GetMapping("/ui/lists/{id}/delete")
    String confirmDelete(@PathVariable long id, Model model) {
        return confirm(lists.get(id), null, model);
    }

    @PostMapping("/ui/lists/{id}/delete")
    String delete(@PathVariable long id, Model model, RedirectAttributes redirect) {
        ContactList list = lists.get(id);
        try {
            lists.delete(id);
            redirect.addFlashAttribute("deleted", list.name());
            return "redirect:/ui/lists";
        } catch (ConflictException e) {
            return confirm(list, e.getMessage(), model);
        }
    }

    private String confirm(ContactList list, String error, Model model) {
        model.addAttribute("list", list);
        model.addAttribute("usedBy", lists.usedBy(list.id()));
        model.addAttribute("error", error);
        return "list-delete";
    }

    private String show(long id, String after, String typedEmails, Authentication who, Model model) {
        model.addAttribute("list", lists.get(id));
        model.addAttribute("members", lists.members(id, after, MEMBERS_PAGE));
        model.addAttribute("paged", after != null);
        model.addAttribute("emails", typedEmails);
        model.addAttribute("mayChange", PageModel.marketing(who));
        return "list";
    }
}
