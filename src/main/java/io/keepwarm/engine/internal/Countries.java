package io.keepwarm.engine.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the free-text country of a contact as an ISO 3166 alpha-2 code: "US", "USA", "United States" and
 * "united states" are all US. Text it does not recognise is no country, which never counts as opt-out.
 */
public final class Countries {

    private static final Map<String, String> CODES = codes();

    private Countries() {}

    public static String iso2(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return CODES.get(text.strip().toUpperCase(Locale.ROOT));
    }

    public static boolean known(String code) {
        return code != null && CODES.containsKey(code) && CODES.get(code).equals(code);
    }

    private static Map<String, String> codes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale locale = Locale.of("", code);
            codes.put(locale.getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT), code);
            codes.put(locale.getISO3Country(), code);
        }
        codes.put("UK", "GB");
        codes.put("GREAT BRITAIN", "GB");
        codes.put("ENGLAND", "GB");
        codes.put("UNITED STATES OF AMERICA", "US");
        for (String code : Locale.getISOCountries()) {
            codes.put(code, code);
        }
        return Map.copyOf(codes);
    }
}
