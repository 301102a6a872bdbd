package io.keepwarm.content.internal;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.Links;
import io.keepwarm.contact.Contact;
import io.keepwarm.identity.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The variables a template may name, and the values they take for one contact. A missing or blank contact, company
 * or owner value takes the author's fallback; the contact's email is always there and needs none.
 */
public final class TemplateVariables {

    public static final List<String> ROOTS = List.of("contact", "company", "owner", "content", "links");

    public static final List<String> PATHS = List.of(
            "contact.first_name", "contact.last_name", "contact.email", "contact.phone", "contact.title",
            "contact.city", "contact.region", "contact.country", "contact.time_zone",
            "company.name", "company.industry", "company.domain", "company.size",
            "owner.name", "owner.email",
            "content.name", "content.landing_url", "content.offer_url", "content.offer_label",
            "links.unsubscribe_url", "links.preferences_url");

    private static final Set<String> ALWAYS_THERE = Set.of("contact.email");

    private TemplateVariables() {}

    /** Whether the value comes from the contact, their company or owner, and so may be missing. */
    public static boolean personal(String path) {
        String root = path.substring(0, path.indexOf('.'));
        return (root.equals("contact") || root.equals("company") || root.equals("owner")) && !ALWAYS_THERE.contains(path);
    }

    /**
     * The Liquid context for one contact. Every value passes through {@code escape} (HTML escaping for HTML bodies,
     * nothing for text), fallbacks included: they are text too.
     */
    public static Map<String, Object> context(ContentItem item, Contact contact, User owner, Links links,
            UnaryOperator<String> escape) {
        Map<String, String> flat = new LinkedHashMap<>();
        flat.put("contact.first_name", contact.firstName());
        flat.put("contact.last_name", contact.lastName());
        flat.put("contact.email", contact.email());
        flat.put("contact.phone", contact.phone());
        flat.put("contact.title", contact.title());
        flat.put("contact.city", contact.city());
        flat.put("contact.region", contact.region());
        flat.put("contact.country", contact.country());
        flat.put("contact.time_zone", contact.timeZone());
        Contact.Company company = contact.company();
        flat.put("company.name", company == null ? null : company.name());
        flat.put("company.industry", company == null ? null : company.industry());
        flat.put("company.domain", company == null ? null : company.domain());
        flat.put("company.size", company == null ? null : company.size());
        flat.put("owner.name", owner == null ? null : owner.displayName() == null ? owner.username() : owner.displayName());
        flat.put("owner.email", owner == null ? null : owner.email());
        flat.put("content.name", item.name());
        flat.put("content.landing_url", links.landingUrl());
        flat.put("content.offer_url", links.offerUrl());
        flat.put("content.offer_label", item.offer() == null ? null : item.offer().label());
        flat.put("links.unsubscribe_url", links.unsubscribeUrl());
        flat.put("links.preferences_url", links.preferencesUrl());
        return nest(flat, item.fallbacks(), escape);
    }

    /** A context in which every variable has a plain value: to try a template out when it is saved. */
    public static Map<String, Object> sample() {
        Map<String, String> flat = new LinkedHashMap<>();
        PATHS.forEach(path -> flat.put(path, "sample " + path));
        return nest(flat, Map.of(), UnaryOperator.identity());
    }

    private static Map<String, Object> nest(Map<String, String> flat, Map<String, String> fallbacks,
            UnaryOperator<String> escape) {
        Map<String, Object> context = new LinkedHashMap<>();
        flat.forEach((path, value) -> {
            String shown = value == null || value.isBlank() ? fallbacks.getOrDefault(path, "") : value;
            int dot = path.indexOf('.');
            @SuppressWarnings("unchecked")
            Map<String, Object> group = (Map<String, Object>) context.computeIfAbsent(path.substring(0, dot),
                    k -> new LinkedHashMap<String, Object>());
            group.put(path.substring(dot + 1), escape.apply(shown));
        });
        return context;
    }
}
