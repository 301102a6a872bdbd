package io.keepwarm.platform;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a country as people type it as its ISO 3166 alpha-2 code, as opt-out countries, territories and time zones
 * name countries: the code itself ("DE", "de"), the alpha-3 code ("DEU") or the English name ("Germany", "united
 * states"), case and spacing aside, plus a few names in everyday use ("UK", "USA", "England"). Text it does not
 * recognise names no country (which never counts as opt-out).
 */
public final class Countries {

    private static final Set<String> ISO = Set.of(Locale.getISOCountries());
    private static final Map<String, String> CODES = codes();

    private Countries() {}

    /** The ISO code the text names, or null when it names no country we know. */
    public static String iso2(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String key = text.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
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

    private static Map<String, String> codes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : ISO) {
            Locale country = Locale.of("", code);
            codes.put(country.getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT), code);
            codes.put(country.getISO3Country(), code);
        }
        codes.putAll(Map.of("UK", "GB", "GREAT BRITAIN", "GB", "ENGLAND", "GB", "USA", "US", "UNITED STATES OF AMERICA", "US"));
        // the codes last: a code always means its own country
        ISO.forEach(code -> codes.put(code, code));
        return Map.copyOf(codes);
    }
}
