package io.keepwarm.platform;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares regions as people type them, as territories match a contact's: case, accents and spacing aside ("Québec ",
 * "quebec"), and in the United States, Canada, Australia and Germany a state or province by its code or any of its
 * names, as {@link CountryZones}' table knows them ("CA", "California"; "BY", "Bavaria", "Bayern"). A code is read in the
 * contact's country only: "CA" is California for a US contact; for a Canadian, or a contact of no known country, it is
 * just the text "ca".
 */
public final class Regions {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** By country code, the key of each of its regions by their folded code and folded name. */
    private static final Map<String, Map<String, String>> KEYS = keys();
    /** By region key ("US-CA"), its first name in the table ("California"). */
    private static final Map<String, String> NAMES = CountryZones.REGIONS.stream().collect(java.util.stream.Collectors
            .toUnmodifiableMap(r -> r.country() + "-" + r.code(), r -> r.names().getFirst(), (a, b) -> a));

    private Regions() {}

    /**
     * The text as compared: without accents, in lower case, single-spaced and without outer spaces; null for none or
     * only spaces. Territories compare industries so too.
     */
    public static String fold(String text) {
        if (text == null) {
            return null;
        }
        String plain = text.chars().allMatch(c -> c < 128) ? text
                : MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
        // upper then lower case, so "Straße" and "STRASSE" fold alike
        String folded = SPACES.matcher(plain.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return folded.isEmpty() ? null : folded;
    }

    /**
     * Whether two texts name the same region of a contact of this country (a code, name or text as contacts hold
     * it): a state by its code or any name in the countries the region table lists, else the same text as {@link #fold}
     * reads it.
     */
    public static boolean same(String region, String other, String country) {
        String key = key(country, region);
        return key != null && key.equals(key(country, other));
    }

    /**
     * The regions of the table with this code, as "California (US)", in the table's order: what a territory naming the
     * country of the same code (CA, Canada) does not mean.
     */
    public static List<String> withCode(String code) {
        return CountryZones.REGIONS.stream().filter(r -> r.code().equalsIgnoreCase(code))
                .map(r -> r.names().getFirst() + " (" + r.country() + ")").toList();
    }

    /**
     * The region as a territory should name it for a contact of this country: a state of the table by its first name
     * ("ca" in the US: "California", since a territory's "CA" is Canada), else the text as given, trimmed.
     */
    public static String named(String region, String country) {
        String key = key(country, region);
        return key == null ? null : NAMES.getOrDefault(key, region.strip());
    }

    /** "US-CA" for a US state named by code or name, else the folded text ("tyrol"); null for none. */
    static String key(String country, String region) {
        String folded = fold(region);
        if (folded == null) {
            return null;
        }
        String code = Countries.iso2(country);
        Map<String, String> regions = code == null ? null : KEYS.get(code);
        // upper case, so no folded text (lower case) is ever taken for a region's key
        return regions == null ? folded : regions.getOrDefault(folded, folded);
    }

    private static Map<String, Map<String, String>> keys() {
        Map<String, Map<String, String>> keys = new HashMap<>();
        for (CountryZones.Region region : CountryZones.REGIONS) {
            Map<String, String> ofCountry = keys.computeIfAbsent(region.country(), c -> new HashMap<>());
            String key = region.country() + "-" + region.code();
            ofCountry.put(fold(region.code()), key);
            region.names().forEach(name -> ofCountry.put(fold(name), key));
        }
        return Map.copyOf(keys);
    }
}
