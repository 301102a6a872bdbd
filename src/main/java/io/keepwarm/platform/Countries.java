package io.keepwarm.platform;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a country as people type it as its ISO 3166 alpha-2 code, as opt-out countries, territories and time zones
 * name countries: the code itself ("DE", "de"), the alpha-3 code ("DEU") or the English name ("Germany", "united
 * states"), case, spacing and accents aside, plus a few names in everyday use ("UK", "USA", "England"), and the
 * names people write in their own language: a country's name in the main European languages ("Deutschland",
 * "Allemagne", "Niemcy") and in each of its own ("Schweiz", "Suisse", "Svizzera"), as the JDK's locale data gives
 * them. Text it does not recognise names no country (which never counts as opt-out). Every path that reads a
 * country (the API, CSV and vCard imports, rules, territories) reads it here, so they agree.
 */
public final class Countries {

    private static final Set<String> ISO = Set.of(Locale.getISOCountries());
    /** The languages whose names for every country are read: those of most of Europe's people. */
    private static final List<Locale> LANGUAGES = Stream.of("de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "nb",
            "fi", "cs", "sk", "hu", "ro", "el", "bg", "hr", "sl").map(Locale::of).toList();
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Map<String, String> CODES = codes();

    private Countries() {}

    /** The ISO code the text names, or null when it names no country we know. */
    public static String iso2(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String key = key(text);
        String code = CODES.get(key);
        // "U.S.A." and "U.K." as people abbreviate them; names such as "St. Lucia" keep their dot and match above
        return code != null ? code : CODES.get(key.replace(".", ""));
    }

    /** A country's English name by its ISO code ("Germany" for DE). */
    public static String name(String code) {
        return Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
    }

    /** Whether the text is an ISO 3166 alpha-2 code, as {@link #iso2} answers. */
    public static boolean isCode(String text) {
        return text != null && ISO.contains(text);
    }

    /** The text as the table keys it: upper case, single spaces, without accents ("Österreich" is "OSTERREICH"). */
    private static String key(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text.strip(), Normalizer.Form.NFD)).replaceAll("");
        // the locale data writes "Côte d’Ivoire" with a typographer's apostrophe, keyboards with a straight one
        return plain.replace('\u2019', '\'').replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> codes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : ISO) {
            Locale country = Locale.of("", code);
            codes.put(key(country.getDisplayCountry(Locale.ENGLISH)), code);
            codes.put(country.getISO3Country(), code);
        }
        codes.putAll(Map.of("UK", "GB", "GREAT BRITAIN", "GB", "ENGLAND", "GB", "USA", "US", "UNITED STATES OF AMERICA", "US"));
        // Names in other languages never take the place of an English name or a code, and a name that two languages
        // give two countries reads as neither.
        Map<String, Set<String>> others = new HashMap<>();
        for (String code : ISO) {
            Locale country = Locale.of("", code);
            for (Locale language : LANGUAGES) {
                others.computeIfAbsent(key(country.getDisplayCountry(language)), k -> new HashSet<>()).add(code);
            }
        }
        for (Locale own : Locale.getAvailableLocales()) {
            if (ISO.contains(own.getCountry()) && !own.getLanguage().isEmpty()) {
                others.computeIfAbsent(key(own.getDisplayCountry(own)), k -> new HashSet<>()).add(own.getCountry());
            }
        }
        others.forEach((name, countries) -> {
            if (countries.size() == 1 && !name.isEmpty()) {
                codes.putIfAbsent(name, countries.iterator().next());
            }
        });
        // the codes last: a code always means its own country
        ISO.forEach(code -> codes.put(code, code));
        return Map.copyOf(codes);
    }
}
