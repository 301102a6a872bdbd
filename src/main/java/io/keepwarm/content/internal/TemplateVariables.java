package io.keepwarm.content.internal;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.CustomAttributes;
import io.keepwarm.content.Links;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Contact;
import io.keepwarm.identity.User;
import io.keepwarm.platform.Days;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The variables a template may name, and the values they take for one contact. Where a template outputs a missing or
 * blank contact, company or owner value, it shows the author's fallback; the contact's email is always there and
 * needs none. A condition reads the real value instead, under {@link #REAL} (see {@link LiquidTemplates}).
 * The account's custom attributes stand beside the contact's own fields ({@code contact.contract_expiry}): their keys
 * can never be one of those fields' names ({@code Attributes} reserves them), and a merge field written as HubSpot
 * and Marketo users write it then works as it reads.
 */
public final class TemplateVariables {

    public static final List<String> ROOTS = List.of("contact", "company", "owner", "caller", "content", "links");

    public static final List<String> PATHS = List.of(
            "contact.first_name", "contact.last_name", "contact.email", "contact.phone", "contact.title",
            "contact.city", "contact.region", "contact.country", "contact.time_zone",
            "company.name", "company.industry", "company.domain", "company.size",
            "owner.name", "owner.email", "owner.title", "owner.phone",
            "caller.name", "caller.first_name", "caller.email", "caller.title", "caller.phone",
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

    /** Whether the value comes from the contact, their company, owner or caller, and so may be missing. */
    public static boolean personal(String path) {
        if (path.indexOf('.') < 0) {
            return false;
        }
        String root = path.substring(0, path.indexOf('.'));
        return (root.equals("contact") || root.equals("company") || root.equals("owner") || root.equals("caller"))
                && !ALWAYS_THERE.contains(path);
    }

    /**
     * Whether the variable names the rep who makes a call (a stand-in for an owner who is away, a rep a task was given
     * to), which only a call script knows: the script is filled in for them when they read it.
     */
    public static boolean callers(String path) {
        return path.startsWith("caller.");
    }

    /**
     * The Liquid context for one contact, values as they are: an HTML body escapes them where they are output
     * ({@link LiquidTemplates#render(String, Map, boolean)}), after filters.
     */
    public static Map<String, Object> context(ContentItem item, Contact contact, User owner, User caller, Links links,
            CustomAttributes custom) {
        return context(item, contact, owner, caller, links, custom, item.language());
    }

    /** The same, a DATE written in words in {@code language}: the one the email is written in for this contact. */
    public static Map<String, Object> context(ContentItem item, Contact contact, User owner, User caller, Links links,
            CustomAttributes custom, String language) {
        return context(values(item, contact, owner, caller, links), contact.attributes(), custom, language,
                item.fallbacks());
    }

    /** The variables a piece may name: the fixed ones, then the custom attributes. */
    public static List<String> paths(CustomAttributes custom) {
        return custom.paths().isEmpty() ? PATHS : java.util.stream.Stream.concat(PATHS.stream(), custom.paths().stream()).toList();
    }

    /**
     * The variables a task's text may name: the contact's, their company's and owner's and the custom attributes. A
     * task goes with no piece and no links, so those are not among them; nor is its caller, as a task's text is
     * filled in once, when the task is made.
     */
    public static List<String> taskPaths(CustomAttributes custom) {
        return java.util.stream.Stream.concat(PATHS.stream()
                .filter(p -> (personal(p) || ALWAYS_THERE.contains(p)) && !callers(p)), custom.paths().stream()).toList();
    }

    /** The contact's own fields, as keys under {@code contact}, and these attribute keys after them. */
    public static Set<String> contactLeaves(Set<String> attributeKeys) {
        Set<String> leaves = new LinkedHashSet<>(PLACES.get("contact").keySet());
        leaves.addAll(attributeKeys);
        return Collections.unmodifiableSet(leaves);
    }

    /**
     * A task's text for one contact: a value that is missing says so to the rep ("(no first name)"), as a task has no
     * author's defaults and a rep had better know than guess.
     */
    public static Map<String, Object> taskContext(Contact contact, User owner, CustomAttributes custom) {
        Contact.Company company = contact.company();
        String[] values = new String[PATHS.size()];
        String[] given = {
            contact.firstName(), contact.lastName(), contact.email(), contact.phone(), contact.title(), contact.city(),
            contact.region(), contact.country(), contact.timeZone(),
            company == null ? null : company.name(), company == null ? null : company.industry(),
            company == null ? null : company.domain(), company == null ? null : company.size(),
            owner == null ? null : owner.displayName() == null ? owner.username() : owner.displayName(),
            owner == null ? null : owner.email(), owner == null ? null : owner.jobTitle(),
            owner == null ? null : owner.phone()};
        System.arraycopy(given, 0, values, 0, given.length);
        return context(values, contact.attributes(), custom, "en", TemplateVariables::missing);
    }

    /** What a task shows for a missing value: "(no first name)", "(no company name)". */
    private static String missing(String path) {
        String root = path.substring(0, path.indexOf('.'));
        String leaf = path.substring(path.indexOf('.') + 1).replace('_', ' ');
        return "(no " + (root.equals("contact") ? "" : root + " ") + leaf + ")";
    }

    /**
     * The values of {@link #PATHS} for one contact, in that order, before fallbacks: one reading for several contexts.
     * {@code caller} is the rep who makes the call (null outside a call script, or for a call nobody holds yet).
     */
    public static String[] values(ContentItem item, Contact contact, User owner, User caller, Links links) {
        Contact.Company company = contact.company();
        return new String[] {
            contact.firstName(), contact.lastName(), contact.email(), contact.phone(), contact.title(), contact.city(),
            contact.region(), contact.country(), contact.timeZone(),
            company == null ? null : company.name(), company == null ? null : company.industry(),
            company == null ? null : company.domain(), company == null ? null : company.size(),
            owner == null ? null : owner.displayName() == null ? owner.username() : owner.displayName(),
            owner == null ? null : owner.email(), owner == null ? null : owner.jobTitle(),
            owner == null ? null : owner.phone(),
            caller == null ? null : caller.shownName(), caller == null ? null : firstName(caller.shownName()),
            caller == null ? null : caller.email(), caller == null ? null : caller.jobTitle(),
            caller == null ? null : caller.phone(),
            item.name(), links.landingUrl(), links.offerUrl(), item.offer() == null ? null : item.offer().label(),
            links.unsubscribeUrl(), links.preferencesUrl()};
    }

    /** The first word of a person's name, as a caller says it on the phone ("Sam" of "Sam Stand-in"). */
    private static String firstName(String name) {
        String[] words = name.strip().split("\\s+", 2);
        return words[0];
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
        return context(values, Map.of(), CustomAttributes.NONE, "en", fallbacks);
    }

    /**
     * The same with the contact's custom attribute values ({@link Contact#attributes}, as the batch read them), a
     * DATE written in words in the piece's {@code language}.
     */
    public static Map<String, Object> context(String[] values, Map<String, Object> attributes, CustomAttributes custom,
            String language, Map<String, String> fallbacks) {
        return context(values, attributes, custom, language, path -> fallbacks.getOrDefault(path, ""));
    }

    private static Map<String, Object> context(String[] values, Map<String, Object> attributes, CustomAttributes custom,
            String language, Function<String, String> fallback) {
        String[] shown = new String[values.length];
        Map<String, String> shownAttributes = new HashMap<>();
        return new Computed(CONTEXT_ROOTS, root -> root.equals(REAL) ? real(values, attributes, custom)
                : new Computed(leaves(root, custom), leaf -> {
                    Integer i = PLACES.get(root).get(leaf);
                    if (i == null) {
                        return shownAttributes.computeIfAbsent(leaf, key -> {
                            String value = shown(attributes.get(key), custom.types().get(key), language);
                            return blank(value) ? fallback.apply("contact." + key) : value;
                        });
                    }
                    if (shown[i] == null) {
                        String value = values[i];
                        shown[i] = blank(value) ? fallback.apply(PATHS.get(i)) : value;
                    }
                    return shown[i];
                }));
    }

    /** The keys under a root: the contact's own fields and the custom attributes under {@code contact}. */
    private static Set<String> leaves(String root, CustomAttributes custom) {
        return root.equals("contact") ? custom.contactLeaves() : PLACES.get(root).keySet();
    }

    /**
     * An attribute's value as a reader sees it: a date in words in the piece's language ("4 March 2027" as the
     * app's pages write it in English, "4. März 2027" in German), anything else as it is stored; null when none.
     */
    static String shown(Object value, AttributeType type, String language) {
        if (value == null) {
            return null;
        }
        if (type == AttributeType.DATE) {
            try {
                LocalDate day = LocalDate.parse(value.toString());
                return language == null || language.equals("en") ? Days.said(day)
                        : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag(language))
                                .format(day);
            } catch (DateTimeParseException e) {
                return value.toString();
            }
        }
        return value.toString();
    }

    /** The values as they are, nothing a reader would see being nil, as a condition should find them. */
    private static Map<String, Object> real(String[] values, Map<String, Object> attributes, CustomAttributes custom) {
        return new Computed(PLACES.keySet(), root -> new Computed(leaves(root, custom), leaf -> {
            Integer i = PLACES.get(root).get(leaf);
            // A custom attribute as stored: an ISO date (which compares in order), a number's text, true or false.
            Object value = i == null ? attributes.get(leaf) : values[i];
            return value instanceof String text && blank(text) ? null : value;
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
        return sample(CustomAttributes.NONE);
    }

    /** The same, with the custom attributes: a date as a date, anything else as text. */
    public static Map<String, Object> sample(CustomAttributes custom) {
        Map<String, Object> attributes = new HashMap<>();
        custom.types().forEach((key, type) -> attributes.put(key, type == AttributeType.DATE ? "2027-03-04"
                : type == AttributeType.BOOLEAN ? Boolean.TRUE : "sample contact." + key));
        return context(PATHS.stream().map(path -> "sample " + path).toArray(String[]::new), attributes, custom, "en",
                Map.of());
    }
}
