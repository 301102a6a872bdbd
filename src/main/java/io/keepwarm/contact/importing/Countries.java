package io.keepwarm.contact.importing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a country cell as its ISO 3166 alpha-2 code, as opt-out countries and territories name countries: the code
 * itself ("DE", "de"), the alpha-3 code ("DEU") or the English name ("Germany", "united states"), case and spacing
 * aside, plus a few names in everyday use ("UK", "USA").
 */
public final class Countries {

    private static final Set<String> ISO = Set.of(Locale.getISOCountries());
    private static final Map<String, String> CODES = codes();

    private Countries() {}

    /** The ISO code the text names, or null when it names no country we know. */
    public static String iso2(String text) {
        if (text == null) {
            return null;
        }
        return CODES.get(text.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT));
    }

    /** Whether the text is an ISO 3166 alpha-2 code, as {@link #iso2} answers. */
    public static boolean isCode(String text) {
        return ISO.contains(text);
    }

    private static Map<String, String> codes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale country = Locale.of("", code);
            codes.put(country.getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT), code);
            codes.put(country.getISO3Country(), code);
        }
        codes.put("UK", "GB");
        codes.put("GREAT BRITAIN", "GB");
        codes.put("USA", "US");
        codes.put("UNITED STATES OF AMERICA", "US");
        // the codes last: a code always means its own country
        ISO.forEach(code -> codes.put(code, code));
        return Map.copyOf(codes);
    }
}
