package io.keepwarm.ui;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The contacts' custom attributes as a settings page: the definitions, a form to define one, and deleting one after a
 * page that says how many contacts hold a value for it. Each goes through the contact module's Attributes, as the API
 * does; everyone may read the definitions, marketing may change them.
 */
@Controller
class AttributePages {

    /** A definition as typed; options one per line. */
    record AttributeForm(String key, String label, String type, String options) {}

    private final Attributes attributes;

    AttributePages(Attributes attributes) {
        this.attributes = attributes;
    }

    @GetMapping("/ui/settings/attributes")
    String list(Authentication who, Model model) {
        return list(new AttributeForm("", "", AttributeType.TEXT.name(), ""), Map.of(), who, model);
    }

    @PostMapping("/ui/settings/attributes")
    String define(@RequestParam(defaultValue = "") String key, @RequestParam(defaultValue = "") String label,
            @RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String options,
            Authentication who, Model model, RedirectAttributes redirect) {
        AttributeForm form = new AttributeForm(key, label, type, options);
        Map<String, String> errors = new LinkedHashMap<>();
        AttributeType chosen = null;
        try {
            chosen = type.isBlank() ? null : AttributeType.valueOf(type);
        } catch (IllegalArgumentException e) {
            errors.put("type", "must be one of the listed types, not '" + type + "'");
        }
        if (errors.isEmpty()) {
            AttributeDefinition definition = new AttributeDefinition(key.strip(), label.strip(), chosen,
                    List.of(options.split("\\R")), false);
            try {
                attributes.define(definition);
                redirect.addFlashAttribute("defined", key.strip());
                return "redirect:/ui/settings/attributes";
            } catch (InvalidInputException e) {
                errors.putAll(inFormWords(FormErrors.of(e), chosen, options));
            } catch (ConflictException e) {
                // the key and the label another attribute has, each beside its field
                attributes.problems(definition).forEach(clash -> errors.putIfAbsent(clash.field(), clash.message()));
                errors.putIfAbsent(e.properties().containsKey(Attributes.SAME_LABEL_AS) ? "label" : "key", e.getMessage());
            } catch (DuplicateKeyException e) {
                errors.put("key", "An attribute with this key was defined a moment ago by another request; choose"
                        + " another key");
            }
        }
        return list(form, errors, who, model);
    }

    /**
     * The module's messages about the type and its options in the form's words: the API names the type ONE_OF, the
     * form's list "one of". The rule is the module's; only the words are the page's.
     */
    private static Map<String, String> inFormWords(Map<String, String> errors, AttributeType chosen, String options) {
        boolean anyOption = options.lines().anyMatch(line -> !line.isBlank());
        errors.computeIfPresent("type", (field, message) -> "is required: choose one of the listed types");
        errors.computeIfPresent("options", (field, message) -> chosen == AttributeType.ONE_OF && !anyOption
                ? "a \"one of\" attribute needs at least one option: type each on a line of its own"
                : chosen != AttributeType.ONE_OF && anyOption
                        ? "only a \"one of\" attribute has options: clear them, or choose the type \"one of\""
                        : message);
        return errors;
    }

    /** What deleting the attribute would do, and the button; or why it cannot be deleted now. */
    @GetMapping("/ui/settings/attributes/{key}/delete")
    String confirmDelete(@PathVariable String key, Model model) {
        return confirm(find(key), null, model);
    }

    @PostMapping("/ui/settings/attributes/{key}/delete")
    String delete(@PathVariable String key, Model model, RedirectAttributes redirect) {
        AttributeDefinition definition = find(key);
        try {
            attributes.remove(key);
            redirect.addFlashAttribute("deleted", key);
            return "redirect:/ui/settings/attributes";
        } catch (ConflictException e) {
            return confirm(definition, e.getMessage(), model);
        }
    }

    private AttributeDefinition find(String key) {
        return attributes.list().stream().filter(d -> d.key().equals(key)).findFirst()
                .orElseThrow(() -> NotFoundException.of("Attribute", key));
    }

    private String confirm(AttributeDefinition definition, String error, Model model) {
        model.addAttribute("section", "attributes");
        model.addAttribute("attribute", definition);
        model.addAttribute("held", attributes.valuesHeld(definition.key()));
        model.addAttribute("usedBy", attributes.usedBy(definition.key()));
        model.addAttribute("error", error);
        return "attribute-delete";
    }

    private String list(AttributeForm form, Map<String, String> errors, Authentication who, Model model) {
        model.addAttribute("section", "attributes");
        model.addAttribute("attributes", attributes.list());
        model.addAttribute("types", AttributeType.values());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("mayChange", PageModel.marketing(who));
        return "settings-attributes";
    }
}
