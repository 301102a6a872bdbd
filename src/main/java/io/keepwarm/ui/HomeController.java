package io.keepwarm.ui;

import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Imports;
import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.platform.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** The first page after login: how many contacts there are, and a form to import more. */
@Controller
class HomeController {

    private final Imports imports;
    private final Contacts contacts;
    private final ApiKeys apiKeys;

    HomeController(Imports imports, Contacts contacts, ApiKeys apiKeys) {
        this.imports = imports;
        this.contacts = contacts;
        this.apiKeys = apiKeys;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("contacts", contacts.count());
        model.addAttribute("sources", ContactSource.values());
        model.addAttribute("roles", Role.values());
        return "home";
    }

    @PostMapping("/ui/imports")
    String upload(@RequestParam("file") MultipartFile file, @RequestParam ContactSource source, Model model)
            throws IOException {
        try (InputStream in = file.getInputStream()) {
            return "redirect:/ui/imports/" + imports.start(in, file.getOriginalFilename(), null, Map.of(), source).id();
        } catch (InvalidInputException e) {
            model.addAttribute("error", e.getMessage());
            return home(model);
        }
    }

    /** Creates an API key and shows it this once, for the tour's first API call. */
    @PostMapping("/ui/api-keys")
    String createApiKey(@RequestParam String name, @RequestParam Role role, Model model) {
        model.addAttribute("apiKey", apiKeys.create(name, role).key());
        return home(model);
    }

    @GetMapping("/ui/imports/{id}")
    String job(@PathVariable long id, Model model) {
        model.addAttribute("job", imports.get(id));
        return "import";
    }
}
