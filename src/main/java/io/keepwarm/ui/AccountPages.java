package io.keepwarm.ui;

import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.TooManyAttemptsException;
import io.keepwarm.platform.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Everyone's own account: who they are, a new password (so no admin has to know it), and for a rep the switch that
 * keeps new leads away while they are. Passwords typed are never shown again, not even on a refused form.
 */
@Controller
class AccountPages {

    private final Users users;

    AccountPages(Users users) {
        this.users = users;
    }

    @GetMapping("/ui/account")
    String account(Model model) {
        return account(Map.of(), model);
    }

    /** The job title and phone number emails and call scripts may name; a refused form keeps what was typed. */
    @PostMapping("/ui/account/details")
    String details(@RequestParam(defaultValue = "") String jobTitle, @RequestParam(defaultValue = "") String phone,
            Model model, RedirectAttributes redirect) {
        try {
            users.changeOwnDetails(jobTitle, phone);
            redirect.addFlashAttribute("detailsSaved", true);
            return "redirect:/ui/account";
        } catch (InvalidInputException e) {
            model.addAttribute("detailErrors", FormErrors.of(e));
            model.addAttribute("jobTitle", jobTitle);
            model.addAttribute("phone", phone);
            return account(Map.of(), model);
        }
    }

    @PostMapping("/ui/account/password")
    String changePassword(@RequestParam(defaultValue = "") String current, @RequestParam(name = "new", defaultValue = "") String next,
            @RequestParam(defaultValue = "") String repeat, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            if (!next.equals(repeat)) {
                // Checked first, so a slip of the finger costs no try against the sign-in throttle.
                errors.put("repeat", "is not the same as the new password; type it again");
            } else {
                users.changeOwnPassword(current, next, request.getRemoteAddr());
                redirect.addFlashAttribute("passwordChanged", true);
                return "redirect:/ui/account";
            }
        } catch (InvalidInputException e) {
            errors.putAll(FormErrors.of(e));
        } catch (TooManyAttemptsException e) {
            errors.put("current", e.getMessage());
        }
        return account(errors, model);
    }

    @PostMapping("/ui/account/away")
    String away(@RequestParam(defaultValue = "false") boolean away, Model model, RedirectAttributes redirect) {
        try {
            users.markAway(away);
            redirect.addFlashAttribute(away ? "away" : "back", true);
            return "redirect:/ui/account";
        } catch (InvalidInputException e) {
            return account(FormErrors.of(e), model);
        }
    }

    private String account(Map<String, String> errors, Model model) {
        User me = users.me();
        model.addAttribute("me", me);
        model.addAttribute("manager", me.managerId() == null ? null
                : users.find(me.managerId()).map(User::displayName).orElse(null));
        model.addAttribute("errors", errors);
        if (!model.containsAttribute("detailErrors")) {
            model.addAttribute("detailErrors", Map.of());
            model.addAttribute("jobTitle", me.jobTitle());
            model.addAttribute("phone", me.phone());
        }
        return "account";
    }
}
