package io.keepwarm.ui;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.platform.InvalidInputException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's page for the account's time zone, the reps' calling hours and the default language, through the same
 * checks as the API.
 */
@Controller
class AccountSettingsPage {

    /** The form as typed, so a refused one comes back as it was. */
    record Form(String timeZone, String callingFrom, String callingUntil, String language) {}

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    /** The zones offered as the admin types, sorted: a datalist, so any zone this JVM knows may still be typed. */
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/"))
            .sorted().toList();

    private final AccountSettings account;

    AccountSettingsPage(AccountSettings account) {
        this.account = account;
    }

    @GetMapping("/ui/settings/account")
    String show(Model model) {
        AccountSettings.Settings now = account.current();
        return page(new Form(now.timeZone().getId(), HH_MM.format(now.callingFrom()), HH_MM.format(now.callingUntil()),
                now.language()),
                Map.of(), model);
    }

    @PostMapping("/ui/settings/account")
    String save(@RequestParam(defaultValue = "") String timeZone, @RequestParam(defaultValue = "") String callingFrom,
            @RequestParam(defaultValue = "") String callingUntil, @RequestParam(required = false) String language,
            Model model, RedirectAttributes redirect) {
        Form form = new Form(timeZone, callingFrom, callingUntil, language);
        try {
            account.change(new AccountSettings.Change(timeZone, callingFrom, callingUntil, language));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ui/settings/account";
        } catch (InvalidInputException e) {
            return page(form, FormErrors.of(e), model);
        }
    }

    private static String page(Form form, Map<String, String> errors, Model model) {
        model.addAttribute("section", "account");
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("zones", ZONES);
        return "settings-account";
    }
}
