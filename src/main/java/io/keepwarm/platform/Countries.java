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
 *
 * <p>A name of several countries ("Congo": Congo - Brazzaville and Congo - Kinshasa; "Korea") names none of them
 * here, as a region that names several places is not guessed ({@link Regions#places}): each path says which countries
 * it names and how to write one ({@link #several}), and a territory's region so named fits contacts of each.
 */
public final class Countries {

    private static final Set<String> ISO = Set.of(Locale.getISOCountries());
    /** The languages whose names for every country are read: those of most of Europe's people. */
    private static final List<Locale> LANGUAGES = Stream.of("de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "nb",
            "fi", "cs", "sk", "hu", "ro", "el", "bg", "hr", "sl").map(Locale::of).toList();
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SAINT = Pattern.compile("\\bSAINT(?= )");
    /**
     * Names in everyday English use that the locale data does not give: former and short names ("Czech Republic",
     * "Turkey", "Holland", "UAE"), the ISO standard's own forms ("Korea, Republic of") and the UK's nations.
     */
    private static final Map<String, String> EVERYDAY = Map.ofEntries(Map.entry("UK", "GB"),
            Map.entry("GREAT BRITAIN", "GB"), Map.entry("BRITAIN", "GB"), Map.entry("ENGLAND", "GB"),
            Map.entry("SCOTLAND", "GB"), Map.entry("WALES", "GB"), Map.entry("NORTHERN IRELAND", "GB"),
            Map.entry("USA", "US"), Map.entry("UNITED STATES OF AMERICA", "US"), Map.entry("UAE", "AE"),
            Map.entry("CZECH REPUBLIC", "CZ"), Map.entry("TURKEY", "TR"), Map.entry("HOLLAND", "NL"),
            Map.entry("RUSSIAN FEDERATION", "RU"), Map.entry("REPUBLIC OF KOREA", "KR"), Map.entry("KOREA, REPUBLIC OF", "KR"),
            Map.entry("KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF", "KP"), Map.entry("VIET NAM", "VN"),
            Map.entry("IVORY COAST", "CI"), Map.entry("SWAZILAND", "SZ"), Map.entry("MACEDONIA", "MK"),
            Map.entry("BURMA", "MM"), Map.entry("MYANMAR", "MM"), Map.entry("CABO VERDE", "CV"), Map.entry("EAST TIMOR", "TL"),
            Map.entry("VATICAN", "VA"), Map.entry("HOLY SEE", "VA"), Map.entry("HONG KONG", "HK"), Map.entry("MACAU", "MO"),
            Map.entry("MACAO", "MO"), Map.entry("PALESTINE", "PS"), Map.entry("BOSNIA", "BA"), Map.entry("LAOS", "LA"),
            Map.entry("LAO PEOPLE'S DEMOCRATIC REPUBLIC", "LA"), Map.entry("IRAN, ISLAMIC REPUBLIC OF", "IR"),
            Map.entry("SYRIAN ARAB REPUBLIC", "SY"), Map.entry("TANZANIA, UNITED REPUBLIC OF", "TZ"),
            Map.entry("MOLDOVA, REPUBLIC OF", "MD"), Map.entry("VENEZUELA, BOLIVARIAN REPUBLIC OF", "VE"),
            Map.entry("BOLIVIA, PLURINATIONAL STATE OF", "BO"), Map.entry("REPUBLIC OF IRELAND", "IE"),
            Map.entry("EIRE", "IE"), Map.entry("PEOPLE'S REPUBLIC OF CHINA", "CN"), Map.entry("PRC", "CN"),
            Map.entry("KSA", "SA"),
            // the Congos as people tell them apart, so that the answer to "which Congo?" reads
            Map.entry("REPUBLIC OF THE CONGO", "CG"), Map.entry("DEMOCRATIC REPUBLIC OF THE CONGO", "CD"),
            Map.entry("DR CONGO", "CD"), Map.entry("DRC", "CD"));
    /**
     * Names people use for more than one country, with those countries' codes: everyday names the locale data gives
     * one country (Spanish "Congo" is Congo - Brazzaville alone) while English speakers say them of both, and below,
     * any name two languages give two countries ("Kongo").
     */
    private static final Map<String, List<String>> EVERYDAY_SEVERAL = Map.of("CONGO", List.of("CG", "CD"),
            "KOREA", List.of("KR", "KP"), "VIRGIN ISLANDS", List.of("VG", "VI"));
    /** Every name of several countries, with their codes; filled once, by {@link #codes}. */
    private static final Map<String, List<String>> SEVERAL = new HashMap<>();
    private static final Map<String, String> CODES = codes();

    private Countries() {}

    /** The ISO code the text names, or null when it names no country we know. */
    public static String iso2(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return CODES.get(key(text));
    }

    /**
     * Every country the text names: its one ({@link #iso2}), each of a name several countries share ("Congo": CG, CD),
     * or none.
     */
    public static List<String> all(String text) {
        String code = iso2(text);
        if (code != null) {
            return List.of(code);
        }
        return text == null ? List.of() : SEVERAL.getOrDefault(key(text), List.of());
    }

    /**
     * What to tell whoever wrote this text meaning one country when it names several: "'Congo' names two countries,
     * Congo - Brazzaville and Congo - Kinshasa, and Keepwarm does not guess which: write CG for Congo - Brazzaville or
     * CD for Congo - Kinshasa". Null when it names one country or none.
     */
    public static String several(String text) {
        List<String> codes = all(text);
        if (codes.size() < 2) {
            return null;
        }
        return "'" + text.strip() + "' names " + (codes.size() == 2 ? "two" : codes.size()) + " countries, "
                + String.join(" and ", codes.stream().map(Countries::name).toList())
                + ", and Keepwarm does not guess which: write "
                + String.join(" or ", codes.stream().map(code -> code + " for " + name(code)).toList());
    }

    /** A country's English name by its ISO code ("Germany" for DE). */
    public static String name(String code) {
        return Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
    }

    /** Whether the text is an ISO 3166 alpha-2 code, as {@link #iso2} answers. */
    public static boolean isCode(String text) {
        return text != null && ISO.contains(text);
    }

    /**
     * The text as the table keys it: upper case, single spaces, without accents ("Österreich" is "OSTERREICH"), dots
     * ("U.S.A.", "St. Lucia") or a leading "The", with "and" for "&" and "St" for "Saint", as the locale data and people
     * write them differently ("Bosnia & Herzegovina", "Saint Lucia", "The Netherlands").
     */
    private static String key(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text.strip(), Normalizer.Form.NFD)).replaceAll("");
        // the locale data writes "Côte d’Ivoire" with a typographer's apostrophe, keyboards with a straight one
        String key = plain.replace('\u2019', '\'').replace(".", "").replace("&", " AND ").replaceAll("\\s+", " ")
                .strip().toUpperCase(Locale.ROOT);
        key = SAINT.matcher(key).replaceAll("ST");
        return key.startsWith("THE ") ? key.substring(4) : key;
    }

    private static Map<String, String> codes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : ISO) {
            Locale country = Locale.of("", code);
            codes.put(key(country.getDisplayCountry(Locale.ENGLISH)), code);
            codes.put(country.getISO3Country(), code);
        }
        EVERYDAY.forEach((name, code) -> codes.put(key(name), code));
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
            } else if (countries.size() > 1 && !codes.containsKey(name)) {
                SEVERAL.put(name, countries.stream().sorted().toList());
            }
        });
        EVERYDAY_SEVERAL.forEach((name, countries) -> {
            codes.remove(name);
            SEVERAL.put(name, countries);
        });
        // the codes last: a code always means its own country
        ISO.forEach(code -> codes.put(code, code));
        return Map.copyOf(codes);
    }
}
