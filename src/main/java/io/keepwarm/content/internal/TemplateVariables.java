package io.keepwarm.content.internal;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.Links;
import io.keepwarm.contact.Contact;
import io.keepwarm.identity.User;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The variables a template may name, and the values they take for one contact. Where a template outputs a missing or
 * blank contact, company or owner value, it shows the author's fallback; the contact's email is always there and
 * needs none. A condition reads the real value instead, under {@link #REAL} (see {@link LiquidTemplates}).
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

    /**
     * The hidden root under which the context holds each value as it really is, nil when missing or blank: the
     * template's conditions are rewritten to read it. No template may name it (it is not in {@link #ROOTS}).
     */
    static final String REAL = "_real";

    private static final Set<String> ALWAYS_THERE = Set.of("contact.email");

    /**
     * Each path's root and leaf, split once: a context is built for every message the engine sends, and a key cut
     * from its path each time had its hash worked out again for every map it went into.
     */
    private static final String[] ROOT = PATHS.stream().map(p -> p.substring(0, p.indexOf('.'))).toArray(String[]::new);
    private static final String[] LEAF = PATHS.stream().map(p -> p.substring(p.indexOf('.') + 1)).toArray(String[]::new);

    private TemplateVariables() {}

    /** Whether the value comes from the contact, their company or owner, and so may be missing. */
    public static boolean personal(String path) {
        String root = path.substring(0, path.indexOf('.'));
        return (root.equals("contact") || root.equals("company") || root.equals("owner")) && !ALWAYS_THERE.contains(path);
    }

    /**
     * The Liquid context for one contact, values as they are: an HTML body escapes them where they are output
     * ({@link LiquidTemplates#render(String, Map, boolean)}), after filters.
     */
    public static Map<String, Object> context(ContentItem item, Contact contact, User owner, Links links) {
        return context(values(item, contact, owner, links), item.fallbacks());
    }

    /** The values of {@link #PATHS} for one contact, in that order, before fallbacks: one reading for several contexts. */
    public static String[] values(ContentItem item, Contact contact, User owner, Links links) {
        Contact.Company company = contact.company();
        return new String[] {
            contact.firstName(), contact.lastName(), contact.email(), contact.phone(), contact.title(), contact.city(),
            contact.region(), contact.country(), contact.timeZone(),
            company == null ? null : company.name(), company == null ? null : company.industry(),
            company == null ? null : company.domain(), company == null ? null : company.size(),
            owner == null ? null : owner.displayName() == null ? owner.username() : owner.displayName(),
            owner == null ? null : owner.email(),
            item.name(), links.landingUrl(), links.offerUrl(), item.offer() == null ? null : item.offer().label(),
            links.unsubscribeUrl(), links.preferencesUrl()};
    }

    /** For each root, its variables' leaves and their places in {@link #PATHS}. */
    private static final Map<String, Map<String, Integer>> PLACES = places();

    private static Map<String, Map<String, Integer>> places() {
        Map<String, Map<String, Integer>> places = new LinkedHashMap<>();
        for (int i = 0; i < PATHS.size(); i++) {
            places.computeIfAbsent(ROOT[i], root -> new LinkedHashMap<>()).put(LEAF[i], i);
        }
        places.replaceAll((root, leaves) -> Collections.unmodifiableMap(leaves));
        return Collections.unmodifiableMap(places);
    }

    /**
     * Nothing a reader would see: null, whitespace, or only no-break and zero-width spaces (spreadsheet exports leave
     * them in cells that look empty), which would print as "Dear  ,".
     */
    static boolean blank(String value) {
        return value == null || value.chars().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF');
    }

    /**
     * The Liquid context from {@link #values}, with the author's fallbacks. A value is worked out only when a
     * template asks for it: a message shows a few of the variables, and putting all of them into maps for each body
     * of every message cost more than the rendering.
     * Under {@link #REAL}, the same values as they are, nil when blank, for conditions. Read-only, as liqp only
     * reads it.
     */
    public static Map<String, Object> context(String[] values, Map<String, String> fallbacks) {
        String[] shown = new String[values.length];
        return new Computed(CONTEXT_ROOTS, root -> root.equals(REAL) ? real(values)
                : new Computed(PLACES.get(root).keySet(), leaf -> {
                    int i = PLACES.get(root).get(leaf);
                    if (shown[i] == null) {
                        String value = values[i];
                        shown[i] = blank(value) ? fallbacks.getOrDefault(PATHS.get(i), "") : value;
                    }
                    return shown[i];
                }));
    }

    /** The values as they are, nothing a reader would see being nil, as a condition should find them. */
    private static Map<String, Object> real(String[] values) {
        return new Computed(PLACES.keySet(), root -> new Computed(PLACES.get(root).keySet(), leaf -> {
            String value = values[PLACES.get(root).get(leaf)];
            return blank(value) ? null : value;
        }));
    }

    private static final Set<String> CONTEXT_ROOTS = contextRoots();

    private static Set<String> contextRoots() {
        Set<String> roots = new java.util.LinkedHashSet<>(PLACES.keySet());
        roots.add(REAL);
        return Collections.unmodifiableSet(roots);
    }

    /** A read-only map over fixed keys whose values are worked out when read. */
    private static final class Computed extends AbstractMap<String, Object> {

        private final Set<String> keys;
        private final Function<String, Object> value;

        Computed(Set<String> keys, Function<String, Object> value) {
            this.keys = keys;
            this.value = value;
        }

        @Override
        public Object get(Object key) {
            return keys.contains(key) ? value.apply((String) key) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return keys.contains(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            keys.forEach(key -> all.put(key, value.apply(key)));
            return Collections.unmodifiableMap(all).entrySet();
        }
    }

    /** A context in which every variable has a plain value: to try a template out when it is saved. */
    public static Map<String, Object> sample() {
        return context(PATHS.stream().map(path -> "sample " + path).toArray(String[]::new), Map.of());
    }
}
