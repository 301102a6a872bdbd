package io.keepwarm.ui;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in form in the app's own look. Spring Security takes the POST to /login; after a failed attempt it comes
 * back here with ?error and keeps the refusal in the session, from which we take the name the person typed.
 */
@Controller
class SignInPage {

    @GetMapping("/login")
    String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
            @RequestParam(required = false) String throttled, HttpSession session, Model model) {
        String username = "";
        if (error != null && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof AuthenticationException e) {
            // One message for every refusal (unknown name, wrong password, disabled user): it tells an attacker nothing.
            model.addAttribute("failed", true);
            if (e.getAuthenticationRequest() != null && e.getAuthenticationRequest().getName() != null) {
                username = e.getAuthenticationRequest().getName();
            }
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        }
        model.addAttribute("username", username);
        model.addAttribute("signedOut", logout != null);
        model.addAttribute("throttled", throttled != null);
        return "login";
    }
}
