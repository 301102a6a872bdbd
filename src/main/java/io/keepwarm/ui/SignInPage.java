package io.keepwarm.ui;

import jakarta.servlet.http.HttpSession;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The sign-in form in the app's own look. Spring Security takes the POST to /login; after a failed attempt it comes
 * back here with ?error and keeps the refusal in the session, from which we take the name the person typed. What a
 * flag (?error, ?logout, ?throttled) says is said once: the page takes it into a flash attribute and sends the browser
 * on to plain /login, so a reload or a bookmark neither says "not right" again nor keeps the flag in the address.
 */
@Controller
class SignInPage {

    @GetMapping(value = "/login", params = "error")
    String refused(HttpSession session, RedirectAttributes once) {
        if (session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof AuthenticationException e) {
            // One message for every refusal (unknown name, wrong password, disabled user): it tells an attacker nothing.
            once.addFlashAttribute("failed", true);
            if (e.getAuthenticationRequest() != null && e.getAuthenticationRequest().getName() != null) {
                once.addFlashAttribute("username", e.getAuthenticationRequest().getName());
            }
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        }
        return "redirect:/login";
    }

    @GetMapping(value = "/login", params = "logout")
    String signedOut(RedirectAttributes once) {
        once.addFlashAttribute("signedOut", true);
        return "redirect:/login";
    }

    @GetMapping(value = "/login", params = "throttled")
    String throttled(RedirectAttributes once) {
        once.addFlashAttribute("throttled", true);
        return "redirect:/login";
    }

    /**
     * "Stay signed in" (keepwarm.js, warned before the session ends for lack of activity): a request is activity, so
     * the session's idle time starts again; answered with nothing, or, once the session has ended, by the sign-in page.
     */
    @GetMapping("/ui/session")
    ResponseEntity<Void> stillSignedIn() {
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/login")
    String signIn(Model model) {
        // What a flag said arrives as flash attributes, already in the model; the rest say nothing.
        if (!model.containsAttribute("username")) {
            model.addAttribute("username", "");
        }
        for (String said : new String[] {"failed", "signedOut", "throttled"}) {
            if (!model.containsAttribute(said)) {
                model.addAttribute(said, false);
            }
        }
        return "login";
    }
}
