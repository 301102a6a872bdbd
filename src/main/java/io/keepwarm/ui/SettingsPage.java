package io.keepwarm.ui;

import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The admin's settings. Today: API keys for integrators; pressure policy, users and the rest follow. */
@Controller
class SettingsPage {

    private final ApiKeys apiKeys;

    SettingsPage(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @GetMapping("/ui/settings")
    String settings(Model model) {
        model.addAttribute("roles", Role.values());
        return "settings";
    }

    /** Creates an API key and shows it this once, for the tour's first API call. */
    @PostMapping("/ui/api-keys")
    String createApiKey(@RequestParam String name, @RequestParam Role role, Model model) {
        model.addAttribute("apiKey", apiKeys.create(name, role).key());
        return settings(model);
    }
}
